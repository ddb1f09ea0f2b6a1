import type { LoadComposeOptions } from '../load/load-model.js';
import { type ComposeProject, loadCompose } from '../stack/compose-project.js';
import type { RunProject } from './run-project.js';

/**
 * Load compose files for `seaworthy run`: `loadCompose()`, seen through the
 * narrow {@link RunProject} the run's steps use.
 */
export function loadRunProject(files: readonly string[], options: LoadComposeOptions): RunProject {
  return runProjectOf(loadCompose(files, options));
}

/** A loaded project as the run sees it. */
export function runProjectOf(project: ComposeProject): RunProject {
  return {
    model: project.model,
    dependenciesOf: (names) => project.dependenciesOf(names),
    imageOf: (service) => project.imageOf(service),
    setup: (helper, { services, startupTimeoutMs, hostPorts, signal, onProgress }) =>
      project
        .stack({
          ...(services !== undefined ? { services } : {}),
          ...(startupTimeoutMs !== undefined ? { startupTimeoutMs } : {}),
          hostPorts,
          ...(onProgress !== undefined ? { onProgress } : {}),
        })
        .setup(helper, { signal }),
  };
}
