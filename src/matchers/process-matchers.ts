import { InvalidOptionError, ProcessTreeError } from '../errors/index.js';
import { listProcesses, type ProcessInfo } from '../processes/process-list.js';
import { describeSpec, type ProcessSpec, processProblems, treeProblems } from '../processes/process-spec.js';
import { buildProcessForest, buildProcessTree, formatProcessForest } from '../processes/process-tree.js';
import { Container } from '../resources/handles/container.js';
import { describeValue, type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

/**
 * `await expect(container).toHaveProcessTree({ pid: 1, user: 'app', children: [...] })`
 *
 * The container's processes must form one tree whose root matches the spec.
 * Also accepts a process list (from `listProcesses`).
 */
export async function toHaveProcessTree(
  this: MatcherState,
  received: unknown,
  spec: ProcessSpec,
): Promise<MatcherResult> {
  const { processes, label } = await processesOf(received, 'toHaveProcessTree');
  let problems: string[];
  let shown: string;
  try {
    const root = buildProcessTree(processes);
    problems = treeProblems(root, spec);
    shown = formatProcessForest([root]);
  } catch (error) {
    if (!(error instanceof ProcessTreeError)) throw error;
    problems = [error.message];
    // A forest's message already lists every process.
    shown = error.problem === 'forest' ? '(above)' : safeForest(processes);
  }
  return outcome(
    problems.length === 0,
    () =>
      `expected the processes of ${label} to form the tree ${describeSpec(spec)}, but:\n` +
      `${problems.map((p) => `  - ${p}`).join('\n')}\nProcesses (pid user args):\n${shown}`,
    () => `expected the processes of ${label} not to form the tree ${describeSpec(spec)}, but they do:\n${shown}`,
  );
}

/** `await expect(container).toHaveProcess({ user: 'www-data', args: /nginx: worker/ })`: some process matches. */
export async function toHaveProcess(this: MatcherState, received: unknown, spec: ProcessSpec): Promise<MatcherResult> {
  const { processes, label } = await processesOf(received, 'toHaveProcess');
  const matching = processes.filter((p) => processProblems(p, spec).length === 0);
  const list = processes.map((p) => `  ${p.pid} (ppid ${p.ppid}) ${p.user} ${p.args}`).join('\n');
  return outcome(
    matching.length > 0,
    () => `expected ${label} to have a process matching ${describeSpec(spec)}; it has:\n${list}`,
    () =>
      `expected ${label} to have no process matching ${describeSpec(spec)}, but found:\n` +
      matching.map((p) => `  ${p.pid} ${p.user} ${p.args}`).join('\n'),
  );
}

async function processesOf(received: unknown, matcher: string): Promise<{ processes: ProcessInfo[]; label: string }> {
  if (received instanceof Container) {
    return { processes: await listProcesses(received), label: `container '${received.definition.name}'` };
  }
  if (Array.isArray(received)) return { processes: received as ProcessInfo[], label: 'the list' };
  throw new InvalidOptionError(
    'received',
    `${matcher} needs a seaworthy Container or a process list, got ${describeValue(received)}`,
  );
}

function safeForest(processes: readonly ProcessInfo[]): string {
  try {
    return formatProcessForest(buildProcessForest(processes));
  } catch {
    return processes.map((p) => `  ${p.pid} (ppid ${p.ppid}) ${p.user} ${p.args}`).join('\n');
  }
}
