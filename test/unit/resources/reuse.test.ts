import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claim, newHolderToken, reuseFiles, unclaim } from '../../../src/cleanup/reuse-files.js';
import { ContainerDefinition, InvalidOptionError, NetworkDefinition, VolumeDefinition } from '../../../src/index.js';
import { PostgresDefinition } from '../../../src/postgres.js';
import {
  assertReusable,
  keyMaterial,
  reuseKey,
  reuseNameKey,
  reuseNamespace,
} from '../../../src/resources/reuse/reuse-key.js';
import { DEFAULT_REUSE_IDLE_MS, resolveReuse } from '../../../src/resources/reuse/reuse-options.js';

describe('whether reuse is on', () => {
  it('is on when asked for, outside CI, with a 10 minute idle time by default', () => {
    expect(resolveReuse(true, {})).toMatchObject({ enabled: true, idleMs: DEFAULT_REUSE_IDLE_MS });
    expect(resolveReuse({ idleMs: 5_000 }, {})).toMatchObject({ enabled: true, idleMs: 5_000 });
    expect(resolveReuse(undefined, {}).enabled).toBe(false);
    expect(resolveReuse(false, {}).enabled).toBe(false);
  });

  it('is off in CI unless SEAWORTHY_REUSE=on, and off everywhere with SEAWORTHY_REUSE=off', () => {
    expect(resolveReuse(true, { CI: 'true' }).enabled).toBe(false);
    expect(resolveReuse(true, { CI: '1' }).enabled).toBe(false);
    expect(resolveReuse(true, { CI: 'false' }).enabled).toBe(true);
    expect(resolveReuse(true, { CI: '' }).enabled).toBe(true);
    expect(resolveReuse(true, { CI: 'true', SEAWORTHY_REUSE: 'on' }).enabled).toBe(true);
    expect(resolveReuse(true, { SEAWORTHY_REUSE: 'off' }).enabled).toBe(false);
    expect(resolveReuse(true, { SEAWORTHY_REUSE: '0' }).enabled).toBe(false);
  });

  it('refuses malformed options and environment values', () => {
    expect(() => resolveReuse({ idleMs: 0 }, {})).toThrow(InvalidOptionError);
    expect(() => resolveReuse({ idleMs: 1.5 }, {})).toThrow(/whole number/);
    expect(() => resolveReuse({ idle: 5 } as never, {})).toThrow(/unknown option/);
    expect(() => resolveReuse('yes' as never, {})).toThrow(InvalidOptionError);
    expect(() => resolveReuse(true, { SEAWORTHY_REUSE: 'maybe' })).toThrow(/SEAWORTHY_REUSE/);
  });
});

describe('the reuse key', () => {
  const box = (env: Record<string, string>, name = 'box') =>
    new ContainerDefinition(name, { image: 'seaworthy-fixture/logger:latest', env });

  it('is the same for identical definitions and differs for any difference', async () => {
    const key = (d: ContainerDefinition, engine = 'unix:///var/run/docker.sock') => reuseNameKey(d, engine);
    const base = await key(box({ A: '1' }));
    expect(await key(box({ A: '1' }))).toBe(base);
    expect(await key(box({ A: '2' }))).not.toBe(base);
    expect(await key(box({ A: '1' }, 'other'))).not.toBe(base);
    expect(await key(box({ A: '1' }), 'tcp://10.0.0.1:2376')).not.toBe(base);
    const pg = await key(new PostgresDefinition({ image: 'seaworthy-fixture/postgres:latest' }));
    expect(await key(new PostgresDefinition({ image: 'seaworthy-fixture/postgres:latest' }))).toBe(pg);
    expect(await key(new PostgresDefinition({ image: 'seaworthy-fixture/postgres:latest', password: 'x' }))).not.toBe(
      pg,
    );
  });

  it('adds the image id, and names a namespace from the first 16 hex digits', () => {
    expect(reuseKey('a'.repeat(64), 'sha256:1')).not.toBe(reuseKey('a'.repeat(64), 'sha256:2'));
    expect(reuseNamespace('0123456789abcdef0123')).toBe('sw-reuse-0123456789abcdef');
  });

  it('sees functions by their source and class instances by class and fields', () => {
    expect(keyMaterial({ f: (x: number) => x + 1 })).toEqual({ f: 'function (x) => x + 1' });
    class Wait {
      constructor(readonly line: string) {}
    }
    expect(keyMaterial(new Wait('ready'))).toEqual({ '@class': 'Wait', line: 'ready' });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(keyMaterial(cyclic)).toEqual({ a: 1, self: '[cycle]' });
  });

  it('refuses definitions that use networks or volumes a helper makes for one run', () => {
    const image = 'seaworthy-fixture/logger:latest';
    const net = new NetworkDefinition('net');
    const vol = new VolumeDefinition('vol');
    expect(() => assertReusable(new ContainerDefinition('a', { image, networkMode: net }))).toThrow(
      /network definition/,
    );
    expect(() => assertReusable(new ContainerDefinition('b', { image, networks: [net] }))).toThrow(/networks/);
    expect(() =>
      assertReusable(new ContainerDefinition('c', { image, mounts: [{ type: 'volume', source: vol, target: '/d' }] })),
    ).toThrow(/volume definition/);
    expect(() =>
      assertReusable(
        new ContainerDefinition('d', { image, mounts: [{ type: 'volume', source: 'named', target: '/d' }] }),
      ),
    ).not.toThrow();
  });
});

describe('claims on a reused container', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-reuse-unit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lets one holder at a time claim it, and takes over the claim of a dead process', async () => {
    const files = reuseFiles(dir, 'k1');
    const first = newHolderToken();
    const second = newHolderToken();
    expect(await claim(files, first)).toBe(true);
    expect(await claim(files, second)).toBe(false);
    await unclaim(files, second); // not its claim: nothing changes
    expect(await readFile(files.holder, 'utf8')).toBe(first);
    await unclaim(files, first);
    expect(await claim(files, second)).toBe(true);
    await unclaim(files, second);
    // A claim whose pid no longer runs (pid 2^31 - 2 is never a live process here).
    const { writeFile } = await import('node:fs/promises');
    await writeFile(files.holder, '2147483646 0 dead');
    expect(await claim(files, first)).toBe(true);
  });
});
