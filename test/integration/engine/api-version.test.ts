import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_API_VERSION, MIN_API_VERSION } from '../../../src/engine/api-version.js';
import { ContainerDefinition, DockerHelper, EngineTooNewError, EngineTooOldError } from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

const ENGINE_SOCKET = '/var/run/docker.sock';

/** The real engine's /version, as JSON. */
function realVersion(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    request({ socketPath: ENGINE_SOCKET, path: '/version' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(JSON.parse(body)));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * A unix socket in front of the real engine. Every request line passing
 * through is logged; `GET /version` is answered by the proxy itself with the
 * real engine's answer, patched by `patch`. The engine on this machine is
 * Docker 20.10 (API 1.41, what Debian ships): an engine older than
 * seaworthy's minimum is not available to test against, and this is how
 * one looks to a client, while every other request still reaches a real
 * engine.
 */
async function versionProxy(patch: (version: Record<string, unknown>) => Record<string, unknown> = (v) => v) {
  const dir = mkdtempSync(join(tmpdir(), 'sw-api-proxy-'));
  const path = join(dir, 'docker.sock');
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.once('data', async (first: Buffer) => {
      const text = first.toString('latin1');
      for (const match of text.matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.1/gm)) {
        requests.push(`${match[1]} ${match[2]}`);
      }
      if (/^GET (\/v[\d.]+)?\/version[ ?]/.test(text)) {
        const body = JSON.stringify(patch(await realVersion()));
        client.end(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Connection: close\r\n\r\n${body}`,
        );
        return;
      }
      const upstream = connect(ENGINE_SOCKET);
      sockets.add(upstream);
      upstream.write(first);
      client.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString('latin1').matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.1/gm)) {
          requests.push(`${match[1]} ${match[2]}`);
        }
      });
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    requests,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('Engine API version negotiation', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it("speaks the engine's own version when seaworthy knows it, and sends it in every request's path", async () => {
    const proxy = await versionProxy();
    close = proxy.close;
    const engine = await Engine.connect({ host: proxy.host });
    const real = await realVersion();
    expect(engine.version.apiVersion).toBe(real.ApiVersion);
    // This machine's engine is 20.10 (API 1.41), inside seaworthy's range.
    expect(engine.version.negotiatedApiVersion).toBe(real.ApiVersion);
    const helper = await DockerHelper.create({ engine });
    try {
      const box = await new ContainerDefinition('versioned', { image: fixtureImage('httpd') }).setup(helper);
      expect((await box.exec(['echo', 'hi'])).stdout).toBe('hi\n');
    } finally {
      await helper.teardown();
    }
    // The first request asks /version unversioned; everything after carries the version.
    expect(proxy.requests[0]).toBe('GET /version');
    const after = proxy.requests.slice(1);
    expect(after.some((line) => line.startsWith('POST /v') && line.includes('/containers/create'))).toBe(true);
    expect(after.filter((line) => !line.includes(`/v${engine.version.negotiatedApiVersion}/`))).toEqual([]);
  });

  it('refuses an engine older than the minimum, naming both versions, before sending it anything else', async () => {
    const proxy = await versionProxy((real) => ({ ...real, Version: '19.03.15', ApiVersion: '1.40' }));
    close = proxy.close;
    const error = await Engine.connect({ host: proxy.host }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineTooOldError);
    const tooOld = error as EngineTooOldError;
    expect(tooOld.code).toBe('SEAWORTHY_ENGINE_TOO_OLD');
    expect(tooOld.engineApiVersion).toBe('1.40');
    expect(tooOld.minimumApiVersion).toBe(MIN_API_VERSION);
    expect(tooOld.message).toContain(`speaks Engine API 1.40 at most; seaworthy needs API ${MIN_API_VERSION}`);
    expect(tooOld.message).toMatch(/Upgrade the engine/);
    expect(proxy.requests).toEqual(['GET /version']);
  });

  it('refuses an engine whose oldest accepted version is above the newest seaworthy speaks', async () => {
    const proxy = await versionProxy((real) => ({ ...real, ApiVersion: '1.70', MinAPIVersion: '1.60' }));
    close = proxy.close;
    const error = await Engine.connect({ host: proxy.host }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineTooNewError);
    expect((error as EngineTooNewError).message).toContain(`speaks up to API ${MAX_API_VERSION}`);
  });
});
