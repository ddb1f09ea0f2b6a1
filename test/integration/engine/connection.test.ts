import { describe, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper, EngineUnavailableError, waitFor } from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';
import { tcpEngine } from '../../support/tcp-engine.js';

describe('engine connection', () => {
  it('connects through the default socket and reports Engine API 1.41 or newer', async () => {
    const engine = await Engine.connect({ env: {} });
    expect(engine.address).toBe('unix:///var/run/docker.sock');
    const [major, minor] = engine.version.apiVersion.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(41);
    expect(engine.hostAddress).toBe('127.0.0.1');
  });

  it('uses DOCKER_HOST when it is set', async () => {
    const engine = await Engine.connect({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } });
    expect(engine.endpoint.source).toBe('DOCKER_HOST');
  });

  it('drives a tcp:// engine from DOCKER_HOST, publishing ports on that host', async () => {
    const { host, close } = await tcpEngine();
    try {
      const engine = await Engine.connect({ env: { DOCKER_HOST: host } });
      expect(engine.address).toBe(host);
      expect(engine.hostAddress).toBe('127.0.0.1');
      const helper = await DockerHelper.create({ engine });
      try {
        const web = await new ContainerDefinition('tcp-web', {
          image: fixtureImage('httpd'),
          ports: [8080],
          wait: waitFor.all(waitFor.logLine('httpd listening'), waitFor.http({ port: 8080 })),
        }).setup(helper);
        const { stdout } = await web.exec(['echo', 'over tcp']);
        expect(stdout).toBe('over tcp\n');
        expect((await web.logs()).stdout.toString()).toContain('httpd listening on 8080');
      } finally {
        await helper.teardown();
      }
    } finally {
      close();
    }
  });

  it('uses an explicit host option over DOCKER_HOST', async () => {
    const engine = await Engine.connect({
      host: 'unix:///var/run/docker.sock',
      env: { DOCKER_HOST: 'unix:///nowhere.sock' },
    });
    expect(engine.endpoint.source).toBe('engine.host option');
  });

  it('fails fast with a typed error listing what it tried when no engine answers', async () => {
    const error = await Engine.connect({ env: { DOCKER_HOST: 'unix:///tmp/seaworthy-no-engine.sock' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineUnavailableError);
    const unavailable = error as EngineUnavailableError;
    expect(unavailable.code).toBe('SEAWORTHY_ENGINE_UNAVAILABLE');
    expect(unavailable.attempts).toEqual([
      { host: 'unix:///tmp/seaworthy-no-engine.sock', source: 'DOCKER_HOST', reason: 'no socket at that path' },
    ]);
    expect(unavailable.message).toMatch(/set DOCKER_HOST|point DOCKER_HOST/);
  });

  it('reports a refused tcp engine with the address it tried', async () => {
    const error = await DockerHelper.create({ engine: { host: 'tcp://127.0.0.1:1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).attempts[0]).toMatchObject({
      host: 'tcp://127.0.0.1:1',
      reason: expect.stringContaining('refused'),
    });
  });

  it('lets several helpers share one connection', async () => {
    const engine = await Engine.connect();
    const a = await DockerHelper.create({ engine });
    const b = await DockerHelper.create({ engine });
    expect(a.engine).toBe(b.engine);
    expect(a.namespace).not.toBe(b.namespace);
    await Promise.all([a.teardown(), b.teardown()]);
  });
});
