import { Pool } from 'undici';
import { HttpBodyNotJsonError, HttpRequestError, InvalidOptionError } from '../errors/index.js';
import { assertDuration } from '../options/duration.js';
import type { PortSpec } from '../resources/definitions/ports.js';
import type { Container } from '../resources/handles/container.js';
import type { HttpMethod } from './request-options.js';
import { type TlsTrustOptions, tlsTrust } from './tls.js';

export type { HttpMethod } from './request-options.js';

export interface HttpRequestOptions {
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body. */
  readonly body?: string | Buffer;
  /** Sent as JSON, with `content-type: application/json`. */
  readonly json?: unknown;
  /** Time limit for the answer. @default the client's timeoutMs */
  readonly timeoutMs?: number;
}

export interface HttpClientOptions extends TlsTrustOptions {
  /** @default 'https' when `ca` or `insecure` is given, else 'http' */
  readonly scheme?: 'http' | 'https';
  /** Time limit of each request. @default 10_000 */
  readonly timeoutMs?: number;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A whole HTTP answer, body read. */
export interface HttpResponse {
  readonly url: string;
  readonly method: HttpMethod;
  readonly status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly text: string;
  /** The body parsed as JSON; throws a SeaworthyError saying what came back when it is not JSON. */
  json<T = unknown>(): T;
}

/**
 * An HTTP client bound to one published port of a container. Paths resolve
 * against the container's base URL (`/health` → `http://127.0.0.1:49153/health`).
 * It keeps connections open between requests and is closed when the
 * container is torn down (or by `close()`).
 */
export class HttpClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.baseUrl = baseUrl;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    assertDuration('httpClient timeoutMs', this.timeoutMs);
    this.headers = options.headers ?? {};
    const scheme = baseUrl.startsWith('https:') ? 'https' : baseUrl.startsWith('http:') ? 'http' : baseUrl;
    const { connect } = tlsTrust('httpClient', scheme, options);
    this.pool = new Pool(baseUrl, { connections: 8, ...(connect ? { connect } : {}) });
  }

  get(path: string, options: Omit<HttpRequestOptions, 'method'> = {}): Promise<HttpResponse> {
    return this.request(path, { ...options, method: 'GET' });
  }

  post(path: string, options: Omit<HttpRequestOptions, 'method'> = {}): Promise<HttpResponse> {
    return this.request(path, { ...options, method: 'POST' });
  }

  put(path: string, options: Omit<HttpRequestOptions, 'method'> = {}): Promise<HttpResponse> {
    return this.request(path, { ...options, method: 'PUT' });
  }

  delete(path: string, options: Omit<HttpRequestOptions, 'method'> = {}): Promise<HttpResponse> {
    return this.request(path, { ...options, method: 'DELETE' });
  }

  async request(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    if (!path.startsWith('/')) {
      throw new InvalidOptionError(
        'path',
        `${JSON.stringify(path)} must start with '/' (it is relative to ${this.baseUrl})`,
      );
    }
    const method = options.method ?? 'GET';
    if (options.timeoutMs !== undefined) assertDuration(`${method} ${path} timeoutMs`, options.timeoutMs);
    const timeout = options.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = { ...this.headers, ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const url = `${this.baseUrl}${path}`;
    try {
      const response = await this.pool.request({
        path,
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      return toResponse(url, method, response.statusCode, response.headers, bytes);
    } catch (error) {
      throw new HttpRequestError(method, url, error);
    }
  }

  /** Close its connections. Idempotent. */
  async close(): Promise<void> {
    if (!this.pool.closed && !this.pool.destroyed) await this.pool.close().catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** A client for a container's published port, closed when the container is torn down. */
export function httpClient(container: Container, port: PortSpec, options: HttpClientOptions = {}): HttpClient {
  const client = new HttpClient(
    container.baseUrl(port, tlsTrust('httpClient', options.scheme, options).scheme),
    options,
  );
  container.onTeardown(() => client.close());
  return client;
}

function toResponse(
  url: string,
  method: HttpMethod,
  status: number,
  raw: Record<string, string | string[] | undefined>,
  body: Buffer,
): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const text = body.toString('utf8');
  return {
    url,
    method,
    status,
    headers,
    body,
    text,
    json<T>(): T {
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new HttpBodyNotJsonError(method, url, status, headers['content-type'] ?? 'none', text, error);
      }
    },
  };
}
