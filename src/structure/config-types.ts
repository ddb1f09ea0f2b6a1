/**
 * The config of Google's container-structure-test, schemaVersion 2.0.0, with
 * its field names. Lists the tool leaves out are empty here; defaults are
 * applied by `parseStructureConfig`.
 */

/** `key`/`value` (and for metadata checks `isRegex`), as in the Go tool. */
export interface StructureEnvVar {
  readonly key: string;
  readonly value: string;
  readonly isRegex: boolean;
}

export interface StructureLabel {
  readonly key: string;
  readonly value: string;
  readonly isRegex: boolean;
}

export interface CommandTestConfig {
  readonly name: string;
  /** Commands run first, each in its own container, each committed as the next one's image. */
  readonly setup: readonly (readonly string[])[];
  /** Accepted and ignored, as by the Go tool's docker driver (each test has a fresh container). */
  readonly teardown: readonly (readonly string[])[];
  readonly command: string;
  readonly args: readonly string[];
  readonly envVars: readonly StructureEnvVar[];
  readonly expectedOutput: readonly string[];
  readonly excludedOutput: readonly string[];
  readonly expectedError: readonly string[];
  readonly excludedError: readonly string[];
  /** @default 0 */
  readonly exitCode: number;
}

export interface FileExistenceTestConfig {
  readonly name: string;
  readonly path: string;
  /** @default true */
  readonly shouldExist: boolean;
  /** Go's `os.FileMode` text, e.g. `-rw-r--r--`, `drwxr-xr-x`, `dtrwxrwxrwx`. */
  readonly permissions: string;
  /** -1: not checked. */
  readonly uid: number;
  /** -1: not checked. */
  readonly gid: number;
  /** `owner`, `group`, `other`, `any`, or '' for no check. */
  readonly isExecutableBy: string;
}

export interface FileContentTestConfig {
  readonly name: string;
  readonly path: string;
  readonly expectedContents: readonly string[];
  readonly excludedContents: readonly string[];
}

export interface MetadataTestConfig {
  readonly envVars: readonly StructureEnvVar[];
  readonly unboundEnvVars: readonly StructureEnvVar[];
  readonly exposedPorts: readonly string[];
  readonly unexposedPorts: readonly string[];
  /** `undefined`: not checked; `[]`: must be empty. */
  readonly entrypoint: readonly string[] | undefined;
  readonly cmd: readonly string[] | undefined;
  readonly workdir: string;
  readonly volumes: readonly string[];
  readonly unmountedVolumes: readonly string[];
  readonly labels: readonly StructureLabel[];
  readonly user: string;
}

export interface LicenseTestConfig {
  readonly debian: boolean;
  readonly files: readonly string[];
}

/** `containerRunOptions`: how the command tests' containers run. */
export interface ContainerRunOptionsConfig {
  readonly user: string;
  readonly privileged: boolean;
  readonly allocateTty: boolean;
  /** Names of variables passed on from this process's environment. */
  readonly envVars: readonly string[];
  readonly capabilities: readonly string[];
  /** `host:container[:ro]`. */
  readonly bindMounts: readonly string[];
}

/** One parsed, checked config file. */
export interface StructureTestConfig {
  /** Where it came from (a file path, or `<config>`), for messages. */
  readonly source: string;
  readonly schemaVersion: '2.0.0';
  readonly globalEnvVars: readonly StructureEnvVar[];
  readonly commandTests: readonly CommandTestConfig[];
  readonly fileExistenceTests: readonly FileExistenceTestConfig[];
  readonly fileContentTests: readonly FileContentTestConfig[];
  readonly metadataTest: MetadataTestConfig;
  readonly licenseTests: readonly LicenseTestConfig[];
  readonly containerRunOptions: ContainerRunOptionsConfig;
}
