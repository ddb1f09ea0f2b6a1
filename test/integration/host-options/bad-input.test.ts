import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  EngineRequestError,
  ImagePlatformMismatchError,
  InvalidOptionError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';
import { hostConfigOf } from './support.js';

/**
 * Host options that can't work. Each bad value is an InvalidOptionError
 * naming the option path, thrown when the definition is made, before any
 * engine call: the helper's namespace stays empty. What only the engine can
 * know (the image's platform, the engine's CPU count) comes back from the
 * create call, which fails, so no container is left either (the helper's
 * own network, made for its first container, stays until teardown).
 */
let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});

afterAll(async () => {
  await helper.teardown();
});

const logger = fixtureImage('logger');
const nothingLeft = { containers: [], networks: [], volumes: [] };

async function rejected(options: Omit<ContainerOptions, 'image'>): Promise<InvalidOptionError> {
  let error: unknown;
  try {
    await new ContainerDefinition('bad', { image: logger, ...options }).setup(helper);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).code).toBe('SEAWORTHY_INVALID_OPTION');
  expect(await resourcesOf(helper)).toEqual(nothingLeft);
  return error as InvalidOptionError;
}

describe('bad host options: InvalidOptionError naming the option, nothing created', () => {
  const cases: [string, Omit<ContainerOptions, 'image'>, string, RegExp][] = [
    ['unknown capability', { capAdd: ['NET_ADMN'] }, 'bad.capAdd[0]', /did you mean 'NET_ADMIN'/],
    ['capability not in a list', { capDrop: 'CHOWN' as never }, 'bad.capDrop', /array of names/],
    ['privileged as a string', { privileged: 'true' as never }, 'bad.privileged', /true or false/],
    [
      'soft ulimit above hard',
      { ulimits: { nofile: { soft: 4096, hard: 1024 } } },
      'bad.ulimits.nofile.soft',
      /above the hard limit/,
    ],
    ['unknown ulimit', { ulimits: { files: 10 } }, 'bad.ulimits.files', /not a resource limit/],
    ['extra host without an address', { extraHosts: { db: 'db.example' } }, 'bad.extraHosts["db"]', /address/],
    ['zero shm size', { shmSizeBytes: 0 }, 'bad.shmSizeBytes', /whole number of bytes/],
    ['negative cpus', { cpus: -1 }, 'bad.cpus', /at least 0\.01/],
    ['cpu shares below 2', { cpuShares: 1 }, 'bad.cpuShares', /from 2/],
    ['cpuset as a number', { cpusetCpus: 0 as never }, 'bad.cpusetCpus', /as a string/],
    ['swap without memory', { memorySwapBytes: 1 << 30 }, 'bad.memorySwapBytes', /needs memoryBytes/],
    ['init as a number', { init: 1 as never }, 'bad.init', /true or false/],
    [
      'sysctl value as a number',
      { sysctls: { 'net.core.somaxconn': 1024 as never } },
      'bad.sysctls["net.core.somaxconn"]',
      /not a string/,
    ],
    ['host-wide sysctl', { sysctls: { 'vm.swappiness': '1' } }, 'bad.sysctls["vm.swappiness"]', /not namespaced/],
    [
      'net sysctl with the host network',
      { networkMode: 'host', sysctls: { 'net.core.somaxconn': '1024' } },
      'bad.sysctls["net.core.somaxconn"]',
      /network mode 'host'/,
    ],
    ['relative tmpfs path', { tmpfs: { run: 'size=1m' } }, 'bad.tmpfs["run"]', /absolute path/],
    ['hostname with an underscore', { hostname: 'my_db' }, 'bad.hostname', /not a host name/],
    ['hostname with the host network', { networkMode: 'host', hostname: 'db' }, 'bad.hostname', /network mode 'host'/],
    ['seccomp profile as a path', { securityOpts: ['seccomp=/etc/profile.json'] }, 'bad.securityOpts[0]', /JSON text/],
    ['unknown security option', { securityOpts: ['no-new-privs'] }, 'bad.securityOpts[0]', /not a security option/],
    [
      'tmpfs path also in mounts',
      { tmpfs: { '/run': '' }, mounts: [{ type: 'tmpfs', target: '/run' }] },
      'bad.tmpfs["/run"]',
      /mounts\[0\]/,
    ],
    ['platform with a space', { platform: 'linux amd64' }, 'bad.platform', /os\[\/arch\[\/variant\]\]/],
    ['platform with four parts', { platform: 'linux/arm64/v8/x' }, 'bad.platform', /not a platform/],
    ['log driver as a string', { logDriver: 'none' as never }, 'bad.logDriver', /\{ type, options\? \}/],
    [
      'log driver option as a number',
      { logDriver: { type: 'json-file', options: { 'max-file': 3 as never } } },
      'bad.logDriver.options["max-file"]',
      /must be a string/,
    ],
  ];
  for (const [label, options, path, message] of cases) {
    it(label, async () => {
      const error = await rejected(options);
      expect(error.option).toBe(path);
      expect(error.message).toMatch(message);
    });
  }
});

