import { Client } from 'undici';
import { InvalidOptionError } from '../errors/index.js';
import { type BasicAuth, checkRequest, type HttpMethod } from '../http/request-options.js';
import { explainRequestError, type TlsTrustOptions, tlsTrust } from '../http/tls.js';
import { assertDuration } from '../options/duration.js';
import type { PortSpec } from '../resources/definitions/ports.js';
import { baseUrlOf } from '../resources/handles/published-port.js';
import type { WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { ownTimeout } from './own-timeout.js';
import { assertPollOptions, type PollOptions, poll } from './poll.js';

/** What an HTTP answer looked like, for predicates. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpWaitOptions extends PollOptions, TlsTrustOptions {
  /** Container port to request. */
  readonly port: PortSpec;
  /** @default '/' */
  readonly path?: string;
  /** @default 'GET' */
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body (not with GET or HEAD). Set `content-type` in `headers` if the server needs one. */
  readonly body?: string | Buffer;
  /** Basic authentication: sent as `Authorization: Basic …`. */
  readonly auth?: BasicAuth;
  /** Expected status, or a test on it. @default any 2xx */
  readonly status?: number | ((status: number) => boolean);
  /** Extra test on the whole answer (status, headers, body). */
  readonly predicate?: (answer: HttpAnswer) => boolean;
  /** Time limit of one request. @default 2_000 */
  readonly requestTimeoutMs?: number;
  /** @default 'https' when `ca` or `insecure` is given, else 'http' */
  readonly scheme?: 'http' | 'https';
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/**
 * Ready once an HTTP request to a published port gets the expected answer.
 * Requests repeat with a short backoff (nothing else can tell when a server
 * answers); the connection pool is closed when the wait ends.
 */
export function http(options: HttpWaitOptions): WaitStrategy {
  if (!options || options.port === undefined) {
    throw new InvalidOptionError('port', 'an HTTP wait needs the container port to request, e.g. { port: 8080 }');
  }
  const path = options.path ?? '/';
  if (!path.startsWith('/')) throw new InvalidOptionError('path', `${JSON.stringify(path)} must start with '/'`);
  const { method, headers, body } = checkRequest('waitFor.http', options);
  const { scheme, connect } = tlsTrust('waitFor.http', options.scheme, options);
  assertPollOptions('waitFor.http', options);
  if (options.requestTimeoutMs !== undefined) assertDuration('waitFor.http requestTimeoutMs', options.requestTimeoutMs);
  const statusOk =
    typeof options.status === 'function'
      ? options.status
      : typeof options.status === 'number'
        ? (s: number) => s === options.status
        : (s: number) => s >= 200 && s < 300;
  const expected =
    typeof options.status === 'number'
      ? `HTTP ${options.status}`
      : typeof options.status === 'function'
        ? 'an accepted status'
        : 'HTTP 2xx';
  return {
    description: `${expected} from ${method} :${options.port}${path}${scheme === 'https' ? ' over https' : ''}`,
    ...ownTimeout('waitFor.http', options.timeoutMs),
    async wait(context: WaitContext): Promise<void> {
      const origin = baseUrlOf(context.host, await context.hostPort(options.port), scheme);
      const requestTimeout = options.requestTimeoutMs ?? 2_000;
      const client = new Client(origin, {
        headersTimeout: requestTimeout,
        bodyTimeout: requestTimeout,
        pipelining: 0,
        ...(connect ? { connect } : {}),
      });
      try {
        await poll(
          async () => {
            const response = await client
              .request({ path, method, headers: { ...headers }, body, signal: context.signal })
              .catch((error: Error) => {
                // Each failed attempt is progress too (shown by DEBUG=seaworthy:wait); TLS failures say what to do.
                if (!context.signal.aborted) context.progress(`last error: ${explainRequestError(error, options)}`);
                throw error;
              });
            const text = await response.body.text();
            const answer: HttpAnswer = { status: response.statusCode, headers: response.headers, body: text };
            if (!statusOk(answer.status) || (options.predicate && !options.predicate(answer))) {
              context.progress(`last answer: HTTP ${answer.status} ${text.slice(0, 80).replace(/\s+/g, ' ')}`);
              throw new Error(`unexpected answer ${answer.status}`);
            }
          },
          context.signal,
          options,
        ).catch((error) => {
          if (!context.signal.aborted) context.progress(`last error: ${(error as Error).message}`);
          throw error;
        });
      } finally {
        await client.destroy().catch(() => undefined);
      }
    },
  };
}
