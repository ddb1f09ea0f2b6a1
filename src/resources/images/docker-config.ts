import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryConfigError } from '../../errors/index.js';
import { normalizeRegistry } from './registry-reference.js';

/** The parts of Docker's client configuration (`config.json`) that hold registry credentials. */
export interface DockerConfig {
  readonly auths?: Readonly<Record<string, DockerConfigAuth | undefined>>;
  /** Per registry: the credential helper to ask (`ecr-login` runs `docker-credential-ecr-login`). */
  readonly credHelpers?: Readonly<Record<string, string | undefined>>;
  /** The default credential helper for every registry. */
  readonly credsStore?: string;
}

/** One `auths` entry. */
export interface DockerConfigAuth {
  /** base64 of `username:password`. */
  readonly auth?: string;
  readonly identitytoken?: string;
  readonly username?: string;
  readonly password?: string;
}

/** The environment credential lookups read: `DOCKER_CONFIG`, `HOME`, and `PATH` for helper programs. */
export type CredentialEnv = Readonly<Record<string, string | undefined>>;

/** Where the config is: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: CredentialEnv): string {
  const dir = env.DOCKER_CONFIG?.trim() ? env.DOCKER_CONFIG : join(env.HOME?.trim() ? env.HOME : homedir(), '.docker');
  return join(dir, 'config.json');
}

/** The config at {@link dockerConfigPath}; `undefined` when there is none. Unreadable JSON throws {@link RegistryConfigError}. */
export async function readDockerConfig(
  env: CredentialEnv,
): Promise<{ readonly file: string; readonly config: DockerConfig } | undefined> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RegistryConfigError(file, error);
  }
  try {
    const config: unknown = JSON.parse(text);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error('the top level is not a JSON object');
    }
    return { file, config: config as DockerConfig };
  } catch (error) {
    throw new RegistryConfigError(file, error);
  }
}

/**
 * The value of `map` for `registry`, with keys in any of the forms Docker's
 * client writes (`host:port`, `https://host`, `https://index.docker.io/v1/`,
 * `docker.io`). A key written exactly as `registry` wins over an equivalent one.
 */
export function entryFor<T>(map: Readonly<Record<string, T | undefined>> | undefined, registry: string): T | undefined {
  if (!map || typeof map !== 'object') return undefined;
  if (map[registry] !== undefined) return map[registry];
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined && normalizeRegistry(key) === registry) return value;
  }
  return undefined;
}

/** The credential helper the config names for `registry`, and where it named it. */
export function helperFor(
  config: DockerConfig,
  registry: string,
): { readonly name: string; readonly source: 'credHelpers' | 'credsStore' } | undefined {
  const own = entryFor(config.credHelpers, registry);
  if (typeof own === 'string' && own !== '') return { name: own, source: 'credHelpers' };
  if (typeof config.credsStore === 'string' && config.credsStore !== '') {
    return { name: config.credsStore, source: 'credsStore' };
  }
  return undefined;
}

/** The credentials an `auths` entry holds for `registry`; `undefined` for none (or an empty entry). */
export function authsCredentials(
  config: DockerConfig,
  registry: string,
): { username?: string; password?: string; identitytoken?: string } | undefined {
  const entry = entryFor(config.auths, registry);
  if (!entry || typeof entry !== 'object') return undefined;
  let { username, password } = entry;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  const identitytoken =
    typeof entry.identitytoken === 'string' && entry.identitytoken ? entry.identitytoken : undefined;
  if (identitytoken) return { ...(username ? { username } : {}), identitytoken };
  if (typeof username === 'string' && username && typeof password === 'string') return { username, password };
  return undefined;
}