describe('platform', () => {
  it("creates the container from the image's own platform when it matches", async () => {
    const image = (await helper.engine.inspectImage(logger)) as unknown as { Os: string; Architecture: string };
    const c = await new ContainerDefinition('native', {
      image: logger,
      platform: `${image.Os}/${image.Architecture}`,
      wait: waitFor.logLine(/^ready$/),
    }).setup(helper);
    expect((await c.exec(['uname', '-m'])).exitCode).toBe(0);
    await c.teardown();
  });

  it('a platform the local image is not gives ImagePlatformMismatchError, with nothing created', async () => {
    const image = (await helper.engine.inspectImage(logger)) as unknown as { Architecture: string };
    const other = image.Architecture === 'arm64' ? 'linux/amd64' : 'linux/arm64';
    const error = await new ContainerDefinition('foreign', { image: logger, platform: other })
      .setup(helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePlatformMismatchError);
    const mismatch = error as ImagePlatformMismatchError;
    expect(mismatch.code).toBe('SEAWORTHY_IMAGE_PLATFORM_MISMATCH');
    expect(mismatch.platform).toBe(other);
    expect(mismatch.actual).toBe(`linux/${image.Architecture}`);
    expect(mismatch.message).toContain(`docker pull --platform ${other}`);
    expect((await resourcesOf(helper)).containers).toEqual([]);
  });
});

describe('what only the engine knows', () => {
  it('more CPUs than the engine has: the engine refuses the create, nothing is left', async () => {
    const error = await new ContainerDefinition('greedy', { image: logger, cpus: 4096 })
      .setup(helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRequestError);
    expect((error as Error).message).toMatch(/range of CPUs/i);
    expect((await resourcesOf(helper)).containers).toEqual([]);
  });
});

describe('log driver', () => {
  it("'local' keeps logs on the engine: logs() reads them", async () => {
    const c = await new ContainerDefinition('local-logs', {
      image: logger,
      logDriver: { type: 'local', options: { 'max-size': '1m' } },
      wait: waitFor.logLine(/^ready$/),
    }).setup(helper);
    expect(await hostConfigOf(helper, c)).toMatchObject({
      LogConfig: { Type: 'local', Config: { 'max-size': '1m' } },
    });
    expect((await c.logs()).stdout.toString()).toContain('greeting: hello');
    await c.teardown();
  });

  it("'none': waits on log lines still match (attached output), but logs() has nothing to read", async () => {
    const c = await new ContainerDefinition('no-logs', {
      image: logger,
      logDriver: { type: 'none' },
      wait: waitFor.logLine(/^ready$/),
    }).setup(helper);
    expect((await hostConfigOf(helper, c)).LogConfig).toMatchObject({ Type: 'none' });
    const error = await c.logs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRequestError);
    expect((error as Error).message).toMatch(/does not support reading/i);
    await c.teardown();
  });

  it('an unknown driver: the engine refuses the create, nothing is left', async () => {
    const error = await new ContainerDefinition('odd-logs', { image: logger, logDriver: { type: 'no-such-driver' } })
      .setup(helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineRequestError);
    expect((error as Error).message).toMatch(/no-such-driver/);
    expect((await resourcesOf(helper)).containers).toEqual([]);
  });
});
