import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { checkRequest, type RequestShape } from '../../../src/http/request-options.js';

function problem(shape: unknown): InvalidOptionError {
  try {
    checkRequest('waitFor.http', shape as RequestShape);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('checkRequest()', () => {
  it('defaults to GET with no headers and no body', () => {
    expect(checkRequest('x', {})).toEqual({ method: 'GET', headers: {}, body: undefined });
  });

  it('turns basic auth into an Authorization header (UTF-8, base64)', () => {
    const checked = checkRequest('x', { auth: { username: 'admin', password: 's3cret:é' } });
    expect(checked.headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cret:é').toString('base64')}`);
  });

  it('keeps a body for POST, PUT, PATCH and DELETE', () => {
    expect(checkRequest('x', { method: 'POST', body: 'a' }).body).toBe('a');
    const buffer = Buffer.from('b');
    expect(checkRequest('x', { method: 'PATCH', body: buffer }).body).toBe(buffer);
  });

  it('rejects a bad method, naming the option and the methods it takes', () => {
    const error = problem({ method: 'get' });
    expect(error.option).toBe('waitFor.http method');
    expect(error.message).toContain('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
    expect(problem({ method: 'TRACE' }).option).toBe('waitFor.http method');
  });

  it('rejects a body on GET or HEAD, and a body that is not a string or Buffer', () => {
    expect(problem({ body: 'x' }).message).toContain('a GET request has no body');
    expect(problem({ method: 'HEAD', body: 'x' }).option).toBe('waitFor.http body');
    expect(problem({ method: 'POST', body: { ping: true } }).message).toContain('JSON.stringify');
  });

  it('rejects headers that are not strings, bad header names and line breaks', () => {
    expect(problem({ headers: { 'x-count': 3 } }).option).toBe('waitFor.http headers.x-count');
    expect(problem({ headers: { 'bad name': 'x' } }).option).toBe('waitFor.http headers');
    expect(problem({ headers: { 'x-a': 'one\r\nx-b: two' } }).option).toBe('waitFor.http headers.x-a');
    expect(problem({ headers: ['x'] }).option).toBe('waitFor.http headers');
  });

  it('rejects bad credentials, and auth together with an authorization header', () => {
    expect(problem({ auth: { username: 'a:b', password: 'x' } }).option).toBe('waitFor.http auth.username');
    expect(problem({ auth: { username: '', password: 'x' } }).option).toBe('waitFor.http auth.username');
    expect(problem({ auth: { username: 'a' } }).option).toBe('waitFor.http auth.password');
    expect(problem({ auth: null }).option).toBe('waitFor.http auth.username');
    const both = problem({ auth: { username: 'a', password: 'b' }, headers: { Authorization: 'Bearer t' } });
    expect(both.option).toBe('waitFor.http auth');
    expect(both.message).toContain('not both');
  });
});
