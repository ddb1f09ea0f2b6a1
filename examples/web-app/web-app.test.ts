// The end-to-end example: `npm run example`. See README.md next to this file.

import { httpClient } from 'seaworthy';
import { cleanContainer, container, withContainers } from 'seaworthy/vitest';
import { test as base, describe, expect } from 'vitest';
import { db, proxy, web } from './definitions.js';

const test = withContainers(base, {
  // Lives for the file; emptied before every test that asks for it.
  db: cleanContainer(db, {
    scope: 'file',
    clean: async (redis) => {
      const flushed = await redis.exec(['redis-cli', 'FLUSHALL']);
      if (flushed.stdout.trim() !== 'OK') throw new Error(`FLUSHALL failed: ${flushed.stderr}`);
    },
  }),
  web: container(web, { scope: 'file', needs: ['db'] }),
  proxy: container(proxy, { scope: 'file', needs: ['web'] }),
});

describe('through the proxy', () => {
  test('the app answers, with both the app and the proxy header', async ({ proxy }) => {
    const response = await httpClient(proxy, 8080).get('/');
    expect(response).toHaveStatus(200);
    expect(response).toHaveHeader('x-app', 'example-web');
    expect(response).toHaveHeader('x-proxy', 'example-proxy');
    expect(response.text).toBe('hello from web\n');
  });

  test('it reports the database as up', async ({ proxy }) => {
    expect(await httpClient(proxy, 8080).get('/health')).toHaveJsonBody({ status: 'ok', db: 'up' });
  });

  test('visits are counted in the database, from zero in every test', async ({ proxy, db }) => {
    const http = httpClient(proxy, 8080);
    expect(await http.get('/visits')).toHaveJsonBody({ visits: 1 });
    expect(await http.get('/visits')).toHaveJsonBody({ visits: 2 });
    expect(await db.exec(['redis-cli', 'GET', 'visits'])).toHaveStdout('2');
  });

  test('the clean fixture reset the count without restarting the database', async ({ proxy, db }) => {
    expect(await httpClient(proxy, 8080).get('/visits')).toHaveJsonBody({ visits: 1 });
    // Still the first redis-server: its log has started only once.
    await expect(db).toHaveLoggedLine('Ready to accept connections');
    expect(db.output.lines().filter((l) => l.text.includes('Redis is starting'))).toHaveLength(1);
  });

  test('unknown paths get a JSON 404', async ({ proxy }) => {
    const response = await httpClient(proxy, 8080).get('/nope');
    expect(response).toHaveStatus(404);
    expect(response).toHaveJsonBody({ error: expect.any(String) });
  });
});

describe('processes', () => {
  test('PID 1 is the server run by app, with 2 workers as children', async ({ web }) => {
    await expect(web).toHaveProcessTree({
      pid: 1,
      user: 'app',
      args: 'python3 /app/server.py',
      children: [
        { user: 'app', args: /--worker 1\b/ },
        { user: 'app', args: /--worker 2\b/ },
      ],
    });
  });

  test('nginx runs a root master with two www-data workers', async ({ proxy }) => {
    await expect(proxy).toHaveProcessTree({
      pid: 1,
      user: 'root',
      args: /nginx: master process/,
      children: [
        { user: 'www-data', args: 'nginx: worker process' },
        { user: 'www-data', args: 'nginx: worker process' },
      ],
    });
  });

  test('redis runs as redis, not root', async ({ db }) => {
    await expect(db).toHaveProcess({ pid: 1, user: 'redis', args: /redis-server/ });
    await expect(db).not.toHaveProcess({ user: 'root' });
  });
});

describe('logs', () => {
  test('the app found its database before it started serving', async ({ web }) => {
    await expect(web).toHaveLoggedLines(['web: database ready at db:6379', /web: master 1 listening on 8000/]);
  });

  test('each request through the proxy shows in both logs', async ({ proxy, web }) => {
    await httpClient(proxy, 8080).get('/health');
    await expect(web).toHaveLoggedLine('web: GET /health 200', { timeoutMs: 30_000 });
    await expect(proxy).toHaveLoggedLine(/"GET \/health HTTP\/1\.1" 200/, { timeoutMs: 30_000 });
    await expect(web).not.toHaveLoggedLine(/Traceback/);
  });
});

describe('image', () => {
  test('files have the modes and owners the Dockerfile gives them', async ({ web }) => {
    await expect(web).toHaveFile('/app/server.py', { mode: 0o644, owner: 'root' });
    await expect(web).toHaveFile('/app', { type: 'directory' });
    await expect(web).toHaveFileContent('/etc/example-web.conf', /^greeting = hello from web$/m);
  });

  test('metadata: env, entrypoint, exposed port, user and workdir', async ({ web }) => {
    await expect(web).toHaveImageConfig({
      env: { APP_ENV: 'production' },
      entrypoint: ['python3', '/app/server.py'],
      exposedPorts: [8000],
      user: 'app',
      workdir: '/app',
    });
  });

  test('a command run in the container sees the same user', async ({ web }) => {
    const result = await web.exec(['id', '-un']);
    expect(result).toHaveExitCode(0);
    expect(result).toHaveStdout('app');
  });
});
