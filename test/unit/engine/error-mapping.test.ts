import { describe, expect, it } from 'vitest';
import {
  asConnectionLost,
  daemonMessage,
  isAlreadyGoingAway,
  isConnectionError,
  isNotFound,
  toEngineError,
} from '../../../src/engine/error-mapping.js';
import {
  EngineConnectionLostError,
  EngineRequestError,
  EngineUnavailableError,
  InvalidOptionError,
} from '../../../src/errors/index.js';

const modemError = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });

describe('engine error mapping', () => {
  it("prefers the daemon's own message from the response body", () => {
    expect(daemonMessage(modemError(404, 'No such image: x:1'))).toBe('No such image: x:1');
    expect(daemonMessage(new Error('(HTTP code 500) server error - boom'))).toBe('server error - boom');
  });

  it("keeps only the daemon's text on streamed calls, where docker-modem prefixes its own guess", () => {
    // A streamed container call answering 404 for a missing path: docker-modem's text for 404 is 'no such container'.
    const streamed = Object.assign(
      new Error('(HTTP code 404) no such container - Could not find the file /nope in container abc '),
      { statusCode: 404, reason: 'no such container', json: null },
    );
    expect(daemonMessage(streamed)).toBe('Could not find the file /nope in container abc');
    const unexpected = Object.assign(new Error('(HTTP code 409) unexpected - container is paused '), {
      statusCode: 409,
      json: null,
    });
    expect(daemonMessage(unexpected)).toBe('container is paused');
  });

  it('recognises not-found, removal in progress and already-stopped answers', () => {
    expect(isNotFound(modemError(404, 'No such container'))).toBe(true);
    expect(isNotFound(modemError(409, 'conflict'))).toBe(false);
    expect(isAlreadyGoingAway(modemError(409, 'removal of container abc is already in progress'))).toBe(true);
    expect(isAlreadyGoingAway(modemError(409, 'container name in use'))).toBe(false);
    expect(isAlreadyGoingAway(modemError(304, ''))).toBe(true);
  });

  it('recognises socket-level failures', () => {
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(true);
    expect(isConnectionError(modemError(500, 'x'))).toBe(false);
  });

  it('wraps engine answers in EngineRequestError, keeping status and cause', () => {
    const cause = modemError(500, 'driver failed');
    const wrapped = toEngineError('start container', cause) as EngineRequestError;
    expect(wrapped).toBeInstanceOf(EngineRequestError);
    expect(wrapped.code).toBe('SEAWORTHY_ENGINE_REQUEST');
    expect(wrapped.statusCode).toBe(500);
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).toBe('the Docker engine refused to start container (HTTP 500): driver failed');
  });

  it('passes through our own errors and errors that did not come from the engine', () => {
    const ours = new InvalidOptionError('x', 'bad');
    const bug = new TypeError('not a function');
    expect(toEngineError('op', ours)).toBe(ours);
    expect(toEngineError('op', bug)).toBe(bug);
  });

  it('calls an engine that answered before and now does not a lost connection, and leaves other errors alone', () => {
    const address = 'unix:///var/run/docker.sock';
    const unavailable = new EngineUnavailableError([
      { host: address, source: 'default socket', reason: "inspect 'db': connection refused (is dockerd running?)" },
    ]);
    const engine = { address, name: 'default' };
    const fromWrapped = asConnectionLost(unavailable, engine, "set up container 'db'") as EngineConnectionLostError;
    expect(fromWrapped).toBeInstanceOf(EngineConnectionLostError);
    expect(fromWrapped).toMatchObject({ address, operation: "set up container 'db'", cause: unavailable });
    expect(fromWrapped.message).toContain("while trying to set up container 'db' (inspect 'db': connection refused");

    const socket = Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
    expect(asConnectionLost(socket, engine, 'op')).toBeInstanceOf(EngineConnectionLostError);

    const refused = modemError(500, 'boom');
    const ours = new InvalidOptionError('x', 'bad');
    expect(asConnectionLost(refused, engine, 'op')).toBe(refused);
    expect(asConnectionLost(ours, engine, 'op')).toBe(ours);

    const named = asConnectionLost(socket, { address: 'tcp://10.0.0.5:2376 (TLS)', name: 'ci-b' }, 'op');
    expect(named).toMatchObject({ code: 'SEAWORTHY_ENGINE_LOST', engine: 'ci-b' });
    expect((named as Error).message).toContain("lost the Docker engine 'ci-b' at tcp://10.0.0.5:2376 (TLS)");
  });
});
