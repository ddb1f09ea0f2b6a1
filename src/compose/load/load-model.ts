import { dirname, resolve } from 'node:path';
import { InvalidOptionError } from '../../errors/options.js';
import type { ComposeModel, ComposeNetwork, ComposeService, ComposeVolume } from '../model.js';
import { applyLinkAliases, checkReferences, type DraftOf, finalizeService } from './build-model.js';
import { projectVariables } from './env-file.js';
import { resolveExtends } from './extends.js';
import type { VariableLookup } from './interpolate.js';
import { mergeDrafts } from './merge.js';
import { createLoadSession } from './parse-file.js';
import { activeServices, profilesFromVariable } from './profiles.js';
import { mergeNetwork, mergeVolume } from './top-level.js';

/** Where `loadCompose()` reads variables and which profiles it enables. */
export interface LoadComposeOptions {
  /**
   * Folder relative paths (build contexts, bind sources, `env_file`) are
   * resolved against. @default the first file's folder
   */
  readonly projectDirectory?: string;
  /** Variables for `${VAR}` interpolation, over the `.env` file's. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `.env` file(s) to read, or `false` for none. @default `<projectDirectory>/.env` when it exists */
  readonly envFile?: string | readonly string[] | false;
  /** Profiles to enable. @default $COMPOSE_PROFILES (comma-separated), else none */
  readonly profiles?: readonly string[];
}

const DEFAULT_NETWORK: ComposeNetwork = {
  key: 'default',
  external: false,
  driverOpts: {},
  internal: false,
  attachable: false,
  enableIpv6: false,
  labels: {},
};

/**
 * Read, interpolate, merge and validate compose files into a
 * {@link ComposeModel}. Throws a typed error naming the file, the service
 * and the key for anything malformed or unsupported.
 */
export function loadComposeModel(files: string | readonly string[], options: LoadComposeOptions = {}): ComposeModel {
  const list = typeof files === 'string' ? [files] : [...files];
  if (list.length === 0) throw new InvalidOptionError('files', 'give at least one compose file');
  const absolute = list.map((f) => resolve(f));
  const projectDirectory = resolve(options.projectDirectory ?? dirname(absolute[0] as string));
  const variables = projectVariables(projectDirectory, options.env ?? process.env, options.envFile);
  // `$VAR` / `${VAR}` of an unset variable become '' (as in docker compose), with a warning.
  const unset = new Set<string>();
  const lookup: VariableLookup = (variable, plain) => {
    const value = variables.lookup(variable);
    if (value === undefined && plain) unset.add(variable);
    return value;
  };
  const session = createLoadSession(projectDirectory, lookup);

  let name: string | undefined;
  const drafts: Record<string, DraftOf> = {};
  const networks: Record<string, ComposeNetwork> = {};
  const volumes: Record<string, ComposeVolume> = {};
  for (const file of absolute) {
    const parsed = session.parse(file, projectDirectory);
    name = parsed.name ?? name;
    for (const [service, draft] of Object.entries(resolveExtends(session, parsed))) {
      const before = drafts[service];
      drafts[service] = { draft: before ? mergeDrafts(before.draft, draft) : draft, file };
    }
    const top = parsed.topLevel();
    for (const [key, { network, raw }] of Object.entries(top.networks)) {
      const before = networks[key];
      networks[key] = before ? mergeNetwork(before, network, raw) : network;
    }
    for (const [key, { volume, raw }] of Object.entries(top.volumes)) {
      const before = volumes[key];
      volumes[key] = before ? mergeVolume(before, volume, raw) : volume;
    }
  }

  let all: Record<string, ComposeService> = {};
  for (const [service, of] of Object.entries(drafts)) all[service] = finalizeService(service, of, projectDirectory);
  all = applyLinkAliases(all, drafts);
  checkReferences(all, drafts, networks, volumes);
  const profiles = options.profiles ?? profilesFromVariable(variables.lookup('COMPOSE_PROFILES'));
  const services = activeServices(all, profiles);
  if (!networks.default && Object.values(services).some((s) => s.networks.default)) networks.default = DEFAULT_NETWORK;

  return {
    ...(name !== undefined && { name }),
    files: absolute,
    projectDirectory,
    services,
    networks,
    volumes,
    warnings: [...unset].map(
      (variable) =>
        `variable ${variable} is not set: an empty string is used in its place ` +
        `(set it in the environment or the .env file, or write \${${variable}:-default})`,
    ),
  };
}
