import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AmbiguousPortError,
  ComposeDependencyError,
  ComposeFileError,
  ComposeServiceError,
  ComposeUnsupportedError,
  ComposeVariableError,
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  ContainerStateError,
  DockerHelper,
  EngineRequestError,
  EngineUnavailableError,
  ExecNotStartedError,
  ExecTimeoutError,
  Faults,
  HelperTornDownError,
  ImageBuildError,
  ImageDefinition,
  ImageNotFoundError,
  ImagePullError,
  ImagePushError,
  ImageTagError,
  InvalidMountError,
  InvalidOptionError,
  loadCompose,
  NameConflictError,
  NetworkDefinition,
  NetworkNotFoundError,
  OneShotFailedError,
  PortConflictError,
  PortNotPublishedError,
  SeaworthyError,
  StructureConfigError,
  structureTest,
  TeardownError,
  tagAndPush,
  VolumeDefinition,
  WaitAbortedError,
  WaitTimeoutError,
  waitFor,
} from '../../../src/index.js';
import { KafkaDefinition } from '../../../src/kafka.js';
import { builtImagesOf } from '../../../src/resources/images/image-setup.js';
import { SchemaRegistryDefinition } from '../../../src/schema-registry.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

/**
 * One row per kind of bad input: each gets a typed error with a stable code
 * and a message that says what to do, and leaves nothing behind. Each case
 * runs in a helper of its own, and afterwards that helper's namespace holds
 * exactly what it held before the bad call (usually nothing).
 */
let helper: DockerHelper;
let before: Awaited<ReturnType<typeof resourcesOf>>;

beforeEach(async () => {
  helper = await DockerHelper.create();
  before = await resourcesOf(helper);
});

afterEach(async () => {
  if (!helper.isTornDown) await helper.teardown().catch(() => undefined);
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

async function caught(action: () => unknown): Promise<SeaworthyError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(SeaworthyError);
    return error as SeaworthyError;
  }
  throw new Error('expected the call to throw');
}

/** Nothing was left by the failed call: the namespace holds what it held before. */
async function nothingLeft(): Promise<void> {
  const now = await resourcesOf(helper);
  expect(now.containers).toEqual(before.containers);
  expect(now.volumes).toEqual(before.volumes);
}

const logger = fixtureImage('logger');

