import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  type CreateRequest,
  type DeepPatch,
  ImageNotFoundError,
  ImagePullError,
  InvalidMountError,
  InvalidOptionError,
  NetworkDefinition,
  PortConflictError,
  PortNotPublishedError,
  VolumeDefinition,
  waitFor,
} from '../../../src/index.js';
import { LABELS } from '../../../src/tools.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();
const leftInNamespace = () => file.leftContainers();

describe('a container from a locally built image', () => {
  it('starts with a network and a volume, is ready, has logs, a host port and runs commands', async () => {
    const data = new VolumeDefinition('web-data');
    const backend = new NetworkDefinition('web-backend');
    const web = new ContainerDefinition('web', {
      image: fixtureImage('httpd'),
      ports: [8080],
      mounts: [{ type: 'volume', source: data, target: '/data' }],
      networks: [backend],
      wait: waitFor.http({ port: 8080, path: '/health.json' }),
    });
    const container = await web.setup(file.helper);

    expect(container.host).toBe('127.0.0.1');
    const port = container.hostPort(8080);
    expect(port).toBeGreaterThan(0);
    expect(container.baseUrl(8080)).toBe(`http://127.0.0.1:${port}`);
    const response = await fetch(`${container.baseUrl(8080)}/health.json`);
    expect(await response.json()).toEqual({ status: 'ok' });

    expect(container.output.lines().map((l) => l.text)).toContain('httpd listening on 8080');
    const written = await container.exec(['sh', '-c', 'echo persisted > /data/file && cat /data/file']);
    expect(written).toEqual({ exitCode: 0, stdout: 'persisted\n', stderr: '', output: 'persisted\n' });

    const info = await container.inspect();
    expect(info.name).toBe(`${file.helper.namespace}_web`);
    expect(info.state).toMatchObject({ status: 'running', running: true, exitCode: undefined });
    expect(info.ports['8080/tcp']).toEqual([{ hostIp: '127.0.0.1', hostPort: port }]);
    expect(info.mounts).toEqual([
      expect.objectContaining({ type: 'volume', name: `${file.helper.namespace}_web-data`, target: '/data' }),
    ]);
    // Alone in its helper, it starts on the default bridge (the helper's network joins when a second container comes).
    expect(Object.keys(info.networks).sort()).toEqual(['bridge', `${file.helper.namespace}_web-backend`].sort());
    await container.teardown();
    expect(await leftInNamespace()).not.toContain(container.id);
  });

  it('publishes ports on 127.0.0.1 with a random host port by default', async () => {
    const container = await new ContainerDefinition('ports', {
      image: fixtureImage('httpd'),
      ports: [8080, '9000/udp'],
    }).setup(file.helper);
    const info = await container.inspect();
    expect(info.ports['8080/tcp']?.[0]?.hostIp).toBe('127.0.0.1');
    expect(info.ports['9000/udp']?.[0]?.hostIp).toBe('127.0.0.1');
    expect(container.hostPort('9000/udp')).toBeGreaterThan(0);
    await container.teardown();
  });

  it('returns the same live container for a second setup, and a new one after teardown', async () => {
    const definition = new ContainerDefinition('once', { image: fixtureImage('logger') });
    const [a, b] = await Promise.all([definition.setup(file.helper), definition.setup(file.helper)]);
    expect(b).toBe(a);
    expect(await definition.setup(file.helper)).toBe(a);
    await a.teardown();
    await a.teardown();
    const c = await definition.setup(file.helper);
    expect(c.id).not.toBe(a.id);
    await c.teardown();
  });

  it('passes command, entrypoint, env, user and workdir to the engine', async () => {
    const container = await new ContainerDefinition('configured', {
      image: fixtureImage('logger'),
      entrypoint: ['/bin/sh', '-c'],
      command: ['echo "$GREETING from $(id -un) in $(pwd)"; exec sleep infinity'],
      env: { GREETING: 'bonjour' },
      user: 'nobody',
      workdir: '/tmp',
      wait: waitFor.logLine('bonjour from nobody in /tmp'),
    }).setup(file.helper);
    const info = container.startInfo;
    expect(info.config.env.GREETING).toBe('bonjour');
    expect(info.config.user).toBe('nobody');
    expect(info.config.workdir).toBe('/tmp');
    await container.teardown();
  });

  it('mounts a bind source and a tmpfs', async () => {
    const container = await new ContainerDefinition('mounts', {
      image: fixtureImage('logger'),
      mounts: [
        { type: 'bind', source: '/etc', target: '/host-etc', readOnly: true },
        { type: 'tmpfs', target: '/scratch', sizeBytes: 1024 * 1024 },
      ],
    }).setup(file.helper);
    expect((await container.exec(['test', '-f', '/host-etc/hostname'])).exitCode).toBe(0);
    const mounts = await container.exec(['grep', ' /scratch ', '/proc/mounts']);
    expect(mounts.stdout).toMatch(/^tmpfs \/scratch tmpfs .*size=1024k/);
    const readOnly = await container.exec(['touch', '/host-etc/x']);
    expect(readOnly.exitCode).not.toBe(0);
    await container.teardown();
  });

  it('applies a subclass create hook and user overrides, deep-merged in that order', async () => {
    class LabelledDefinition extends ContainerDefinition {
      override createRequestPatch(request: Readonly<CreateRequest>): DeepPatch<CreateRequest> {
        expect(request.Image).toBe(fixtureImage('logger'));
        return { Hostname: 'from-hook', Labels: { tier: 'hook', keep: 'yes' } };
      }
    }
    const container = await new LabelledDefinition('hooked', {
      image: fixtureImage('logger'),
      createOverrides: { Labels: { tier: 'user' }, HostConfig: { Init: true } },
    }).setup(file.helper);
    const info = await container.inspect();
    expect(info.config.hostname).toBe('from-hook');
    expect(info.config.labels).toMatchObject({ tier: 'user', keep: 'yes', [LABELS.namespace]: file.helper.namespace });
    // Init: true runs docker-init as PID 1.
    expect((await container.exec(['cat', '/proc/1/comm'])).stdout.trim()).toBe('docker-init');
    await container.teardown();
  });

  it('reads status and exit code once the container stops', async () => {
    const container = await new ContainerDefinition('stopper', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
    }).setup(file.helper);
    expect(await container.exitCode()).toBeUndefined();
    await container.stop({ timeoutMs: 5_000 });
    const state = await container.state();
    expect(state).toMatchObject({ status: 'exited', running: false, exitCode: 0 });
    expect(container.output.lastLines(1)).toEqual(['stopping']);
    await container.teardown();
  });

  it('kills at teardown by default, and stops gracefully with stopTimeoutMs', async () => {
    const killed = await new ContainerDefinition('killed', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
    }).setup(file.helper);
    await killed.teardown();
    expect(killed.output.lines().map((l) => l.text)).not.toContain('stopping');

    const graceful = await new ContainerDefinition('graceful', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
      stopTimeoutMs: 5_000,
    }).setup(file.helper);
    await graceful.teardown();
    // The live capture outlives the container: the SIGTERM handler ran.
    await expect.poll(() => graceful.output.lastLines(1), { timeout: 30_000 }).toEqual(['stopping']);
    expect(await leftInNamespace()).not.toContain(graceful.id);
  });

  it('throws a typed error for a port that is not published', async () => {
    const container = await new ContainerDefinition('unpublished', {
      image: fixtureImage('httpd'),
      ports: [8080],
    }).setup(file.helper);
    expect(() => container.hostPort(9999)).toThrow(PortNotPublishedError);
    expect(() => container.hostPort(9999)).toThrow(/does not publish port 9999\/tcp \(published: 8080\/tcp\)/);
    await container.teardown();
  });
});

