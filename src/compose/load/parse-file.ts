import type { ComposeNetwork, ComposeVolume } from '../model.js';
import { keyContext, serviceContext } from './context.js';
import { interpolateTree, type VariableLookup } from './interpolate.js';
import { normalizeService } from './normalize-service.js';
import { isMapping, type RawMapping, readComposeFile } from './read-yaml.js';
import type { ServiceDraft } from './service-draft.js';
import { parseNetwork, parseVolume } from './top-level.js';
import { checkServiceKeys, checkTopLevelKeys } from './unsupported-keys.js';
import { type SchemaCache, validateAgainstSchema } from './validate-schema.js';

/*
 * One file through the per-file steps: read and parse the YAML, interpolate,
 * validate the whole file against the schema; then, when asked, refuse
 * unsupported keys and normalise a service into a draft (its `extends`
 * still unresolved), or the top-level networks and volumes. A file only
 * reached through `extends` has just the services it lends checked. A load
 * session parses each file once per base folder.
 */

export interface TopLevel {
  readonly networks: Readonly<Record<string, { readonly network: ComposeNetwork; readonly raw: RawMapping }>>;
  readonly volumes: Readonly<Record<string, { readonly volume: ComposeVolume; readonly raw: RawMapping }>>;
}

export interface ParsedFile {
  readonly file: string;
  /** Relative paths in this file are resolved against it. */
  readonly baseDirectory: string;
  readonly name?: string;
  readonly serviceNames: readonly string[];
  /** The service's draft (checked and normalised on first use), or undefined when the file has none by that name. */
  service(name: string): ServiceDraft | undefined;
  /** The top-level `networks:` and `volumes:`, checked and normalised on first use. */
  topLevel(): TopLevel;
}

/** The state of one `loadComposeModel()` call: variables, the compiled schema, the files parsed so far. */
export interface LoadSession {
  readonly projectDirectory: string;
  readonly lookup: VariableLookup;
  parse(file: string, baseDirectory: string): ParsedFile;
}

export function createLoadSession(projectDirectory: string, lookup: VariableLookup): LoadSession {
  const schema: SchemaCache = {};
  const parsed = new Map<string, ParsedFile>();
  return {
    projectDirectory,
    lookup,
    parse(file, baseDirectory) {
      const key = `${file}\0${baseDirectory}`;
      let result = parsed.get(key);
      if (!result) {
        result = parseFile(file, baseDirectory, lookup, schema);
        parsed.set(key, result);
      }
      return result;
    },
  };
}

function parseTopLevel(data: RawMapping, file: string, baseDirectory: string, lookup: VariableLookup): TopLevel {
  checkTopLevelKeys(data, file);
  const networks: Record<string, { network: ComposeNetwork; raw: RawMapping }> = {};
  for (const [key, raw] of Object.entries(isMapping(data.networks) ? data.networks : {})) {
    const ctx = keyContext(file, `networks.${key}`, baseDirectory, lookup);
    networks[key] = { network: parseNetwork(key, raw, ctx), raw: isMapping(raw) ? raw : {} };
  }
  const volumes: Record<string, { volume: ComposeVolume; raw: RawMapping }> = {};
  for (const [key, raw] of Object.entries(isMapping(data.volumes) ? data.volumes : {})) {
    const ctx = keyContext(file, `volumes.${key}`, baseDirectory, lookup);
    volumes[key] = { volume: parseVolume(key, raw, ctx), raw: isMapping(raw) ? raw : {} };
  }
  return { networks, volumes };
}

function parseFile(file: string, baseDirectory: string, lookup: VariableLookup, schema: SchemaCache): ParsedFile {
  const data = interpolateTree(readComposeFile(file), lookup, file) as RawMapping;
  validateAgainstSchema(data, file, schema);
  const rawServices: RawMapping = isMapping(data.services) ? data.services : {};
  const drafts = new Map<string, ServiceDraft>();
  let top: TopLevel | undefined;
  const name = typeof data.name === 'string' ? data.name : undefined;
  return {
    file,
    baseDirectory,
    ...(name !== undefined && { name }),
    serviceNames: Object.keys(rawServices),
    service(service) {
      if (!Object.hasOwn(rawServices, service)) return undefined;
      let draft = drafts.get(service);
      if (!draft) {
        const raw = rawServices[service];
        checkServiceKeys(service, raw, file);
        draft = normalizeService(isMapping(raw) ? raw : {}, serviceContext(file, service, baseDirectory, lookup));
        drafts.set(service, draft);
      }
      return draft;
    },
    topLevel() {
      top ??= parseTopLevel(data, file, baseDirectory, lookup);
      return top;
    },
  };
}
