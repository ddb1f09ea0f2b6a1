import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '../errors/index.js';
import { type ContextEnv, type DockerContext, readDockerContext, resolveContextName } from './contexts.js';

/** Where to reach a Docker engine. */
export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly source: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls: boolean;
      readonly source: string;
      /** Where ca.pem, cert.pem and key.pem are (a context's TLS data); unset: DOCKER_CERT_PATH or ~/.docker. */
      readonly certDir?: string;
      /** A context's SkipTLSVerify: TLS without checking the engine's certificate. */
      readonly skipTlsVerify?: boolean;
    }
  | {
      readonly kind: 'ssh';
      readonly host: string;
      readonly port: number;
      /** The ssh user; unset: the local user name, as ssh does. */
      readonly user?: string;
      readonly source: string;
    };

export interface EndpointEnv extends ContextEnv {
  readonly DOCKER_HOST?: string;
  readonly DOCKER_TLS_VERIFY?: string;
  readonly XDG_RUNTIME_DIR?: string;
  readonly HOME?: string;
}

/** Text form of an endpoint, as DOCKER_HOST would spell it. */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  if (endpoint.kind === 'unix') return `unix://${endpoint.socketPath}`;
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  if (endpoint.kind === 'ssh') return `ssh://${endpoint.user ? `${endpoint.user}@` : ''}${host}:${endpoint.port}`;
  return `tcp://${host}:${endpoint.port}${endpoint.tls ? ' (TLS)' : ''}`;
}

/** The host a tcp:// or ssh:// endpoint names (where its published ports live); `undefined` for a socket. */
export function endpointHost(endpoint: EngineEndpoint): string | undefined {
  return endpoint.kind === 'unix' ? undefined : endpoint.host;
}

/**
 * Parse a DOCKER_HOST-style address: `unix:///path`, `tcp://host:port`,
 * `ssh://user@host:port`, or a bare absolute socket path.
 */
export function parseDockerHost(value: string, source: string, tlsVerify = false): EngineEndpoint {
  const trimmed = value.trim();
  if (trimmed.startsWith('/')) return { kind: 'unix', socketPath: trimmed, source };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidOptionError(
      source,
      `'${value}' is not an engine address; use unix:///path, tcp://host:port or ssh://user@host`,
    );
  }
  if (url.protocol === 'unix:') {
    const socketPath = decodeURIComponent(url.pathname || url.host);
    if (!socketPath) throw new InvalidOptionError(source, `'${value}' names no socket path`);
    return { kind: 'unix', socketPath, source };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = url.protocol === 'https:' || tlsVerify;
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    if (!host) throw new InvalidOptionError(source, `'${value}' names no host`);
    return { kind: 'tcp', host, port, tls, source };
  }
  if (url.protocol === 'ssh:') {
    if (!host) throw new InvalidOptionError(source, `'${value}' names no host`);
    if (url.password) {
      throw new InvalidOptionError(
        source,
        `'${url.protocol}//${url.username}:***@${url.host}' holds a password; use a key`,
      );
    }
    if (url.pathname && url.pathname !== '/') {
      throw new InvalidOptionError(source, `'${value}' has a path; ssh:// takes user@host[:port] only`);
    }
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    return { kind: 'ssh', host, port: url.port ? Number(url.port) : 22, source, ...(user ? { user } : {}) };
  }
  throw new InvalidOptionError(
    source,
    `scheme '${url.protocol}' in '${value}' is not supported; use unix://, tcp:// or ssh://`,
  );
}

/** Reads a named context from the contexts store; connect.ts passes {@link readDockerContext}. */
export type ContextReader = (name: string, source: string, env: ContextEnv) => DockerContext;

/**
 * The endpoints to try, in order, as the docker CLI chooses: the
 * `engine.host` option, else DOCKER_HOST, else the context DOCKER_CONTEXT
 * names, else the config's `currentContext`, else the usual local sockets
 * (the `default` context). Anything configured is used alone: silently
 * falling back from a configured engine to another one would run tests
 * against the wrong daemon.
 */
export function candidateEndpoints(
  explicitHost: string | undefined,
  env: EndpointEnv,
  readContext: ContextReader = readDockerContext,
): EngineEndpoint[] {
  const tls = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (explicitHost !== undefined) return [parseDockerHost(explicitHost, 'engine.host option', tls)];
  if (env.DOCKER_HOST) return [parseDockerHost(env.DOCKER_HOST, 'DOCKER_HOST', tls)];
  const named = resolveContextName(env);
  if (named && named.name !== 'default') return [contextEndpoint(named.name, named.source, env, readContext)];
  return localSockets(env, named ? ` (Docker context 'default', ${named.source})` : '');
}

/** The endpoint of a named Docker context, with its own TLS files (never DOCKER_CERT_PATH's). */
export function contextEndpoint(
  name: string,
  why: string,
  env: ContextEnv,
  readContext: ContextReader = readDockerContext,
): EngineEndpoint {
  const context = readContext(name, why, env);
  const source = `Docker context '${context.name}' (${why})`;
  const endpoint = parseDockerHost(context.host, source, context.hasTls || context.skipTlsVerify);
  if (endpoint.kind !== 'tcp') return endpoint;
  return { ...endpoint, certDir: context.tlsDir, ...(context.skipTlsVerify ? { skipTlsVerify: true } : {}) };
}

/** The `default` context: the usual Docker sockets, then Podman's. */
export function localSockets(env: EndpointEnv, why: string): EngineEndpoint[] {
  const socket = (socketPath: string, source: string): EngineEndpoint => ({
    kind: 'unix',
    socketPath,
    source: `${source}${why}`,
  });
  const candidates: EngineEndpoint[] = [socket('/var/run/docker.sock', 'default socket')];
  if (env.XDG_RUNTIME_DIR) {
    candidates.push(socket(join(env.XDG_RUNTIME_DIR, 'docker.sock'), 'rootless socket ($XDG_RUNTIME_DIR)'));
  }
  const home = env.HOME ?? safeHomedir();
  if (home) candidates.push(socket(join(home, '.docker', 'run', 'docker.sock'), 'Docker Desktop socket'));
  candidates.push(socket('/run/podman/podman.sock', 'rootful Podman socket'));
  if (env.XDG_RUNTIME_DIR) {
    candidates.push(
      socket(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), 'rootless Podman socket ($XDG_RUNTIME_DIR)'),
    );
  }
  return candidates;
}

export function safeHomedir(): string | undefined {
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

/** The TLS files' directory for this endpoint: its context's TLS data, else {@link certDirectory}. */
export function endpointCertDirectory(endpoint: EngineEndpoint, env: CertEnv): string {
  return endpoint.kind === 'tcp' && endpoint.certDir !== undefined ? endpoint.certDir : certDirectory(env);
}
