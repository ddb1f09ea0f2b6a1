import { InvalidOptionError } from '../errors/index.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Credentials for HTTP basic authentication (RFC 7617). */
export interface BasicAuth {
  readonly username: string;
  readonly password: string;
}

/** What a request sends besides its path. */
export interface RequestShape {
  readonly method?: HttpMethod;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Sent as `Authorization: Basic …`. Not together with an `authorization` header. */
  readonly auth?: BasicAuth;
}

/** A checked {@link RequestShape}: the method, the headers to send (auth included) and the body. */
export interface CheckedRequest {
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer | undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LINE_BREAK = /[\r\n\0]/;

/** Check method, headers, body and auth before any request; `name` prefixes the option paths. */
export function checkRequest(name: string, shape: RequestShape): CheckedRequest {
  const method = shape.method ?? 'GET';
  if (!HTTP_METHODS.includes(method)) {
    throw new InvalidOptionError(
      `${name} method`,
      `${JSON.stringify(method)} is not one of ${HTTP_METHODS.join(', ')} (upper case)`,
    );
  }
  const headers: Record<string, string> = {};
  if (shape.headers !== undefined) {
    if (typeof shape.headers !== 'object' || shape.headers === null || Array.isArray(shape.headers)) {
      throw new InvalidOptionError(`${name} headers`, 'must be an object of header names to string values');
    }
    for (const [header, value] of Object.entries(shape.headers)) {
      if (!TOKEN.test(header)) {
        throw new InvalidOptionError(`${name} headers`, `${JSON.stringify(header)} is not a valid header name`);
      }
      if (typeof value !== 'string' || LINE_BREAK.test(value)) {
        throw new InvalidOptionError(
          `${name} headers.${header}`,
          'must be a string without line breaks (convert numbers with String())',
        );
      }
      headers[header] = value;
    }
  }
  const body = shape.body;
  if (body !== undefined) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new InvalidOptionError(`${name} body`, 'must be a string or a Buffer (JSON.stringify an object first)');
    }
    if (method === 'GET' || method === 'HEAD') {
      throw new InvalidOptionError(`${name} body`, `a ${method} request has no body; use method 'POST' or 'PUT'`);
    }
  }
  if (shape.auth !== undefined) {
    const { username, password } = (shape.auth ?? {}) as Partial<BasicAuth>;
    if (typeof username !== 'string' || username === '' || username.includes(':') || LINE_BREAK.test(username)) {
      throw new InvalidOptionError(
        `${name} auth.username`,
        'must be a non-empty string without ":" or line breaks (basic auth joins it to the password with ":")',
      );
    }
    if (typeof password !== 'string' || LINE_BREAK.test(password)) {
      throw new InvalidOptionError(`${name} auth.password`, 'must be a string without line breaks');
    }
    if (Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
      throw new InvalidOptionError(`${name} auth`, 'give either `auth` or an `authorization` header, not both');
    }
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }
  return { method, headers, body };
}
