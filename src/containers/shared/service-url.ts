import type { Container } from '../../resources/handles/container.js';

/** Where a client connects from. */
export type UrlFrom = 'host' | 'network';

export interface ServiceUrlParts {
  readonly scheme: string;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  /** Container port the service listens on. */
  readonly port: number;
  /** Path after the host, without the leading slash (a database, a vhost). */
  readonly path?: string | undefined;
}

/**
 * A service URL for a client on the host (published port on 127.0.0.1) or
 * in another container on the same helper network (the definition's name as
 * host, the container port). User, password and path are URL-encoded.
 */
export function serviceUrl(container: Container, parts: ServiceUrlParts, from: UrlFrom = 'host'): string {
  const host =
    from === 'network'
      ? `${container.definition.name}:${parts.port}`
      : `${container.host.includes(':') ? `[${container.host}]` : container.host}:${container.hostPort(parts.port)}`;
  const user = parts.user !== undefined ? encodeURIComponent(parts.user) : '';
  const password = parts.password !== undefined ? `:${encodeURIComponent(parts.password)}` : '';
  const auth = user || password ? `${user}${password}@` : '';
  const path = parts.path !== undefined ? `/${encodeURIComponent(parts.path)}` : '';
  return `${parts.scheme}://${auth}${host}${path}`;
}

/** The URL with its password replaced by `***`, for messages. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
