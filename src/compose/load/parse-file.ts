import type { ComposeNetwork, ComposeVolume } from '../model.js';
import { keyContext, serviceContext } from './context.js';
import { interpolateTree, type VariableLookup } from './interpolate.js';
import { normalizeService } from './normalize-service.js';
import { isMapping, type RawMapping, readComposeFile } from './read-yaml.js';
import type { ServiceDraft } from './service-draft.js';
import { parseNetwork, parseVolume } from './top-level.js';
import { checkSupportedKeys } from './unsupported-keys.js';
import { type SchemaCache, validateAgainstSchema } from './validate-schema.js';

/*
 * One file through the per-file steps: read and parse the YAML, interpolate,
 * validate against the schema, refuse unsupported keys, and normalise each
 * service into a draft (its `extends` still unresolved). A load session
 * parses each file once per base folder.
 */

export interface ParsedFile {
  readonly file: string;
  /** Relative paths in this file are resolved against it. */
  readonly baseDirectory: string;
  readonly name?: string;
  readonly services: Readonly<Record<string, ServiceDraft>>;
  readonly networks: Readonly<Record<string, { readonly network: ComposeNetwork; readonly raw: RawMapping }>>;
  readonly volumes: Readonly<Record<string, { readonly volume: ComposeVolume; readonly raw: RawMapping }>>;
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

function parseFile(file: string, baseDirectory: string, lookup: VariableLookup, schema: SchemaCache): ParsedFile {
  const data = interpolateTree(readComposeFile(file), lookup, file) as RawMapping;
  validateAgainstSchema(data, file, schema);
  checkSupportedKeys(data, file);
  const services: Record<string, ServiceDraft> = {};
  for (const [name, raw] of Object.entries(isMapping(data.services) ? data.services : {})) {
    services[name] = normalizeService(isMapping(raw) ? raw : {}, serviceContext(file, name, baseDirectory, lookup));
  }
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
  const name = typeof data.name === 'string' ? data.name : undefined;
  return { file, baseDirectory, ...(name !== undefined && { name }), services, networks, volumes };
}
