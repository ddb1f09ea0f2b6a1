import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BindNotSharedError,
  type Container,
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  VolumeDefinition,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf, useFileHelper } from '../../support/helper.js';

/**
 * Bind mounts from a sibling runner, on the real engine, without leaving this
 * machine: a stand-in "runner" container with a bind of a host folder, a
 * volume and a tmpfs, and a helper told (SEAWORTHY_RUNNER_CONTAINER) that
 * this process runs in it. That helper's connection decides `sibling` and
 * rewrites bind sources through the stand-in's mounts. (The real thing, a
 * test process inside a sibling container, is scripts/topology-sibling.sh.)
 */
const file = useFileHelper();
const httpd = fixtureImage('httpd');
let hostDir: string;
let runner: Container;
let sibling: DockerHelper;

beforeAll(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'seaworthy-sibling-binds-'));
  runner = await new ContainerDefinition('runner', {
    image: httpd,
    command: ['sleep', 'infinity'],
    mounts: [
      { type: 'bind', source: hostDir, target: '/shared' },
      { type: 'volume', source: new VolumeDefinition('builds'), target: '/builds' },
      { type: 'tmpfs', target: '/scratch' },
    ],
  }).setup(file.helper);
  sibling = await DockerHelper.create({
    engine: { env: { ...process.env, SEAWORTHY_RUNNER_CONTAINER: runner.id } },
  });
});

afterAll(async () => {
  await sibling?.teardown();
  await rm(hostDir, { recursive: true, force: true });
});

/** A one-shot container of the sibling helper that runs `script` with `options`' binds. */
function oneShot(name: string, script: string, options: Pick<ContainerOptions, 'mounts' | 'createOverrides'>) {
  return new ContainerDefinition(name, {
    image: httpd,
    command: ['sh', '-c', script],
    wait: waitFor.successfulExit(),
    ...options,
  }).setup(sibling);
}

describe('bind mounts from a sibling runner', () => {
  it("finds the runner's container and lists its mounts", async () => {
    expect(sibling.engine.hostResolution.decision.topology).toBe('sibling');
    const mounts = await sibling.engine.runnerMounts();
    expect(mounts?.map((m) => [m.destination, m.type]).sort()).toEqual([
      ['/builds', 'volume'],
      ['/scratch', 'tmpfs'],
      ['/shared', 'bind'],
    ]);
    // The helper that started the stand-in is on this machine's own topology: nothing to translate.
    expect(await file.helper.engine.runnerMounts()).toBeUndefined();
  });

  it("rewrites a path under the runner's bind mount to the host folder", async () => {
    await mkdir(join(hostDir, 'out'));
    const writer = await oneShot('bind-writer', 'echo from the container > /out/file.txt', {
      mounts: [{ type: 'bind', source: '/shared/out', target: '/out' }],
    });
    expect(await readFile(join(hostDir, 'out', 'file.txt'), 'utf8')).toBe('from the container\n');
    expect((await writer.inspect()).mounts.find((m) => m.target === '/out')?.source).toBe(join(hostDir, 'out'));
  });

  it("rewrites a path under the runner's volume to the volume's folder, also in createOverrides Binds", async () => {
    expect(
      (await runner.exec(['sh', '-c', 'mkdir -p /builds/app && echo from the runner > /builds/app/in.txt'])).exitCode,
    ).toBe(0);
    const copier = await oneShot('volume-copier', 'cat /in/in.txt > /out/copy.txt', {
      mounts: [{ type: 'bind', source: '/builds/app', target: '/out' }],
      createOverrides: { HostConfig: { Binds: ['/builds/app:/in:ro'] } },
    });
    expect((await runner.exec(['cat', '/builds/app/copy.txt'])).stdout).toBe('from the runner\n');
    const source = (await copier.inspect()).mounts.find((m) => m.target === '/in')?.source;
    expect(source).toMatch(/\/volumes\/.*_builds\/_data\/app$/);
  });

  it('refuses a path in no mount of the runner, and one on its tmpfs, before creating anything', async () => {
    const before = (await resourcesOf(sibling)).containers;
    const own = await oneShot('own-path', 'true', {
      mounts: [{ type: 'bind', source: '/srv/data', target: '/data' }],
    }).catch((error: unknown) => error);
    expect(own).toBeInstanceOf(BindNotSharedError);
    expect(own).toMatchObject({
      code: 'SEAWORTHY_BIND_NOT_SHARED',
      path: '/srv/data',
      field: 'HostConfig.Mounts[0], target /data',
    });
    expect((own as Error).message).toMatch(/no mount of the runner covers it/);
    expect([...(own as BindNotSharedError).runnerMounts].sort()).toEqual([
      expect.stringMatching(/^\/builds \(volume .*_builds\)$/),
      '/scratch (tmpfs)',
      `/shared (bind of ${hostDir})`,
    ]);
    const tmpfs = await oneShot('tmpfs-path', 'true', {
      createOverrides: { HostConfig: { Binds: ['/scratch/x:/x'] } },
    }).catch((error: unknown) => error);
    expect(tmpfs).toBeInstanceOf(BindNotSharedError);
    expect((tmpfs as Error).message).toMatch(
      /\/scratch\/x \(HostConfig\.Binds\[0\]\).*it is on a tmpfs mount of the runner/,
    );
    expect((await resourcesOf(sibling)).containers).toEqual(before);
  });
});
