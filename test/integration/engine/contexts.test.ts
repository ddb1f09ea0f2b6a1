import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  DockerContextNotFoundError,
  DockerHelper,
  EngineUnavailableError,
} from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';
import { tcpEngine } from '../../support/tcp-engine.js';

/**
 * Context stores written by the docker CLI itself (`docker context create`)
 * in a temporary DOCKER_CONFIG, read by seaworthy, and compared with what the
 * docker CLI makes of the same environment.
 */
let config: string;
let forwarder: { host: string; connections: () => number; close: () => void };

function docker(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('docker', args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONFIG: config, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** A self-signed certificate for 127.0.0.1, made with openssl; it is its own CA. */
function selfSigned(name: string): { cert: string; key: string } {
  const cert = join(config, `${name}-cert.pem`);
  const key = join(config, `${name}-key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]),
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** A TLS engine on loopback: TLS in front of the local socket. */
async function tlsForwarder(files: { cert: string; key: string }) {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createTlsServer({ cert: readFileSync(files.cert), key: readFileSync(files.key) }, (client) => {
    count++;
    const upstream = connect('/var/run/docker.sock');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no tcp address');
  return {
    host: `tcp://127.0.0.1:${address.port}`,
    connections: () => count,
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

let tls: Awaited<ReturnType<typeof tlsForwarder>>;

beforeAll(async () => {
  config = mkdtempSync(join(tmpdir(), 'sw-contexts-'));
  forwarder = await tcpEngine();
  const server = selfSigned('server');
  const stranger = selfSigned('stranger');
  tls = await tlsForwarder(server);
  docker(['context', 'create', 'tls', '--docker', `host=${tls.host},ca=${server.cert}`]);
  docker(['context', 'create', 'tls-skip', '--docker', `host=${tls.host},skip-tls-verify=true`]);
  docker(['context', 'create', 'tls-stranger', '--docker', `host=${tls.host},ca=${stranger.cert}`]);
  docker(['context', 'create', 'fwd', '--docker', `host=${forwarder.host}`]);
  docker(['context', 'create', 'local', '--docker', 'host=unix:///var/run/docker.sock']);
  docker(['context', 'create', 'nowhere', '--docker', 'host=unix:///tmp/seaworthy-no-engine.sock']);
});
afterAll(() => {
  forwarder.close();
  tls?.close();
  rmSync(config, { recursive: true, force: true });
});

describe('Docker contexts', () => {
  it('connects through the context DOCKER_CONTEXT names, and runs a container there', async () => {
    const engine = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'fwd' } });
    expect(engine.address).toBe(forwarder.host);
    expect(engine.endpoint.source).toBe("Docker context 'fwd' (DOCKER_CONTEXT)");
    const before = forwarder.connections();
    const helper = await DockerHelper.create({ engine });
    try {
      const box = await new ContainerDefinition('in-context', { image: fixtureImage('httpd') }).setup(helper);
      expect((await box.exec(['echo', 'through the context'])).stdout).toBe('through the context\n');
    } finally {
      await helper.teardown();
    }
    expect(forwarder.connections()).toBeGreaterThan(before);
  });

  it("follows the config's currentContext (docker context use), as the docker CLI does", async () => {
    const home = mkdtempSync(join(tmpdir(), 'sw-contexts-use-'));
    const own = join(home, 'docker-config');
    try {
      const env = { DOCKER_CONFIG: own };
      execFileSync('docker', ['context', 'create', 'fwd', '--docker', `host=${forwarder.host}`], {
        env: { PATH: process.env.PATH, ...env },
        stdio: 'ignore',
      });
      execFileSync('docker', ['context', 'use', 'fwd'], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
      const engine = await Engine.connect({ env });
      expect(engine.address).toBe(forwarder.host);
      expect(engine.endpoint.source).toBe(`Docker context 'fwd' (currentContext in ${join(own, 'config.json')})`);
      // DOCKER_CONTEXT wins over the config's current context.
      const local = await Engine.connect({ env: { ...env, DOCKER_CONTEXT: 'default' } });
      expect(local.address).toBe('unix:///var/run/docker.sock');
      expect(local.endpoint.source).toBe("default socket (Docker context 'default', DOCKER_CONTEXT)");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('lets DOCKER_HOST win over DOCKER_CONTEXT, as the docker CLI does', async () => {
    const env = { DOCKER_CONTEXT: 'nowhere', DOCKER_HOST: 'unix:///var/run/docker.sock' };
    expect(docker(['context', 'show'], env)).toBe('default');
    const engine = await Engine.connect({ env: { DOCKER_CONFIG: config, ...env } });
    expect(engine.endpoint.source).toBe('DOCKER_HOST');
    // And the engine.host option over both.
    const explicit = await Engine.connect({
      host: forwarder.host,
      env: { DOCKER_CONFIG: config, ...env },
    });
    expect(explicit.endpoint.source).toBe('engine.host option');
  });

  it('uses a configured context alone: one whose engine is down is an error, not a fallback', async () => {
    const error = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'nowhere' } }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain(
      "unix:///tmp/seaworthy-no-engine.sock (from Docker context 'nowhere' (DOCKER_CONTEXT)): no socket at that path",
    );
  });

  it("speaks TLS to a context's engine with the CA file the docker CLI stored, or unchecked with SkipTLSVerify", async () => {
    const before = tls.connections();
    const checked = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'tls' } });
    expect(checked.address).toBe(`${tls.host} (TLS)`);
    expect(checked.endpoint).toMatchObject({ tls: true, certDir: expect.stringContaining('/contexts/tls/') });
    expect((await checked.listByLabel('dev.seaworthy.none=1')).containers).toEqual([]);
    const skipped = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'tls-skip' } });
    expect(skipped.endpoint).toMatchObject({ tls: true, skipTlsVerify: true });
    expect((await skipped.listByLabel('dev.seaworthy.none=1')).containers).toEqual([]);
    expect(tls.connections()).toBeGreaterThan(before);
    // A CA that did not sign the engine's certificate: refused.
    const error = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'tls-stranger' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).attempts[0]?.reason).toMatch(/certificate|self.signed/i);
  });

  it('names the missing context and lists those found', async () => {
    const error = await Engine.connect({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'nope' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DockerContextNotFoundError);
    const missing = error as DockerContextNotFoundError;
    expect(missing.code).toBe('SEAWORTHY_CONTEXT_NOT_FOUND');
    expect(missing.available).toEqual(['default', 'fwd', 'local', 'nowhere', 'tls', 'tls-skip', 'tls-stranger']);
    expect(missing.message).toContain("Docker context 'nope' (from DOCKER_CONTEXT)");
    expect(missing.message).toContain('Contexts found: default, fwd, local, nowhere, tls, tls-skip, tls-stranger.');
    // The docker CLI refuses it too.
    expect(() => docker(['context', 'inspect', 'nope'])).toThrow();
  });
});
