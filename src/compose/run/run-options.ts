import type { LogsWhen } from './failure-logs.js';

/** What `seaworthy run` was asked to do, parsed and checked (src/cli/run.ts parses the command line). */
export interface RunOptions {
  /** Compose files, absolute, in merge order. */
  readonly files: readonly string[];
  /** `--project-name`; undefined for the default (docs/run.md#the-project-name). */
  readonly projectName?: string;
  /** `--build`: build every `build:` image again, ignoring seaworthy's image cache. */
  readonly build: boolean;
  /** `--service`: the test service. */
  readonly service?: string;
  /** The host command after `--`, with its arguments. */
  readonly command?: readonly string[];
  /** `--artifacts`: a path in the test service's container to copy out after it exits. */
  readonly artifacts?: string;
  /** `--artifacts-dir`: where copies go. */
  readonly artifactsDir: string;
  readonly logs: LogsWhen;
  /** `--log-lines`: how many of each service's last lines are printed. */
  readonly logLines: number;
  /** `--timeout`, in milliseconds: the whole run's limit. */
  readonly timeoutMs?: number;
  /** `--startup-timeout`, in milliseconds: each service's readiness limit. */
  readonly startupTimeoutMs?: number;
  /** `--profile`s to enable. */
  readonly profiles: readonly string[];
  /** `--env-file`s, instead of `.env`. */
  readonly envFiles: readonly string[];
  /** `--host-ports`: fixed host ports as written, or any free port instead. */
  readonly hostPorts: 'as-written' | 'any-free';
}
