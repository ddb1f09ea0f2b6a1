import { Client } from 'undici';
import { InvalidOptionError } from '../errors/index.js';
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

export interface HttpWaitOptions extends PollOptions {
  /** Container port to request. */
  readonly port: PortSpec;
  /** @default '/' */
  readonly path?: string;
  /** @default 'GET' */
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'OPTIONS';
  readonly headers?: Readonly<Record<string, string>>;
  /** Expected status, or a test on it. @default any 2xx */
  readonly status?: number | ((status: number) => boolean);
  /** Extra test on the whole answer (status, headers, body). */
  readonly predicate?: (answer: HttpAnswer) => boolean;
  /** Time limit of one request. @default 2_000 */
  readonly requestTimeoutMs?: number;
  /** @default 'http' */
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
  const method = options.method ?? 'GET';
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
    description: `${expected} from ${method} :${options.port}${path}`,
    ...ownTimeout('waitFor.http', options.timeoutMs),
    async wait(context: WaitContext): Promise<void> {
      const origin = baseUrlOf(context.host, await context.hostPort(options.port), options.scheme ?? 'http');
      const requestTimeout = options.requestTimeoutMs ?? 2_000;
      const client = new Client(origin, { headersTimeout: requestTimeout, bodyTimeout: requestTimeout, pipelining: 0 });
      try {
        await poll(
          async () => {
            const response = await client
              .request({ path, method, headers: { ...options.headers }, signal: context.signal })
              .catch((error: Error) => {
                // Each failed attempt is progress too (shown by DEBUG=seaworthy:wait).
                if (!context.signal.aborted) context.progress(`last error: ${error.message}`);
                throw error;
              });
            const body = await response.body.text();
            const answer: HttpAnswer = { status: response.statusCode, headers: response.headers, body };
            if (!statusOk(answer.status) || (options.predicate && !options.predicate(answer))) {
              context.progress(`last answer: HTTP ${answer.status} ${body.slice(0, 80).replace(/\s+/g, ' ')}`);
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
