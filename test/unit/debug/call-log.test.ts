import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/debug/logger.js';
import { describeRequest, logEngineCalls } from '../../../src/engine/docker/call-log.js';

function fakeLogger() {
  const lines: string[] = [];
  const log = Object.assign(
    (format: string, ...args: unknown[]) => {
      let i = 0;
      lines.push(format.replace(/%[sd]/g, () => String(args[i++])));
    },
    { enabled: true, namespace: 'seaworthy:engine' },
  ) as Logger;
  return { log, lines };
}

/** A stand-in for docker-modem's Modem: dial answers through buildPayload, as the real one does. */
function fakeModem(answer: { status: number; data?: unknown; error?: Error & { statusCode?: number } }) {
  const modem = {
    dial(_options: unknown, callback: (error: unknown, data?: unknown) => void) {
      setImmediate(() =>
        modem.buildPayload(
          answer.error ?? null,
          false,
          {},
          false,
          {},
          { statusCode: answer.status },
          answer.data,
          callback,
        ),
      );
    },
    buildPayload(...args: unknown[]) {
      const cb = args[7] as (error: unknown, data?: unknown) => void;
      cb(args[0], args[6]);
    },
  };
  return modem;
}

function call(modem: { dial: Function }, options: object): Promise<{ error: unknown; data: unknown }> {
  return new Promise((resolve) => modem.dial(options, (error: unknown, data: unknown) => resolve({ error, data })));
}

describe('describeRequest', () => {
  it('shows a create with its name and a redacted summary, never the body-as-query', () => {
    const text = describeRequest({
      path: '/containers/create?',
      method: 'POST',
      options: {
        name: 'ns_db',
        Image: 'postgres:16',
        Env: ['POSTGRES_PASSWORD=pw1', 'URL=postgres://u:pw2@db/x'],
        Cmd: ['postgres'],
        ExposedPorts: { '5432/tcp': {} },
        HostConfig: { NetworkMode: 'bridge' },
        Labels: { a: '1', b: '2' },
      },
    });
    expect(text).toBe(
      'POST /containers/create?name=ns_db {"image":"postgres:16","cmd":["postgres"],"env":["POSTGRES_PASSWORD=***","URL=postgres://u:***@db/x"],"ports":["5432/tcp"],"networkMode":"bridge","labels":2}',
    );
  });

  it('shows GET queries, shortens ids, and redacts secret-looking query values', () => {
    const id = 'a'.repeat(64);
    expect(
      describeRequest({ path: `/containers/${id}/logs?`, method: 'GET', options: { stdout: true, token: 'x' } }),
    ).toBe('GET /containers/aaaaaaaaaaaa/logs?stdout=true&token=***');
  });

  it('shows other bodies redacted, without repeating what the query already says', () => {
    expect(
      describeRequest({
        path: '/containers/abc/exec',
        method: 'POST',
        options: { Cmd: ['sh', '-c', 'echo $API_TOKEN'], Env: ['API_TOKEN=pw3'], AttachStdout: true },
      }),
    ).toBe(
      'POST /containers/abc/exec {"Cmd":["sh","-c","echo $API_TOKEN"],"Env":["API_TOKEN=***"],"AttachStdout":true}',
    );
    expect(
      describeRequest({
        path: '/networks/create?',
        method: 'POST',
        options: { Name: 'ns_default', Driver: 'bridge', Labels: { a: '1', b: '2' } },
      }),
    ).toBe('POST /networks/create {"Name":"ns_default","Driver":"bridge","Labels":2}');
    expect(describeRequest({ path: '/containers/abc/stop?', method: 'POST', options: { t: 10 } })).toBe(
      'POST /containers/abc/stop?t=10',
    );
  });
});

describe('logEngineCalls', () => {
  it('logs the status the engine answered and the duration, and passes the answer on', async () => {
    const { log, lines } = fakeLogger();
    const docker = logEngineCalls({ modem: fakeModem({ status: 201, data: { Id: 'x' } }) }, log);
    const answer = await call(docker.modem, { path: '/volumes/create', method: 'POST', options: { Name: 'v' } });
    expect(answer).toEqual({ error: null, data: { Id: 'x' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^#1 POST \/volumes\/create \{"Name":"v"\} → 201 in \d+ ms$/);
  });

  it('logs a failed call with its status and redacted message', async () => {
    const { log, lines } = fakeLogger();
    const error = Object.assign(new Error('(HTTP code 404) no such image - redis://:pw@x'), { statusCode: 404 });
    const docker = logEngineCalls({ modem: fakeModem({ status: 404, error }) }, log);
    const answer = await call(docker.modem, { path: '/images/nope/json', method: 'GET' });
    expect(answer.error).toBe(error);
    expect(lines[0]).toMatch(
      /^#1 GET \/images\/nope\/json → 404 in \d+ ms: \(HTTP code 404\) no such image - redis:\/\/:\*\*\*@x$/,
    );
  });

  it('logs when a streamed answer closes', async () => {
    const { log, lines } = fakeLogger();
    const stream = new EventEmitter();
    const docker = logEngineCalls({ modem: fakeModem({ status: 200, data: stream }) }, log);
    await call(docker.modem, { path: '/events?', method: 'GET', options: {} });
    expect(lines[0]).toMatch(/^#1 GET \/events → 200 in \d+ ms \(stream open\)$/);
    stream.emit('close');
    expect(lines[1]).toMatch(/^#1 stream closed after \d+ ms$/);
  });
});
