/**
 * Docker contexts, read as the docker CLI reads them: the context's name
 * from DOCKER_CONTEXT, else `currentContext` in `$DOCKER_CONFIG/config.json`
 * (default `~/.docker`); its endpoint from the contexts store,
 * `contexts/meta/<sha256 of the name>/meta.json`, and its TLS files from
 * `contexts/tls/<sha256 of the name>/docker/`. DOCKER_HOST wins over both
 * (endpoint.ts checks it first), as in the docker CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockerContextNotFoundError, InvalidOptionError } from '../errors/index.js';

export interface ContextEnv {
  readonly DOCKER_CONTEXT?: string;
  readonly DOCKER_CONFIG?: string;
  readonly HOME?: string;
}

/** A context's docker endpoint. */
export interface DockerContext {
  readonly name: string;
  /** Its `Endpoints.docker.Host`: `unix://…`, `tcp://…`, `ssh://…`. */
  readonly host: string;
  readonly skipTlsVerify: boolean;
  /** The directory for its ca.pem / cert.pem / key.pem (there or not). */
  readonly tlsDir: string;
  /** Whether it has TLS data (that directory exists). */
  readonly hasTls: boolean;
}

/** The docker CLI's configuration directory: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: ContextEnv): string {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  let home = env.HOME;
  if (home === undefined) {
    try {
      home = homedir();
    } catch {
      home = '';
    }
  }
  return join(home, '.docker');
}

/**
 * Which context is asked for, and by what: DOCKER_CONTEXT, else the config's
 * `currentContext`; `undefined` when neither names one (the `default` context).
 */
export function resolveContextName(env: ContextEnv): { name: string; source: string } | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return { name: fromEnv, source: 'DOCKER_CONTEXT' };
  const configFile = join(dockerConfigDir(env), 'config.json');
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return undefined; // no config: the default context, as the docker CLI
  }
  let config: { currentContext?: unknown };
  try {
    config = JSON.parse(text) as { currentContext?: unknown };
  } catch (error) {
    throw new InvalidOptionError(configFile, `is not valid JSON (${(error as Error).message})`);
  }
  const current = typeof config.currentContext === 'string' ? config.currentContext.trim() : '';
  return current ? { name: current, source: `currentContext in ${configFile}` } : undefined;
}

/** The store's directory name for a context: the sha256 of its name, in hex. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** Read a named context's docker endpoint; {@link DockerContextNotFoundError} listing the contexts there are. */
export function readDockerContext(name: string, source: string, env: ContextEnv): DockerContext {
  const contextsDir = join(dockerConfigDir(env), 'contexts');
  const metaFile = join(contextsDir, 'meta', contextDirName(name), 'meta.json');
  let meta: { Name?: string; Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DockerContextNotFoundError(name, source, contextsDir, listDockerContexts(env));
    }
    throw new InvalidOptionError(metaFile, `context '${name}' cannot be read: ${(error as Error).message}`);
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new InvalidOptionError(metaFile, `context '${name}' has no docker endpoint host`);
  const tlsDir = join(contextsDir, 'tls', contextDirName(name), 'docker');
  return {
    name,
    host: docker.Host,
    skipTlsVerify: docker.SkipTLSVerify === true,
    tlsDir,
    hasTls: existsSync(tlsDir),
  };
}

/** The contexts in the store, `default` first (it always exists), then by name. */
export function listDockerContexts(env: ContextEnv): string[] {
  const metaDir = join(dockerConfigDir(env), 'contexts', 'meta');
  const names: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(metaDir);
  } catch {
    // no store: only the default context
  }
  for (const entry of entries) {
    try {
      const meta = JSON.parse(readFileSync(join(metaDir, entry, 'meta.json'), 'utf8')) as { Name?: unknown };
      if (typeof meta.Name === 'string') names.push(meta.Name);
    } catch {
      // not a context
    }
  }
  return ['default', ...names.sort()];
}