describe('bad input', () => {
  it('rejects an unknown image with pulling disabled, leaving nothing behind', async () => {
    const error = await new ContainerDefinition('missing', {
      image: 'seaworthy-fixture/does-not-exist:1',
      pull: 'never',
    })
      .setup(file.helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as ImageNotFoundError).code).toBe('SEAWORTHY_IMAGE_NOT_FOUND');
    expect(await leftInNamespace()).toEqual([]);
  });

  it('reports a failed pull when the registry cannot be reached', async () => {
    // Port 1 on loopback refuses at once: no traffic leaves the machine.
    const error = await new ContainerDefinition('unpullable', {
      image: '127.0.0.1:1/seaworthy/nothing:1',
      pull: 'missing',
    })
      .setup(file.helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).code).toBe('SEAWORTHY_IMAGE_PULL_FAILED');
    expect((error as ImagePullError).message).toContain('127.0.0.1:1/seaworthy/nothing:1');
    expect(await leftInNamespace()).toEqual([]);
  });

  it('rejects a bad port before anything reaches the engine', () => {
    expect(() => new ContainerDefinition('badport', { image: fixtureImage('httpd'), ports: [70_000] })).toThrow(
      InvalidOptionError,
    );
    expect(() => new ContainerDefinition('badport', { image: fixtureImage('httpd'), ports: [70_000] })).toThrow(
      /badport\.ports\[0\]/,
    );
  });

  it('rejects a misspelt option and suggests the right one', () => {
    const build = () =>
      new ContainerDefinition('typo', { image: fixtureImage('logger'), enviroment: { A: '1' } } as never);
    expect(build).toThrow(InvalidOptionError);
    expect(build).toThrow('did you mean `env`?');
  });

  it('rejects env values that are not strings, naming the key', () => {
    const build = () => new ContainerDefinition('app', { image: fixtureImage('logger'), env: { PORT: 8080 } } as never);
    expect(build).toThrow(InvalidOptionError);
    expect(build).toThrow('`app.env.PORT`: 8080 is a number, not a string');
  });

  it('reports a fixed host port that is already taken, leaving nothing behind', async () => {
    const holder = await new ContainerDefinition('holder', { image: fixtureImage('httpd'), ports: [8080] }).setup(
      file.helper,
    );
    const taken = holder.hostPort(8080);
    const error = await new ContainerDefinition('clash', {
      image: fixtureImage('httpd'),
      ports: [{ container: 8080, hostPort: taken }],
    })
      .setup(file.helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortConflictError);
    expect((error as PortConflictError).code).toBe('SEAWORTHY_PORT_CONFLICT');
    expect(await leftInNamespace()).toEqual([holder.id]);
    await holder.teardown();
  });

  it('reports a bind mount whose source does not exist', async () => {
    const error = await new ContainerDefinition('badmount', {
      image: fixtureImage('logger'),
      mounts: [{ type: 'bind', source: '/nonexistent/seaworthy', target: '/x' }],
    })
      .setup(file.helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMountError);
    expect((error as InvalidMountError).code).toBe('SEAWORTHY_INVALID_MOUNT');
    expect(await leftInNamespace()).toEqual([]);
  });
});
