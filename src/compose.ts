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

// Compose stacks (issue 15): a loaded project, its stacks and their live handle.
export { ComposeProject, loadCompose } from './compose/stack/compose-project.js';
export { ComposeStack } from './compose/stack/compose-stack.js';
export { ComposeStackDefinition } from './compose/stack/stack-definition.js';
export type { ResolvedStackOptions, ServiceProgress, StackOptions } from './compose/stack/stack-options.js';