describe('bad input: a typed error with a code, a message that says what to do, nothing left behind', () => {
  it('1. an unknown image with pulling disabled', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: 'seaworthy-fixture/no-such-image:1', pull: 'never' }).setup(helper),
    );
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.code).toBe('SEAWORTHY_IMAGE_NOT_FOUND');
    expect(error.message).toMatch(/build or (load|pull)|pull/i);
    await nothingLeft();
  });

  it('2. an unknown image whose pull fails (an unreachable registry on 127.0.0.1)', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: '127.0.0.1:1/nothing/here:1', pull: 'missing' }).setup(helper),
    );
    expect(error).toBeInstanceOf(ImagePullError);
    expect(error.code).toBe('SEAWORTHY_IMAGE_PULL_FAILED');
    await nothingLeft();
  });

  it('3. an invalid image reference', async () => {
    const error = await caught(() => new ContainerDefinition('x', { image: 'Not A Valid/Ref!!' }).setup(helper));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/not a valid image reference/);
    await nothingLeft();
  });

  it('4. a port clash on a fixed host port', async () => {
    const first = await new ContainerDefinition('first', {
      image: logger,
      ports: [{ container: 8080, hostPort: 0 }],
    }).setup(helper);
    const taken = first.hostPort(8080);
    const error = await caught(() =>
      new ContainerDefinition('second', { image: logger, ports: [{ container: 8080, hostPort: taken }] }).setup(helper),
    );
    expect(error).toBeInstanceOf(PortConflictError);
    expect(error.code).toBe('SEAWORTHY_PORT_CONFLICT');
    expect(error.message).toContain(String(taken));
    expect((await resourcesOf(helper)).containers).toEqual([first.id]);
  });

  it('5. a bind mount whose source does not exist', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        mounts: [{ type: 'bind', source: '/no/such/dir/on/this/host', target: '/data' }],
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(InvalidMountError);
    expect(error.code).toBe('SEAWORTHY_INVALID_MOUNT');
    await nothingLeft();
  });

  it('6. a bind mount with a relative source', async () => {
    const error = await caught(
      () =>
        new ContainerDefinition('x', { image: logger, mounts: [{ type: 'bind', source: 'data', target: '/data' }] }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    await nothingLeft();
  });

  it('7. a network that does not exist', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: logger, networks: [{ network: 'sw-no-such-network' }] }).setup(helper),
    );
    expect(error).toBeInstanceOf(NetworkNotFoundError);
    expect(error.code).toBe('SEAWORTHY_NETWORK_NOT_FOUND');
    expect(error.message).toMatch(/sw-no-such-network.*does not exist/);
    await nothingLeft();
  });

  it('8. a volume still in use by a container seaworthy does not own, at teardown', async () => {
    const volume = await new VolumeDefinition('data').setup(helper);
    // A container outside the helper keeps using the volume.
    const outsider = await helper.engine.createContainer(`${helper.namespace}-outsider`, {
      Image: logger,
      HostConfig: { Mounts: [{ Type: 'volume', Source: volume.name, Target: '/data' }] },
    });
    try {
      const error = await caught(() => helper.teardown());
      expect(error).toBeInstanceOf(TeardownError);
      expect(error.code).toBe('SEAWORTHY_TEARDOWN_FAILED');
      expect(error.message).toContain(volume.name);
    } finally {
      await helper.engine.removeContainer(outsider);
      // The failed teardown left the helper's watchdog removing what is left, for a minute: once the
      // outsider is gone it may take the volume first, so "already gone" (404) counts as removed here.
      await helper.engine.removeResource('volume', volume.name);
    }
  });

  it('9. env values that are not strings', async () => {
    const error = await caught(
      () => new ContainerDefinition('x', { image: logger, env: { PORT: 5432 as unknown as string } }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/env/);
    await nothingLeft();
  });

  it('10. a log pattern that never matches', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        wait: waitFor.logLine(/this line never comes/),
        // Long enough for a tick to be logged on a busy machine.
        startupTimeoutMs: 5_000,
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastLogLines).toContainEqual(expect.stringMatching(/tick/));
    await nothingLeft();
  });

  it('11. a zero timeout', async () => {
    const error = await caught(() => new ContainerDefinition('x', { image: logger, startupTimeoutMs: 0 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/startupTimeoutMs/);
  });

  it('12. a negative timeout', async () => {
    expect(await caught(() => new ContainerDefinition('x', { image: logger, stopTimeoutMs: -5 }))).toBeInstanceOf(
      InvalidOptionError,
    );
    expect(await caught(() => waitFor.logLine('x', { timeoutMs: -1 }))).toBeInstanceOf(InvalidOptionError);
  });

  it('13. an exec of a missing binary', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    const error = await caught(() => box.exec(['no-such-program', '--help']));
    expect(error).toBeInstanceOf(ExecNotStartedError);
    expect(error.code).toBe('SEAWORTHY_EXEC_NOT_STARTED');
    expect(error.message).toMatch(/executable file not found/);
    // A shell that runs and reports "not found" is a result, not this error.
    expect((await box.exec(['sh', '-c', 'no-such-program'])).exitCode).toBe(127);
  });

  it('14. an HTTP wait on a port the container does not publish', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: logger, wait: waitFor.http({ port: 8080, path: '/' }) }).setup(helper),
    );
    expect(error).toBeInstanceOf(PortNotPublishedError);
    expect(error.message).toMatch(/ports/);
    await nothingLeft();
  });

  it('15. a container that exits 0 immediately while it is waited on', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        command: ['true'],
        entrypoint: [],
        wait: waitFor.logLine('ready'),
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect((error as ContainerExitedError).exitCode).toBe(0);
    await nothingLeft();
  });

  it('16. a container killed for running out of memory', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        memoryBytes: 16 * 1024 * 1024,
        entrypoint: [
          'sh',
          '-c',
          'echo allocating; head -c 200000000 /dev/zero | tail -c 1 >/dev/null; x=$(head -c 100000000 /dev/zero | tr "\\000" a); echo survived',
        ],
        wait: waitFor.logLine('never'),
        startupTimeoutMs: 20_000,
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect((error as ContainerExitedError).oomKilled).toBe(true);
    expect(error.message).toMatch(/out of memory/);
    await nothingLeft();
  });

  it('17. two definitions with the same name in one helper', async () => {
    await new ContainerDefinition('twin', { image: logger }).setup(helper);
    const error = await caught(() => new ContainerDefinition('twin', { image: logger }).setup(helper));
    expect(error).toBeInstanceOf(NameConflictError);
    expect(error.code).toBe('SEAWORTHY_NAME_CONFLICT');
    expect((await resourcesOf(helper)).containers).toHaveLength(1);
  });

  it('18. the same definition set up twice gives the same container, not a second one', async () => {
    const definition = new ContainerDefinition('once', { image: logger });
    const [a, b] = await Promise.all([definition.setup(helper), definition.setup(helper)]);
    expect(a.id).toBe(b.id);
    expect((await resourcesOf(helper)).containers).toEqual([a.id]);
  });

  it('19. teardown twice, of a container and of the helper, is harmless', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    await box.teardown();
    await box.teardown();
    await helper.teardown();
    await helper.teardown();
  });

  it('20. a helper used after teardown', async () => {
    await helper.teardown();
    const error = await caught(() => new ContainerDefinition('late', { image: logger }).setup(helper));
    expect(error).toBeInstanceOf(HelperTornDownError);
    expect(error.code).toBe('SEAWORTHY_HELPER_TORN_DOWN');
  });

  it('21. no engine at the address given', async () => {
    const error = await caught(() => DockerHelper.create({ engine: { host: 'unix:///tmp/seaworthy-no-engine.sock' } }));
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(error.message).toMatch(/seaworthy-no-engine\.sock/);
  });

  it('22. a misspelt option gets the nearest known name', async () => {
    const error = await caught(
      () => new ContainerDefinition('x', { image: logger, comand: ['x'] } as unknown as { image: string }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/command/);
  });

  it('23. a definition name that is not a valid container name', async () => {
    expect(await caught(() => new ContainerDefinition('has spaces', { image: logger }))).toBeInstanceOf(
      InvalidOptionError,
    );
  });

  it('24. the host port of a port that was not published', async () => {
    const box = await new ContainerDefinition('x', { image: logger, ports: [8080] }).setup(helper);
    const error = await caught(() => box.hostPort(9999));
    expect(error).toBeInstanceOf(PortNotPublishedError);
    expect(error.message).toMatch(/8080/);
  });

  it('25. an exec in a container that has stopped', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    await box.stop();
    const error = await caught(() => box.exec(['true']));
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect(error.code).toBe('SEAWORTHY_CONTAINER_NOT_RUNNING');
  });

  it('26. a memory limit too small to start a container', async () => {
    expect(await caught(() => new ContainerDefinition('x', { image: logger, memoryBytes: 1024 }))).toBeInstanceOf(
      InvalidOptionError,
    );
  });

  it('27. a wait cancelled by its caller', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await caught(() => box.waitFor(waitFor.logLine('never'), { signal: controller.signal }));
    expect(error).toBeInstanceOf(WaitAbortedError);
  });

  it('28. a health wait on an image without a healthcheck', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: logger, wait: waitFor.healthy(), startupTimeoutMs: 5_000 }).setup(helper),
    );
    expect(error.code).toBe('SEAWORTHY_HEALTHCHECK');
    expect(error.message).toMatch(/has no healthcheck/);
    await nothingLeft();
  });

  it('29. an exec command that is not an array of strings', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    expect(await caught(() => box.exec('ls -l' as unknown as string[]))).toBeInstanceOf(InvalidOptionError);
  });

  it('30. a DOCKER_HOST with a scheme seaworthy does not speak', async () => {
    // ssh:// is spoken since issue 18; a Windows named pipe is not (and is never dialled here).
    const error = await caught(() => DockerHelper.create({ engine: { host: 'npipe:////./pipe/docker_engine' } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/npipe:.*use unix:\/\/, tcp:\/\/ or ssh:\/\//);
  });

  // Waits (issue 13): one-shot containers, HTTPS and request options.
  it('31. a one-shot container that exits with a code other than 0', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', { image: fixtureImage('early-exit'), wait: waitFor.successfulExit() }).setup(helper),
    );
    expect(error).toBeInstanceOf(OneShotFailedError);
    expect((error as OneShotFailedError).exitCode).toBe(3);
    expect(error.message).toMatch(/expects it to exit with code 0/);
    await nothingLeft();
  });

  it('32. an HTTP wait given both a CA and insecure: true', async () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        ports: [8443],
        wait: waitFor.http({ port: 8443, ca, insecure: true }),
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/not both/);
    await nothingLeft();
  });

  it('33. an HTTP wait with a body on GET, or a method it does not know', async () => {
    expect(await caught(() => waitFor.http({ port: 80, body: 'x' }))).toBeInstanceOf(InvalidOptionError);
    const error = await caught(() => waitFor.http({ port: 80, method: 'FETCH' as 'GET' }));
    expect(error.message).toMatch(/GET, HEAD, POST/);
    await nothingLeft();
  });

  it('34. a one-shot wait inside waitFor.all()', async () => {
    const error = await caught(() => waitFor.all(waitFor.logLine('x'), waitFor.successfulExit()));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/must be the whole wait/);
  });

  // Lifecycle, files, networks, host options, exec and faults (issue 13).
  it('35. a lifecycle step in the wrong state: pause() on a stopped container', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    await box.stop({ timeoutMs: 0 });
    const error = await caught(() => box.pause());
    expect(error).toBeInstanceOf(ContainerStateError);
    expect(error.message).toMatch(/it is stopped/);
    expect(error.message).toMatch(/start\(\)/);
  });

  it('36. a file to copy in whose host source does not exist', async () => {
    const error = await caught(() =>
      new ContainerDefinition('x', {
        image: logger,
        files: [{ source: '/no/such/seaworthy/file', target: '/etc/app.conf' }],
      }).setup(helper),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/no\/such\/seaworthy\/file/);
    await nothingLeft();
  });

  it('37. a file to copy in with a relative target or a mode out of range', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    expect(await caught(() => box.copyIn({ content: 'x', target: 'etc/app.conf' }))).toBeInstanceOf(InvalidOptionError);
    const error = await caught(() => box.copyIn({ content: 'x', target: '/etc/app.conf', mode: 0o17777 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/copyIn/);
  });

  it('38. a network whose gateway is outside its subnet', async () => {
    const error = await caught(
      () => new NetworkDefinition('backend', { ipam: { subnet: '10.213.7.0/24', gateway: '10.213.8.1' } }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/gateway/);
    await nothingLeft();
  });

  it('39. host options the engine would refuse: an unknown capability, soft ulimit above hard', async () => {
    const cap = await caught(() => new ContainerDefinition('x', { image: logger, capAdd: ['NET_ADMINN'] }));
    expect(cap).toBeInstanceOf(InvalidOptionError);
    expect(cap.message).toMatch(/NET_ADMIN/);
    const ulimit = await caught(
      () => new ContainerDefinition('x', { image: logger, ulimits: { nofile: { soft: 2048, hard: 1024 } } }),
    );
    expect(ulimit).toBeInstanceOf(InvalidOptionError);
    expect(ulimit.message).toMatch(/soft/);
    await nothingLeft();
  });

  it('40. an exec that outlives its timeoutMs', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    const error = await caught(() => box.exec(['sleep', '300'], { timeoutMs: 1_000 }));
    expect(error).toBeInstanceOf(ExecTimeoutError);
    expect(error.message).toMatch(/sleep/);
    expect(await caught(() => box.exec(['true'], { timeoutMs: -1 }))).toBeInstanceOf(InvalidOptionError);
  });

  it('41. a network fault with a bad value: loss above 100 %', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    const error = await caught(() => new Faults(helper).loss(box, { percent: 150 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/above 100/);
    // No sidecar was made for it.
    expect((await resourcesOf(helper)).containers).toHaveLength(1);
  });

  it('42. firstHostPort() on a container that publishes two ports', async () => {
    const box = await new ContainerDefinition('x', { image: logger, ports: [8080, 9090] }).setup(helper);
    const error = await caught(() => box.firstHostPort());
    expect(error).toBeInstanceOf(AmbiguousPortError);
    expect(error.message).toMatch(/8080/);
  });

  // Images (issue 14): building. Checked before the engine is asked anything.
  async function buildContext(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'sw-bad-build-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  /** Setting `definition` up fails before any engine call, and so does a container built from it. */
  async function failsBeforeEngine(definition: ImageDefinition): Promise<SeaworthyError> {
    const find = vi.spyOn(helper.engine, 'findImage');
    const build = vi.spyOn(helper.engine, 'buildImage');
    try {
      const error = await caught(() => definition.setup(helper));
      await caught(() => new ContainerDefinition('x', { image: definition }).setup(helper));
      expect(find).not.toHaveBeenCalled();
      expect(build).not.toHaveBeenCalled();
      await nothingLeft();
      return error;
    } finally {
      find.mockRestore();
      build.mockRestore();
    }
  }

  it('43. an image definition whose context folder does not exist', async () => {
    const error = await failsBeforeEngine(new ImageDefinition('app', { context: '/no/such/seaworthy/context' }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('app.context');
    expect(error.message).toMatch(/does not exist/);
  });

  it('44. a Dockerfile missing from the context, or outside it', async () => {
    const context = await buildContext({ 'sub/Dockerfile': 'FROM debian:bookworm-slim\n', 'app.txt': 'x' });
    try {
      const missing = await failsBeforeEngine(new ImageDefinition('app', { context }));
      expect(missing).toBeInstanceOf(InvalidOptionError);
      expect((missing as InvalidOptionError).option).toBe('app.dockerfile');
      expect(missing.message).toMatch(/no Dockerfile/);
      const outside = await failsBeforeEngine(
        new ImageDefinition('app', { context: join(context, 'sub'), dockerfile: '../app.txt' }),
      );
      expect(outside).toBeInstanceOf(InvalidOptionError);
      expect(outside.message).toMatch(/outside the context/);
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  });

  it('45. a target that is not a stage of the Dockerfile', async () => {
    const context = await buildContext({ Dockerfile: 'FROM debian:bookworm-slim AS base\nRUN true\n' });
    try {
      const error = await failsBeforeEngine(new ImageDefinition('app', { context, target: 'tests' }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('app.target');
      expect(error.message).toMatch(/AS tests/);
    } finally {
      await rm(context, { recursive: true, force: true });
    }
    // Given as text, the Dockerfile is checked when the definition is made.
    const inline = await caught(
      () => new ImageDefinition('app', { dockerfileContent: 'FROM debian:bookworm-slim\n', target: 'tests' }),
    );
    expect(inline).toBeInstanceOf(InvalidOptionError);
  });

  it('46. a bad tag reference or build argument name', async () => {
    const dockerfileContent = 'FROM debian:bookworm-slim\n';
    const tag = await caught(() => new ImageDefinition('app', { dockerfileContent, tags: ['Registry/App:1'] }));
    expect(tag).toBeInstanceOf(InvalidOptionError);
    expect((tag as InvalidOptionError).option).toBe('app.tags[0]');
    expect(tag.message).toMatch(/repository\[:tag\]/);
    const arg = await caught(() => new ImageDefinition('app', { dockerfileContent, args: { 'NO-DASH': 'x' } }));
    expect(arg).toBeInstanceOf(InvalidOptionError);
    expect(arg.message).toMatch(/build argument name/);
    await nothingLeft();
  });

  it('47. a build whose RUN step fails', async () => {
    const name = `failing-${Math.random().toString(36).slice(2, 8)}`;
    const definition = new ImageDefinition(name, {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo checking; exit 3\n',
      progress: 'quiet',
    });
    const error = await caught(() => new ContainerDefinition('x', { image: definition }).setup(helper));
    expect(error).toBeInstanceOf(ImageBuildError);
    expect(error.message).toMatch(/Step 2\/\d+ : RUN echo checking; exit 3/);
    expect((error as ImageBuildError).lastLines).toContain('checking');
    expect(error.message).toMatch(/Fix the Dockerfile/);
    expect(await builtImagesOf(helper.engine, name)).toEqual([]);
    await nothingLeft();
  });

  it('48. a structure-test config with a value of the wrong type or an unknown key', async () => {
    const wrongType = await caught(() =>
      structureTest(helper, logger, {
        schemaVersion: '2.0.0',
        commandTests: [
          { name: 'a', command: 'ls' },
          { name: 'b', command: 'ls', expectedOutput: 'ok' },
        ],
      }),
    );
    expect(wrongType).toBeInstanceOf(StructureConfigError);
    expect(wrongType.code).toBe('SEAWORTHY_STRUCTURE_CONFIG');
    expect(wrongType.message).toMatch(/`commandTests\[1\]\.expectedOutput`: expected a list/);
    const unknown = await caught(() => structureTest(helper, logger, { schemaVersion: '2.0.0', metadataTests: {} }));
    expect(unknown.message).toMatch(/`metadataTests`: unknown key \(known here: .*metadataTest/);
    await nothingLeft();
  });

  it('49. structureTest() with bad options: concurrency 0, a negative commandTimeoutMs', async () => {
    const config = { schemaVersion: '2.0.0', commandTests: [{ name: 'a', command: 'ls' }] };
    const concurrency = await caught(() => structureTest(helper, logger, config, { concurrency: 0 }));
    expect(concurrency).toBeInstanceOf(InvalidOptionError);
    expect(concurrency.message).toMatch(/`concurrency`/);
    const timeout = await caught(() => structureTest(helper, logger, config, { commandTimeoutMs: -1 }));
    expect(timeout).toBeInstanceOf(InvalidOptionError);
    expect(timeout.message).toMatch(/`commandTimeoutMs`/);
    await nothingLeft();
  });

  // tag, push and commit (issue 14)
  it('50. tagAndPush with versionSemver but no version', async () => {
    const error = await caught(() => tagAndPush(helper, [logger], { versionSemver: true, tags: ['x'] }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('versionSemver');
    expect(await helper.engine.findImage('seaworthy-fixture/logger:x')).toBeUndefined();
  });

  it('51. tagAndPush of an image the engine does not have', async () => {
    const error = await caught(() =>
      tagAndPush(helper, [logger, 'seaworthy-fixture/no-such-image:1'], { tags: ['bad-input-61'], mode: 'quiet' }),
    );
    expect(error).toBeInstanceOf(ImageTagError);
    expect(error.message).toMatch(
      /could not tag 'seaworthy-fixture\/no-such-image:1'.*Check that the source image is on the engine/,
    );
    // Nothing was tagged, not even the image that exists.
    expect(await helper.engine.findImage('seaworthy-fixture/logger:bad-input-61')).toBeUndefined();
  });

  it('52. a push to a registry address where nothing listens', async () => {
    const reference = '127.0.0.1:1/seaworthy-fixture/logger:bad-input-62';
    try {
      const error = await caught(() =>
        tagAndPush(helper, [logger], { registry: '127.0.0.1:1', tags: ['bad-input-62'], mode: 'quiet' }),
      );
      expect(error).toBeInstanceOf(ImagePushError);
      expect(error).toMatchObject({ reference, failure: 'unreachable' });
      expect(error.message).toMatch(/connection refused.*Check the registry address 127\.0\.0\.1:1/);
    } finally {
      await helper.engine.removeImage(reference).catch(() => undefined);
    }
  });

  it('53. a commit with an instruction a commit cannot apply (RUN)', async () => {
    const box = await new ContainerDefinition('x', { image: logger }).setup(helper);
    const error = await caught(() => box.commit({ repository: 'seaworthy-bad-input/commit', changes: ['RUN true'] }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('commit.changes[0]');
    expect(await helper.engine.findImage('seaworthy-bad-input/commit:latest')).toBeUndefined();
  });

  // volumesFrom and expose (issue 15)
  it('54. a volumesFrom entry that is no started container, or an empty name', async () => {
    const definition = new ContainerDefinition('owner', { image: logger });
    const unstarted = await caught(
      () =>
        new ContainerDefinition('x', {
          image: logger,
          volumesFrom: [{ container: definition as unknown as { id: string } }],
        }),
    );
    expect(unstarted).toBeInstanceOf(InvalidOptionError);
    expect((unstarted as InvalidOptionError).option).toBe('x.volumesFrom[0].container');
    expect(unstarted.message).toMatch(/a container definition has no container yet; pass the handle/);
    const empty = await caught(
      () => new ContainerDefinition('x', { image: logger, volumesFrom: [{ container: 'a' }, { container: ' ' }] }),
    );
    expect((empty as InvalidOptionError).option).toBe('x.volumesFrom[1].container');
    // A name the engine does not know can only be found out at create: the engine's refusal, nothing left.
    const missing = await caught(() =>
      new ContainerDefinition('x', { image: logger, volumesFrom: [{ container: 'seaworthy-no-such-owner' }] }).setup(
        helper,
      ),
    );
    expect(missing).toBeInstanceOf(EngineRequestError);
    expect(missing.message).toMatch(/No such container: seaworthy-no-such-owner/);
    await nothingLeft();
  });

  it('55. an expose entry that is no port, or expose with networkMode container', async () => {
    const bad = await caught(() => new ContainerDefinition('x', { image: logger, expose: [8080, '80/ftp' as '80'] }));
    expect(bad).toBeInstanceOf(InvalidOptionError);
    expect((bad as InvalidOptionError).option).toBe('x.expose[1]');
    // A handle-shaped reference is enough: the check needs no engine.
    const owner = { id: 'f00d' };
    const shared = await caught(
      () => new ContainerDefinition('x', { image: logger, networkMode: { container: owner }, expose: [8080] }),
    );
    expect((shared as InvalidOptionError).option).toBe('x.expose');
    expect(shared.message).toMatch(/networkMode container:f00d: the container uses that container's network stack/);
    await nothingLeft();
  });
  // Compose files and stacks (issue 15): each file is written to a temp folder first.
  async function composeFile(text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'bad-input-compose-'));
    const file = join(dir, 'docker-compose.yml');
    await writeFile(file, text);
    return file;
  }

  it('56. a compose file with a misspelt key', async () => {
    const file = await composeFile(`services:\n  api:\n    imgae: ${logger}\n`);
    const error = await caught(() => loadCompose(file));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_INVALID', file, service: 'api' });
    expect(error.message).toContain('imgae');
    await nothingLeft();
  });

  it("57. a compose key seaworthy does not support (a service's secrets)", async () => {
    const file = await composeFile(
      `services:\n  api:\n    image: ${logger}\n    secrets: [token]\nsecrets:\n  token:\n    file: ./token.txt\n`,
    );
    const error = await caught(() => loadCompose(file));
    expect(error).toBeInstanceOf(ComposeUnsupportedError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_UNSUPPORTED', file });
    expect((error as ComposeUnsupportedError).key).toMatch(/secrets/);
    expect(error.message).toMatch(/remove|override|createOverrides/i);
    await nothingLeft();
  });

  it('58. a required compose variable that is not set', async () => {
    const file = await composeFile(
      `services:\n  api:\n    image: ${logger}\n    environment:\n      DB_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD for the tests}\n`,
    );
    const error = await caught(() => loadCompose(file, { env: {}, envFile: false }));
    expect(error).toBeInstanceOf(ComposeVariableError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_VARIABLE', file, variable: 'DB_PASSWORD' });
    expect(error.message).toContain('set DB_PASSWORD for the tests');
    await nothingLeft();
  });

  it('59. stack waits keyed by a service the files do not define', async () => {
    const file = await composeFile(`services:\n  api:\n    image: ${logger}\n`);
    const error = await caught(() => loadCompose(file).stack({ waits: { apii: waitFor.logLine('ready') } }));
    expect(error).toBeInstanceOf(ComposeServiceError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_SERVICE', service: 'apii' });
    expect(error.message).toContain('api');
    await nothingLeft();
  });

  it('60. depends_on service_healthy on a service with no healthcheck', async () => {
    const file = await composeFile(
      `services:\n  db:\n    image: ${logger}\n  api:\n    image: ${logger}\n    depends_on:\n      db:\n        condition: service_healthy\n`,
    );
    const error = await caught(() => loadCompose(file).stack().setup(helper));
    const dependency = error instanceof ComposeDependencyError ? error : (error.cause as SeaworthyError);
    expect(dependency).toBeInstanceOf(ComposeDependencyError);
    expect(dependency).toMatchObject({ dependant: 'api', dependency: 'db', condition: 'service_healthy' });
    expect(dependency.message).toMatch(/healthcheck/);
    await nothingLeft();
  });

  it('61. a schema registry without its broker, with an unknown flavor or compatibility level', async () => {
    const kafka = new KafkaDefinition();
    const cases: [string, () => unknown][] = [
      ['kafka', () => new SchemaRegistryDefinition({} as never)],
      ['flavor', () => new SchemaRegistryDefinition({ kafka, flavor: 'karapace' as never })],
      ['compatibility', () => new SchemaRegistryDefinition({ kafka, compatibility: 'STRICT' as never })],
    ];
    for (const [option, make] of cases) {
      const error = await caught(make);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.code).toBe('SEAWORTHY_INVALID_OPTION');
      expect((error as InvalidOptionError).option).toBe(option);
    }
    expect((await caught(cases[0]?.[1] ?? (() => undefined))).message).toMatch(
      /new SchemaRegistryDefinition\(\{ kafka \}\)/,
    );
    await nothingLeft();
  });

  it('62. register() with an empty subject or an unknown schemaType', async () => {
    const registry = await new SchemaRegistryDefinition({ kafka: new KafkaDefinition() }).setup(helper);
    const running = await resourcesOf(helper);
    const empty = await caught(() => registry.register('', { type: 'string' }));
    expect(empty).toBeInstanceOf(InvalidOptionError);
    expect((empty as InvalidOptionError).option).toBe('subject');
    expect(empty.message).toMatch(/orders-value/);
    const badType = await caught(() => registry.register('users-value', '{}', { schemaType: 'XML' as never }));
    expect(badType).toBeInstanceOf(InvalidOptionError);
    expect((badType as InvalidOptionError).option).toBe('schemaType');
    expect(await registry.subjects()).toEqual([]);
    expect(await resourcesOf(helper)).toEqual(running);
  });
});
