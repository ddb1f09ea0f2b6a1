import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '../errors/index.js';

/** Where to reach a Docker engine. */
export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly source: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls: boolean;
      readonly source: string;
    };

export interface EndpointEnv {
  readonly DOCKER_HOST?: string;
  readonly DOCKER_TLS_VERIFY?: string;
  readonly XDG_RUNTIME_DIR?: string;
  readonly HOME?: string;
}

/** Text form of an endpoint, as DOCKER_HOST would spell it. */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  return endpoint.kind === 'unix'
    ? `unix://${endpoint.socketPath}`
    : `tcp://${endpoint.host}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`;
}

/**
 * Parse a DOCKER_HOST-style address: `unix:///path`, `tcp://host:port`,
 * or a bare absolute socket path.
 */
export function parseDockerHost(value: string, source: string, tlsVerify = false): EngineEndpoint {
  const trimmed = value.trim();
  if (trimmed.startsWith('/')) return { kind: 'unix', socketPath: trimmed, source };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidOptionError(source, `'${value}' is not an engine address; use unix:///path or tcp://host:port`);
  }
  if (url.protocol === 'unix:') {
    const socketPath = decodeURIComponent(url.pathname || url.host);
    if (!socketPath) throw new InvalidOptionError(source, `'${value}' names no socket path`);
    return { kind: 'unix', socketPath, source };
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = url.protocol === 'https:' || tlsVerify;
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!host) throw new InvalidOptionError(source, `'${value}' names no host`);
    return { kind: 'tcp', host, port, tls, source };
  }
  throw new InvalidOptionError(
    source,
    `scheme '${url.protocol}' in '${value}' is not supported; use unix:// or tcp:// (for ssh://, forward the socket)`,
  );
}

/**
 * The endpoints to try, in order. An explicit host or DOCKER_HOST is used
 * alone: silently falling back from a configured engine to another one would
 * run tests against the wrong daemon. Otherwise the usual local sockets.
 */
export function candidateEndpoints(explicitHost: string | undefined, env: EndpointEnv): EngineEndpoint[] {
  const tls = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (explicitHost !== undefined) return [parseDockerHost(explicitHost, 'engine.host option', tls)];
  if (env.DOCKER_HOST) return [parseDockerHost(env.DOCKER_HOST, 'DOCKER_HOST', tls)];
  const candidates: EngineEndpoint[] = [{ kind: 'unix', socketPath: '/var/run/docker.sock', source: 'default socket' }];
  if (env.XDG_RUNTIME_DIR) {
    candidates.push({
      kind: 'unix',
      socketPath: join(env.XDG_RUNTIME_DIR, 'docker.sock'),
      source: 'rootless socket ($XDG_RUNTIME_DIR)',
    });
  }
  const home = env.HOME ?? safeHomedir();
  if (home) {
    candidates.push({
      kind: 'unix',
      socketPath: join(home, '.docker', 'run', 'docker.sock'),
      source: 'Docker Desktop socket',
    });
  }
  return candidates;
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** Where the TLS client files are: DOCKER_CERT_PATH, else ~/.docker (as the docker CLI). */
export interface CertEnv {
  readonly DOCKER_CERT_PATH?: string;
  readonly HOME?: string;
}

/** The directory holding ca.pem, cert.pem and key.pem for a TLS engine. */
export function certDirectory(env: CertEnv): string {
  return env.DOCKER_CERT_PATH ?? join(env.HOME ?? '', '.docker');
}
