import { InvalidOptionError } from '../errors/index.js';
import type { HttpResponse } from '../http/http-client.js';
import { compilePattern, describePattern, type LogPattern } from '../waits/pattern.js';
import { describeValue, type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

/** `expect(response).toHaveStatus(200)` */
export function toHaveStatus(this: MatcherState, received: unknown, status: number): MatcherResult {
  const response = expectResponse(received, 'toHaveStatus');
  return outcome(
    response.status === status,
    () => `expected ${where(response)} to answer HTTP ${status}, got HTTP ${response.status}\n${preview(response)}`,
    () => `expected ${where(response)} not to answer HTTP ${status}, but it did`,
    { actual: response.status, expected: status },
  );
}

/** `expect(response).toHaveHeader('content-type', /json/)`; without a value, the header must be present. */
export function toHaveHeader(this: MatcherState, received: unknown, name: string, value?: LogPattern): MatcherResult {
  const response = expectResponse(received, 'toHaveHeader');
  const actual = response.headers[name.toLowerCase()];
  const matches =
    actual !== undefined &&
    (value === undefined || (typeof value === 'string' ? actual === value : compilePattern(value, 'value')(actual)));
  const wanted = value === undefined ? `a '${name}' header` : `header '${name}' ${describePattern(value)}`;
  const headers = Object.entries(response.headers)
    .map(([k, v]) => `  ${k}: ${v}`)
    .join('\n');
  return outcome(
    matches,
    () =>
      `expected ${where(response)} to have ${wanted}, ` +
      `${actual === undefined ? 'but it has none' : `got ${JSON.stringify(actual)}`}. Headers:\n${headers}`,
    () => `expected ${where(response)} not to have ${wanted}, got ${JSON.stringify(actual)}`,
    { actual, expected: value },
  );
}

/**
 * `expect(response).toHaveJsonBody({ status: 'ok' })`: the body parses as
 * JSON and equals `expected`. Asymmetric matchers work, e.g.
 * `expect.objectContaining({ status: 'ok' })`.
 */
export function toHaveJsonBody(this: MatcherState, received: unknown, expected: unknown): MatcherResult {
  const response = expectResponse(received, 'toHaveJsonBody');
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return outcome(
      false,
      () => `expected ${where(response)} to answer with JSON, but the body is not JSON\n${preview(response)}`,
      () => 'unreachable',
    );
  }
  const show = (value: unknown) => this.utils?.stringify(value) ?? JSON.stringify(value);
  return outcome(
    this.equals(body, expected),
    () => `expected the JSON body of ${where(response)} to equal ${show(expected)}, got ${show(body)}`,
    () => `expected the JSON body of ${where(response)} not to equal ${show(expected)}`,
    { actual: body, expected },
  );
}

function expectResponse(received: unknown, matcher: string): HttpResponse {
  const r = received as Partial<HttpResponse> | null;
  if (r && typeof r === 'object' && typeof r.status === 'number' && typeof r.text === 'string' && r.headers) {
    return received as HttpResponse;
  }
  throw new InvalidOptionError(
    'received',
    `${matcher} needs an HttpResponse (from httpClient), got ${describeValue(received)}`,
  );
}

function where(response: HttpResponse): string {
  return `${response.method} ${response.url}`;
}

function preview(response: HttpResponse): string {
  const body = response.text.length > 300 ? `${response.text.slice(0, 300)}…` : response.text;
  return `Body: ${JSON.stringify(body)}`;
}
