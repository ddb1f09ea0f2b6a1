import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import type { HttpResponse } from '../../../src/http/http-client.js';
import { toHaveHeader, toHaveJsonBody, toHaveStatus } from '../../../src/matchers/http-matchers.js';

const state = { isNot: false, equals: (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) };

const response = (text: string, over: Partial<HttpResponse> = {}): HttpResponse => ({
  url: 'http://127.0.0.1:49153/health',
  method: 'GET',
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc123' },
  body: Buffer.from(text),
  text,
  json: <T>() => JSON.parse(text) as T,
  ...over,
});

describe('toHaveStatus', () => {
  it('passes for the status the response has', () => {
    const result = toHaveStatus.call(state, response('{}'), 200);
    expect(result.pass).toBe(true);
    expect(result.message()).toBe('expected GET http://127.0.0.1:49153/health not to answer HTTP 200, but it did');
  });

  it('fails for another status, saying what was expected, what came back and the body', () => {
    const result = toHaveStatus.call(state, response('{"status":"down"}', { status: 503 }), 200);
    expect(result.pass).toBe(false);
    expect(result.message()).toBe(
      'expected GET http://127.0.0.1:49153/health to answer HTTP 200, got HTTP 503\nBody: "{\\"status\\":\\"down\\"}"',
    );
    expect(result).toMatchObject({ actual: 503, expected: 200 });
  });

  it('shortens a long body in the message', () => {
    const result = toHaveStatus.call(state, response('x'.repeat(1000), { status: 500 }), 200);
    expect(result.message()).toContain(`Body: "${'x'.repeat(300)}…"`);
    expect(result.message()).not.toContain('x'.repeat(301));
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [200, 'number 200'],
    [{ status: 200 }, 'Object'],
    [new Map(), 'Map'],
  ])('rejects %j, which is not a response', (received, described) => {
    expect(() => toHaveStatus.call(state, received, 200)).toThrow(InvalidOptionError);
    expect(() => toHaveStatus.call(state, received, 200)).toThrow(
      `toHaveStatus needs an HttpResponse (from httpClient), got ${described}`,
    );
  });
});

describe('toHaveHeader', () => {
  it('passes when the header is present, whatever the case of its name', () => {
    expect(toHaveHeader.call(state, response('{}'), 'Content-Type').pass).toBe(true);
    expect(toHaveHeader.call(state, response('{}'), 'X-Request-ID').pass).toBe(true);
  });

  it('fails for a missing header and lists the headers there are', () => {
    const result = toHaveHeader.call(state, response('{}'), 'etag');
    expect(result.pass).toBe(false);
    expect(result.message()).toBe(
      "expected GET http://127.0.0.1:49153/health to have a 'etag' header, but it has none. Headers:\n" +
        '  content-type: application/json; charset=utf-8\n  x-request-id: abc123',
    );
  });

  it('needs a string value to be equal, not just contained', () => {
    expect(toHaveHeader.call(state, response('{}'), 'x-request-id', 'abc123').pass).toBe(true);
    const result = toHaveHeader.call(state, response('{}'), 'x-request-id', 'abc');
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(`to have header 'x-request-id' "abc", got "abc123"`);
  });

  it('matches a RegExp against the value', () => {
    expect(toHaveHeader.call(state, response('{}'), 'content-type', /json/).pass).toBe(true);
    const result = toHaveHeader.call(state, response('{}'), 'content-type', /^text\//);
    expect(result.pass).toBe(false);
    expect(result.message()).toContain(`header 'content-type' /^text\\//, got "application/json; charset=utf-8"`);
  });

  it('explains a failed .not assertion', () => {
    const result = toHaveHeader.call(state, response('{}'), 'x-request-id');
    expect(result.pass).toBe(true);
    expect(result.message()).toBe(
      `expected GET http://127.0.0.1:49153/health not to have a 'x-request-id' header, got "abc123"`,
    );
  });

  it('rejects something that is not a response', () => {
    expect(() => toHaveHeader.call(state, { status: 200, text: '' }, 'etag')).toThrow(
      'toHaveHeader needs an HttpResponse',
    );
  });
});

describe('toHaveJsonBody', () => {
  it('passes for an equal JSON body', () => {
    const result = toHaveJsonBody.call(state, response('{"status":"ok","checks":[1,2]}'), {
      status: 'ok',
      checks: [1, 2],
    });
    expect(result.pass).toBe(true);
    expect(result.message()).toBe(
      'expected the JSON body of GET http://127.0.0.1:49153/health not to equal {"status":"ok","checks":[1,2]}',
    );
  });

  it('fails for another body, showing both', () => {
    const result = toHaveJsonBody.call(state, response('{"status":"down"}'), { status: 'ok' });
    expect(result.pass).toBe(false);
    expect(result.message()).toBe(
      'expected the JSON body of GET http://127.0.0.1:49153/health to equal {"status":"ok"}, got {"status":"down"}',
    );
    expect(result).toMatchObject({ actual: { status: 'down' }, expected: { status: 'ok' } });
  });

  it('uses the equality of the matcher context', () => {
    const lenient = { isNot: false, equals: () => true };
    expect(toHaveJsonBody.call(lenient, response('{"a":1}'), { b: 2 }).pass).toBe(true);
  });

  it('fails for a body that is not JSON, even under .not', () => {
    const result = toHaveJsonBody.call(state, response('<html>oops</html>', { method: 'POST' }), {});
    expect(result.pass).toBe(false);
    expect(result.message()).toBe(
      'expected POST http://127.0.0.1:49153/health to answer with JSON, but the body is not JSON\n' +
        'Body: "<html>oops</html>"',
    );
  });

  it('rejects something that is not a response', () => {
    expect(() => toHaveJsonBody.call(state, '{"a":1}', { a: 1 })).toThrow(
      `toHaveJsonBody needs an HttpResponse (from httpClient), got string "{\\"a\\":1}"`,
    );
  });
});

describe('HTTP matchers in Vitest expect', () => {
  expect.extend({ toHaveStatus, toHaveHeader, toHaveJsonBody });

  it('pass and fail through expect', () => {
    const ok = response('{"status":"ok","version":"1.2.3"}');
    expect(ok).toHaveStatus(200);
    expect(ok).not.toHaveStatus(404);
    expect(() => expect(ok).toHaveStatus(404)).toThrow(/HTTP 404, got HTTP 200/);
    expect(() => expect(ok).not.toHaveStatus(200)).toThrow(/not to answer HTTP 200/);
    expect(ok).toHaveHeader('content-type', /json/);
    expect(() => expect(ok).toHaveHeader('etag')).toThrow(/but it has none/);
  });

  it('accept asymmetric matchers in the JSON body', () => {
    const ok = response('{"status":"ok","version":"1.2.3"}');
    expect(ok).toHaveJsonBody(expect.objectContaining({ status: 'ok' }));
    expect(ok).toHaveJsonBody({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(() => expect(ok).toHaveJsonBody(expect.objectContaining({ status: 'down' }))).toThrow(/JSON body/);
  });

  it('throw for a received value that is not a response', () => {
    expect(() => expect({ status: 200 }).toHaveStatus(200)).toThrow(InvalidOptionError);
  });
});
