import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContainerDefinition, readFile, statFile } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

/**
 * seaworthy-fixture/noshell has no shell and no tar: one static binary run
 * by its full path, and an /etc/passwd and /etc/group naming `app` and
 * `staff`. Copies go through the engine's archive endpoint, so they work all
 * the same; nothing here runs a command in the container.
 */
const file = useFileHelper();
let host: string;

beforeAll(() => {
  host = mkdtempSync(join(tmpdir(), 'seaworthy-no-shell-'));
  mkdirSync(join(host, 'bundle/nested'), { recursive: true });
  writeFileSync(join(host, 'bundle/a.txt'), 'a');
  writeFileSync(join(host, 'bundle/nested/b.txt'), 'b');
});
afterAll(() => rmSync(host, { recursive: true, force: true }));

describe('files in an image with no shell', () => {
  it('has no shell to use, so what follows owes nothing to one', async () => {
    const container = await new ContainerDefinition('noshell-check', { image: fixtureImage('noshell') }).setup(
      file.helper,
    );
    expect(await statFile(container, '/bin/sh')).toBeUndefined();
    expect(await statFile(container, '/bin')).toBeUndefined();
  });

  it("puts a definition's files in place before the entrypoint runs", async () => {
    const container = await new ContainerDefinition('noshell-entrypoint', {
      image: fixtureImage('noshell'),
      command: ['/busybox', 'cat', '/config/x'],
      files: [{ content: 'seen by the entrypoint\n', target: '/config/x', owner: 'app' }],
    }).setup(file.helper);
    await vi.waitFor(async () => expect(await container.exitCode()).toBe(0), { timeout: 30_000, interval: 100 });
    expect((await container.logs()).stdout.toString()).toBe('seen by the entrypoint\n');
    expect(await statFile(container, '/config/x')).toMatchObject({ uid: 1000, gid: 1000, owner: 'app' });
  });

  it('copies in with owners looked up by name, and copies back out', async () => {
    const container = await new ContainerDefinition('noshell-copies', { image: fixtureImage('noshell') }).setup(
      file.helper,
    );
    await container.copyIn([
      { content: 'token', target: '/run/secrets/token', mode: 0o600, owner: 'app:staff' },
      { source: join(host, 'bundle'), target: '/opt/bundle', owner: 1000 },
    ]);
    expect(await statFile(container, '/run/secrets/token')).toMatchObject({
      mode: 0o600,
      uid: 1000,
      gid: 50,
      owner: 'app',
      group: 'staff',
    });
    expect(await statFile(container, '/opt/bundle/nested')).toMatchObject({ type: 'directory', uid: 1000 });
    expect((await readFile(container, '/opt/bundle/nested/b.txt')).toString()).toBe('b');

    const out = join(host, 'out');
    await container.copyOut('/opt/bundle', join(out, 'bundle'));
    await container.copyOut('/run/secrets/token', join(out, 'token'));
    expect(readdirSync(join(out, 'bundle'), { recursive: true }).sort()).toEqual(['a.txt', 'nested', 'nested/b.txt']);
    expect(readFileSync(join(out, 'token'), 'utf8')).toBe('token');
  });
});
