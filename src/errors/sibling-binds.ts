import { SeaworthyError } from './base.js';

/**
 * Bind mounts from a sibling runner (docs/topologies.md#bind-mounts-from-a-sibling-runner):
 * a bind source is a folder of the runner's container that the engine's
 * host does not have, because no mount of the runner covers it.
 */
export class BindNotSharedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_BIND_NOT_SHARED';
  readonly container: string;
  /** The bind source as given: a path in the runner's container. */
  readonly path: string;
  /** Where it was given, e.g. `HostConfig.Mounts[0]`, `HostConfig.Binds[1]`. */
  readonly field: string;
  /** The runner's container (short id and name). */
  readonly runner: string;
  /** The runner's mounts, one line each: `/builds (volume ci-builds)`. */
  readonly runnerMounts: readonly string[];

  constructor(input: {
    readonly container: string;
    readonly path: string;
    readonly field: string;
    readonly runner: string;
    readonly runnerMounts: readonly string[];
    /** Why the covering mount can't be used; absent when no mount covers the path. */
    readonly why?: string;
  }) {
    const mounts = input.runnerMounts.length ? input.runnerMounts.join('; ') : 'none';
    super(
      'SEAWORTHY_BIND_NOT_SHARED',
      `container '${input.container}' bind-mounts ${input.path} (${input.field}), a path in this runner's container ` +
        `${input.runner}, which shares the engine with it; ` +
        (input.why
          ? `${input.why}, so the engine's host can't see it. `
          : "no mount of the runner covers it, so it exists only in the runner's own filesystem and the engine's host can't see it. ") +
        `The runner's mounts: ${mounts}. Put the folder under one of them (in CI, under the job's build folder, ` +
        "e.g. $CI_PROJECT_DIR or $GITHUB_WORKSPACE), or mount a folder into the runner's container and use it; " +
        'seaworthy then rewrites the path to where it is on the host. If the path is already a host path, set ' +
        'SEAWORTHY_SIBLING_BINDS=off.',
    );
    this.container = input.container;
    this.path = input.path;
    this.field = input.field;
    this.runner = input.runner;
    this.runnerMounts = input.runnerMounts;
  }
}
