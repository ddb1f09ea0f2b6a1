import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { StructureConfigError } from '../errors/index.js';
import type {
  CommandTestConfig,
  ContainerRunOptionsConfig,
  FileContentTestConfig,
  FileExistenceTestConfig,
  LicenseTestConfig,
  MetadataTestConfig,
  StructureEnvVar,
  StructureTestConfig,
} from './config-types.js';

/**
 * Reading a container-structure-test config as the Go tool does with
 * `yaml.UnmarshalStrict`: YAML 1.1 scalars (`yes` is true), unknown keys and
 * values of the wrong type are errors naming their path. Pure.
 */

type Reader<T> = (value: unknown, path: string, source: string) => T;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const fail = (source: string, path: string, problem: string) => new StructureConfigError(source, path, problem);

/** Scalars become text, as yaml.v2 does for a string field (`8080` is '8080'). */
const text: Reader<string> = (value, path, source) => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw fail(source, path, `expected a string, got ${kind(value)}`);
};

const integer =
  (fallback: number): Reader<number> =>
  (value, path, source) => {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    throw fail(source, path, `expected an integer, got ${kind(value)}`);
  };

const boolean =
  (fallback: boolean): Reader<boolean> =>
  (value, path, source) => {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    throw fail(source, path, `expected true or false, got ${kind(value)}`);
  };

function list<T>(item: Reader<T>): Reader<T[]> {
  return (value, path, source) => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw fail(source, path, `expected a list, got ${kind(value)}`);
    return value.map((v, i) => item(v, `${path}[${i}]`, source));
  };
}

function optionalList<T>(item: Reader<T>): Reader<T[] | undefined> {
  const read = list(item);
  return (value, path, source) => (value === undefined || value === null ? undefined : read(value, path, source));
}

type Fields = Record<string, Reader<unknown>>;
type Shape<F extends Fields> = { -readonly [K in keyof F]: ReturnType<F[K]> };

function record<F extends Fields>(fields: F): Reader<Shape<F>> {
  return (value, path, source) => {
    const raw = value === undefined || value === null ? {} : value;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw fail(source, path, `expected a mapping, got ${kind(raw)}`);
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(fields, key)) {
        throw fail(source, at(key), `unknown key (known here: ${Object.keys(fields).join(', ')})`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, read] of Object.entries(fields))
      out[key] = read((raw as Record<string, unknown>)[key], at(key), source);
    return out as Shape<F>;
  };
}

const strings = list(text);
const envVar: Reader<StructureEnvVar> = record({ key: text, value: text, isRegex: boolean(false) });

const commandTest: Reader<CommandTestConfig> = record({
  name: text,
  setup: list(strings),
  teardown: list(strings),
  envVars: list(envVar),
  exitCode: integer(0),
  command: text,
  args: strings,
  expectedOutput: strings,
  excludedOutput: strings,
  expectedError: strings,
  excludedError: strings,
});

const fileExistenceTest: Reader<FileExistenceTestConfig> = record({
  name: text,
  path: text,
  shouldExist: boolean(true),
  permissions: text,
  uid: integer(-1),
  gid: integer(-1),
  isExecutableBy: text,
});

const fileContentTest: Reader<FileContentTestConfig> = record({
  name: text,
  path: text,
  expectedContents: strings,
  excludedContents: strings,
});

const metadataTest: Reader<MetadataTestConfig> = record({
  envVars: list(envVar),
  unboundEnvVars: list(envVar),
  exposedPorts: strings,
  unexposedPorts: strings,
  entrypoint: optionalList(text),
  cmd: optionalList(text),
  workdir: text,
  volumes: strings,
  unmountedVolumes: strings,
  labels: list(envVar),
  user: text,
});

const licenseTest: Reader<LicenseTestConfig> = record({ debian: boolean(false), files: strings });

const envFileUnsupported: Reader<undefined> = (value, path, source) => {
  if (value === undefined || value === null || value === '') return undefined;
  throw fail(source, path, 'envFile is not supported here; list the variables under containerRunOptions.envVars');
};

const runOptions = record({
  user: text,
  privileged: boolean(false),
  allocateTty: boolean(false),
  envFile: envFileUnsupported,
  envVars: strings,
  capabilities: strings,
  bindMounts: strings,
});

const schemaVersion: Reader<'2.0.0'> = (value, path, source) => {
  if (value === undefined || value === null || value === '') {
    throw fail(source, path, 'is missing; container-structure-test configs say `schemaVersion: 2.0.0`');
  }
  if (value !== '2.0.0') {
    throw fail(source, path, `${kind(value)} is not supported; only 2.0.0 is (write it quoted: "2.0.0")`);
  }
  return value;
};

const structureTest = record({
  schemaVersion,
  globalEnvVars: list(envVar),
  commandTests: list(commandTest),
  fileExistenceTests: list(fileExistenceTest),
  fileContentTests: list(fileContentTest),
  metadataTest,
  licenseTests: list(licenseTest),
  containerRunOptions: runOptions,
});

/**
 * Check a config given as YAML (or JSON) text, or as an object with the same
 * keys. Throws {@link StructureConfigError} naming the path at fault.
 */
export function parseStructureConfig(input: string | object, source = '<config>'): StructureTestConfig {
  let value: unknown = input;
  if (typeof input === 'string') {
    const doc = parseDocument(input, { version: '1.1', uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) throw fail(source, '', `is not valid YAML: ${error.message}`);
    value = doc.toJS();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(source, '', `expected a mapping at the top, got ${kind(value)}`);
  }
  // The version first, so a config for another version says so instead of listing unknown keys.
  schemaVersion((value as Record<string, unknown>).schemaVersion, 'schemaVersion', source);
  const parsed = structureTest(value, '', source);
  const { envFile: _, ...containerRunOptions }: ContainerRunOptionsConfig & { envFile: undefined } =
    parsed.containerRunOptions;
  return { ...parsed, containerRunOptions, source } as StructureTestConfig;
}

/** Read and check a config file (`.yaml`, `.yml` or `.json`). */
export async function loadStructureConfig(file: string): Promise<StructureTestConfig> {
  if (!/\.(ya?ml|json)$/i.test(file)) {
    throw new StructureConfigError(file, '', 'is not a .yaml, .yml or .json file (the Go tool reads only those)');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StructureConfigError(file, '', `can't be read (${(error as Error).message})`, { cause: error });
  }
  return parseStructureConfig(text, file);
}
