import type { PullPolicy } from '../../resources/definitions/container-options.js';
import type { HostOptions } from '../../resources/definitions/host-options.js';
import type {
  ComposeBuild,
  ComposeDependency,
  ComposeMount,
  ComposePort,
  ComposeServiceNetwork,
  ComposeVolumesFrom,
} from '../model.js';

/*
 * One service as one file (or an `extends` base) says it, in canonical form:
 * short syntax expanded, list and map forms made maps, paths absolute. Files
 * and `extends` merge drafts (merge.ts); the last step (build-model.ts) turns
 * the merged draft into a ComposeService. Absent fields were not written.
 */

export interface HealthcheckDraft {
  /** `['CMD', …]` or `['CMD-SHELL', text]`. */
  readonly test?: readonly string[];
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly startPeriodMs?: number;
  /** `disable: true` or `test: ['NONE']`. */
  readonly disable?: boolean;
}

export interface LinkDraft {
  readonly service: string;
  /** `db:database`: the name the linking service uses. */
  readonly alias?: string;
}

/** `build:` as written; `context` absent means `.` of the project directory. */
export type BuildDraft = Omit<ComposeBuild, 'context'> & { readonly context?: string };

export interface ServiceDraft {
  image?: string;
  build?: BuildDraft;
  command?: readonly string[];
  entrypoint?: readonly string[];
  /** From `env_file`, in order (later files win). */
  envFromFiles?: Readonly<Record<string, string>>;
  environment?: Readonly<Record<string, string>>;
  ports?: readonly ComposePort[];
  expose?: readonly ComposePort[];
  mounts?: readonly ComposeMount[];
  volumesFrom?: readonly ComposeVolumesFrom[];
  dependsOn?: Readonly<Record<string, ComposeDependency>>;
  links?: readonly LinkDraft[];
  healthcheck?: HealthcheckDraft;
  networks?: Readonly<Record<string, ComposeServiceNetwork>>;
  networkMode?: string;
  hostname?: string;
  labels?: Readonly<Record<string, string>>;
  user?: string;
  workingDir?: string;
  containerName?: string;
  replicas?: number;
  profiles?: readonly string[];
  host?: HostOptions;
  memoryBytes?: number;
  tty?: boolean;
  stdinOpen?: boolean;
  stopTimeoutMs?: number;
  stopSignal?: string;
  pull?: PullPolicy;
  /** `pull_policy: build`: always build, never pull. */
  pullBuild?: boolean;
  restart?: string;
  /** `extends:`, resolved away before files merge. */
  extends?: { readonly service: string; readonly file?: string };
}
