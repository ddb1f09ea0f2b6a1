import { describe, expect, it } from 'vitest';
import {
  daemonMessage,
  isAlreadyGoingAway,
  isConnectionError,
  isNotFound,
  toEngineError,
} from '../../../src/engine/error-mapping.js';
import { EngineRequestError, InvalidOptionError } from '../../../src/errors.js';

const modemError = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });

describe('engine error mapping', () => {
  it("prefers the daemon's own message from the response body", () => {
    expect(daemonMessage(modemError(404, 'No such image: x:1'))).toBe('No such image: x:1');
    expect(daemonMessage(new Error('(HTTP code 500) server error - boom'))).toBe('server error - boom');
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
});
