import type { Container } from '../../resources/handles/container.js';
import type { DockerHelper } from '../../resources/helper/helper.js';
import type { LoadComposeOptions } from '../load/load-model.js';
import type { ComposeModel } from '../model.js';
import type { ServiceProgress } from '../stack/stack-options.js';

/**
 * What `seaworthy run` needs of a loaded compose project and its stack: the
 * part of `ComposeProject` / `ComposeStack` (src/compose/stack) it uses,
 * so the run's steps see nothing else of them.
 */
export interface RunStack {
  /** The services' containers, one per replica. */
  replicas(service: string): readonly Container[];
  /** Start what `service` depends on, and create (not start) its container. */
  createService(service: string): Promise<Container>;
  teardown(): Promise<void>;
}

export interface RunStackOptions {
  /** Services to start (with what they need); undefined for all. */
  readonly services?: readonly string[];
  readonly startupTimeoutMs?: number;
  readonly hostPorts: 'as-written' | 'any-free';
  readonly signal: AbortSignal;
  /** Each service's progress while the stack starts. */
  readonly onProgress?: (event: ServiceProgress) => void;
}

export interface RunProject {
  readonly model: ComposeModel;
  /** `names` and everything they need, transitively. */
  dependenciesOf(names: readonly string[]): readonly string[];
  /** A service's image: its `image`, or the `ImageDefinition` its `build:` makes (shared by the project's stacks). */
  imageOf(service: string): unknown;
  /** Set the stack up in `helper`. */
  setup(helper: DockerHelper, options: RunStackOptions): Promise<RunStack>;
}

/** Load compose files as a {@link RunProject}. */
export type LoadRunProject = (
  files: readonly string[],
  options: LoadComposeOptions,
) => RunProject | Promise<RunProject>;
