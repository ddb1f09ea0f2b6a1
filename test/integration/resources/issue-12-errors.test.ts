import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerNotRunningError,
  ContainerRemovedError,
  DockerHelper,
  EngineUnavailableError,
  NameConflictError,
  NetworkDefinition,
  NetworkNotFoundError,
  type OutputChunk,
  readFile,
  VolumeDefinition,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();
const logger = fixtureImage('logger');

async function caught(action: () => Promise<unknown>): Promise<Error> {
  try {
    await action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the action to fail');
}

describe('error messages (issue 12)', () => {
  it('NetworkNotFoundError names the network as the definition gave it', async () => {
    const missing = `sw-missing-${randomBytes(4).toString('hex')}`;
    const definition = new ContainerDefinition('lost', {
      image: logger,
      networks: [new NetworkDefinition('present'), { network: missing, aliases: ['lost-alias'] }],
    });
    const error = await caught(() => definition.setup(file.helper));
    expect(error).toBeInstanceOf(NetworkNotFoundError);
    expect((error as NetworkNotFoundError).network).toBe(missing);
    expect(error.message).toContain(`can't join network '${missing}'`);
    expect(await file.leftContainers()).toEqual([]);
  });

  it('ContainerNotRunningError says "not running" once', async () => {
    const container = await new ContainerDefinition('stopped', { image: logger, wait: waitFor.logLine('ready') }).setup(
      file.helper,
    );
    try {
      await container.stop({ timeoutMs: 5_000 });
      const error = await caught(() => container.exec(['true']));
      expect(error).toBeInstanceOf(ContainerNotRunningError);
      expect(error.message).toMatch(/container 'stopped' is not running\. /);
      expect(error.message.match(/not running/g)).toHaveLength(1);
    } finally {
      await container.teardown();
    }
  });

  it('NameConflictError for two definitions with one name in one helper says so', async () => {
    const first = await new ContainerDefinition('twin', { image: logger }).setup(file.helper);
    try {
      const error = await caught(() => new ContainerDefinition('twin', { image: logger }).setup(file.helper));
      expect(error).toBeInstanceOf(NameConflictError);
      expect((error as NameConflictError).sameHelper).toBe(true);
      expect(error.message).toContain("two container definitions named 'twin' in one helper");
      expect(error.message).toContain('give each a unique name');
      expect(error.message).not.toMatch(/another helper|crashed run/i);
    } finally {
      await first.teardown();
    }

    const volume = await new VolumeDefinition('twin-data').setup(file.helper);
    const network = await new NetworkDefinition('twin-net').setup(file.helper);
    try {
      const volumeError = await caught(() => new VolumeDefinition('twin-data').setup(file.helper));
      expect(volumeError).toBeInstanceOf(NameConflictError);
      expect(volumeError.message).toContain("two volume definitions named 'twin-data' in one helper");
      const networkError = await caught(() => new NetworkDefinition('twin-net').setup(file.helper));
      expect(networkError).toBeInstanceOf(NameConflictError);
      expect(networkError.message).toContain("two network definitions named 'twin-net' in one helper");
    } finally {
      await volume.teardown();
      await network.teardown();
    }
  });

  it('NameConflictError against a resource the helper did not make still blames another helper or run', async () => {
    const helper = file.helper;
    const outsider = await helper.engine.createContainer(`${helper.namespace}_squatter`, { Image: logger });
    try {
      const error = await caught(() => new ContainerDefinition('squatter', { image: logger }).setup(helper));
      expect(error).toBeInstanceOf(NameConflictError);
      expect((error as NameConflictError).sameHelper).toBe(false);
      expect(error.message).toMatch(/Another helper with the same namespace/);
    } finally {
      await helper.engine.removeContainer(outsider);
    }
  });
});

describe('a handle after its container was removed (issue 12)', () => {
  it('exec, logs, inspect, followLogs, stop and files throw ContainerRemovedError after teardown()', async () => {
    const container = await new ContainerDefinition('gone', { image: logger, wait: waitFor.logLine('ready') }).setup(
      file.helper,
    );
    await container.teardown();
    const calls: [string, () => Promise<unknown>][] = [
      ['exec', () => container.exec(['true'])],
      ['logs', () => container.logs()],
      ['inspect', () => container.inspect()],
      ['state', () => container.state()],
      ['followLogs', () => container.followLogs()],
      ['stop', () => container.stop()],
      ['readFile', () => readFile(container, '/etc/hostname')],
    ];
    for (const [name, call] of calls) {
      const error = await caught(call);
      expect(error, name).toBeInstanceOf(ContainerRemovedError);
      expect((error as ContainerRemovedError).code, name).toBe('SEAWORTHY_CONTAINER_REMOVED');
      expect(error.message, name).toContain("container 'gone' was removed");
    }
  });

  it('throws ContainerRemovedError after its helper was torn down', async () => {
    const helper = await DockerHelper.create();
    const container = await new ContainerDefinition('orphan', { image: logger }).setup(helper);
    await helper.teardown();
    const error = await caught(() => container.exec(['true']));
    expect(error).toBeInstanceOf(ContainerRemovedError);
    expect(error.message).toContain("container 'orphan' was removed");
  });

  it('maps the engine 404 to ContainerRemovedError when something else removed it', async () => {
    const container = await new ContainerDefinition('vanished', {
      image: logger,
      wait: waitFor.logLine('ready'),
    }).setup(file.helper);
    await file.helper.engine.removeContainer(container.id);
    for (const call of [
      () => container.exec(['true']),
      () => container.logs(),
      () => container.inspect(),
      () => readFile(container, '/etc/hostname'),
    ]) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(ContainerRemovedError);
      expect(error.message).toContain('the engine no longer knows it');
      expect((error as ContainerRemovedError).cause).toBeDefined();
    }
    await container.teardown();
  });
});

describe('followLogs() (issue 12)', () => {
  it('is an async iterable of OutputChunk that close() ends', async () => {
    const container = await new ContainerDefinition('follow', { image: logger, wait: waitFor.logLine('ready') }).setup(
      file.helper,
    );
    try {
      const stream = await container.followLogs({ tail: 0 });
      const chunks: OutputChunk[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk);
        if (chunks.length === 2) stream.close();
      }
      expect(chunks.map((c) => c.stream)).toEqual(['stdout', 'stdout']);
      expect(chunks.map((c) => c.data.toString())).toEqual([
        expect.stringMatching(/^tick \d+\n$/),
        expect.stringMatching(/^tick \d+\n$/),
      ]);
    } finally {
      await container.teardown();
    }
  });
});

describe('DockerHelper.create({ env }) (issue 12)', () => {
  it('connects to the DOCKER_HOST in env, and fails naming it when nothing answers there', async () => {
    const error = await caught(() => DockerHelper.create({ env: { DOCKER_HOST: 'unix:///nonexistent.sock' } }));
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).attempts.map((a) => a.host)).toEqual(['unix:///nonexistent.sock']);
    expect(error.message).toContain('unix:///nonexistent.sock');

    const helper = await DockerHelper.create({
      env: { DOCKER_HOST: 'unix:///var/run/docker.sock', SEAWORTHY_PULL: 'never' },
      cleanup: { watchdog: false },
    });
    try {
      expect(helper.engine.address).toBe('unix:///var/run/docker.sock');
      const box = await new ContainerDefinition('via-env', { image: logger }).setup(helper);
      expect((await box.exec(['echo', 'ok'])).stdout).toBe('ok\n');
    } finally {
      await helper.teardown();
    }
    expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
