/**
 * `seaworthy/compose`: compose files as seaworthy definitions and stacks
 * (docs/compose.md). `loadCompose` and the stack types are also exported
 * from `seaworthy`.
 */

export { type LoadComposeOptions, loadComposeModel } from './compose/load/load-model.js';
export type {
  ComposeBuild,
  ComposeDependency,
  ComposeModel,
  ComposeMount,
  ComposeNetwork,
  ComposePort,
  ComposeService,
  ComposeServiceNetwork,
  ComposeVolume,
  ComposeVolumesFrom,
  DependsOnCondition,
} from './compose/model.js';
