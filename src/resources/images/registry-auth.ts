import { debugLogger } from '../../debug/logger.js';
import type { RawRegistryAuth } from '../../engine/progress-types.js';
import { CredentialHelperError, InvalidOptionError } from '../../errors/index.js';
import { runCredentialHelper } from './credential-helper.js';
import { authsCredentials, type CredentialEnv, helperFor, readDockerConfig } from './docker-config.js';
import { registryOf, serverAddressOf } from './registry-reference.js';

const log = debugLogger('engine');

/**
 * Credentials for a registry, given in code: a username and password, or an
 * identity token (an OAuth refresh token some registries hand out at login).
 */
export interface RegistryCredentials {
  readonly username?: string;
  readonly password?: string;
  readonly identityToken?: string;
}

export interface ResolveRegistryAuthOptions {
  /** Credentials given in code: they win over any configuration. */
  readonly auth?: RegistryCredentials;
  /** Where `DOCKER_CONFIG`, `HOME` and `PATH` (for credential helpers) are read. @default process.env */
  readonly env?: CredentialEnv;
}

/**
 * The credentials to send with a pull or push of `reference`, for its
 * registry (see {@link registryOf}), in this order:
 *
 * 1. `options.auth`, given in code;
 * 2. from `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`):
 *    the registry's `credHelpers` entry, else `credsStore`, asked through
 *    the `docker-credential-<name>` program; then the registry's `auths`
 *    entry (`auth`, base64 of `user:password`, or `identitytoken`).
 *
 * `undefined` when none is found: the pull or push goes anonymously. A
 * `credHelpers` program that is not installed throws
 * {@link CredentialHelperError} (that registry was configured to need it);
 * a missing `credsStore` program is skipped with a debug note (a config
 * copied from Docker Desktop names `desktop`, which CI machines lack, and
 * public images need no login).
 */
export async function resolveRegistryAuth(
  reference: string,
  options: ResolveRegistryAuthOptions = {},
): Promise<RawRegistryAuth | undefined> {
  const registry = registryOf(reference);
  const serveraddress = serverAddressOf(registry);
  if (options.auth !== undefined) return { ...checkCredentials(options.auth), serveraddress };
  const env = options.env ?? process.env;
  const found = await readDockerConfig(env);
  if (!found) return undefined;
  const { file, config } = found;
  const helper = helperFor(config, registry);
  if (helper) {
    const credentials = await runCredentialHelper(helper.name, serveraddress, registry, file, env);
    if (credentials === 'missing') {
      const program = `docker-credential-${helper.name}`;
      if (helper.source === 'credHelpers') throw new CredentialHelperError(program, registry, 'missing', file);
      log('credentials for %s: %s (credsStore in %s) is not on PATH; reading "auths"', registry, program, file);
    } else if (credentials) {
      log('credentials for %s: from docker-credential-%s (%s in %s)', registry, helper.name, helper.source, file);
      return { ...credentials, serveraddress };
    }
  }
  const stored = authsCredentials(config, registry);
  if (stored) {
    log('credentials for %s: from "auths" in %s', registry, file);
    return { ...stored, serveraddress };
  }
  return undefined;
}

/** Check credentials given in code: a username with a password, or an identity token. */
export function checkCredentials(auth: RegistryCredentials, option = 'auth'): Omit<RawRegistryAuth, 'serveraddress'> {
  if (typeof auth !== 'object' || auth === null) {
    throw new InvalidOptionError(option, 'must be { username, password } or { identityToken }');
  }
  const { username, password, identityToken } = auth;
  for (const [key, value] of Object.entries({ username, password, identityToken })) {
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidOptionError(`${option}.${key}`, `must be a string, got ${typeof value}`);
    }
  }
  if (identityToken) return { ...(username ? { username } : {}), identitytoken: identityToken };
  if (!username || password === undefined) {
    throw new InvalidOptionError(option, 'needs both `username` and `password` (or an `identityToken`)');
  }
  return { username, password };
}
