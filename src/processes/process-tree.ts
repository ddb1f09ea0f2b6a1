import { ProcessTreeError } from '../errors/index.js';
import type { ProcessInfo } from './process-list.js';

/** A process with its children, ordered by PID. */
export interface ProcessNode extends ProcessInfo {
  readonly children: readonly ProcessNode[];
}

/**
 * Link processes to their parents. Every process whose parent is outside the
 * list with `ppid` 0 is a root. Throws {@link ProcessTreeError} for duplicate
 * PIDs and for a parent PID that is neither 0 nor in the list.
 */
export function buildProcessForest(processes: readonly ProcessInfo[]): ProcessNode[] {
  const byPid = new Map<number, ProcessInfo>();
  for (const process of processes) {
    const seen = byPid.get(process.pid);
    if (seen) {
      throw new ProcessTreeError(
        'duplicate-pid',
        `PID ${process.pid} appears twice ('${seen.args}' and '${process.args}'); a listing must come from one PID namespace.`,
      );
    }
    byPid.set(process.pid, process);
  }
  const children = new Map<number, ProcessInfo[]>();
  for (const process of processes) {
    if (process.ppid === 0) continue;
    if (!byPid.has(process.ppid)) {
      throw new ProcessTreeError(
        'missing-parent',
        `PID ${process.pid} ('${process.args}') has parent PID ${process.ppid}, which is not in the list. ` +
          'The parent may have exited between reads; list again.',
      );
    }
    const siblings = children.get(process.ppid) ?? [];
    siblings.push(process);
    children.set(process.ppid, siblings);
  }
  const build = (process: ProcessInfo, path: Set<number>): ProcessNode => {
    if (path.has(process.pid)) {
      throw new ProcessTreeError('missing-parent', `PID ${process.pid} is its own ancestor.`);
    }
    const next = new Set(path).add(process.pid);
    const kids = (children.get(process.pid) ?? []).sort((a, b) => a.pid - b.pid).map((c) => build(c, next));
    return { ...process, children: kids };
  };
  const roots = processes.filter((p) => p.ppid === 0).sort((a, b) => a.pid - b.pid);
  if (roots.length === 0 && processes.length > 0) {
    throw new ProcessTreeError('missing-parent', 'no process has parent PID 0, so nothing is a root.');
  }
  const forest = roots.map((root) => build(root, new Set()));
  const reached = new Set<number>();
  const visit = (node: ProcessNode) => {
    reached.add(node.pid);
    node.children.forEach(visit);
  };
  forest.forEach(visit);
  const stranded = processes.find((p) => !reached.has(p.pid));
  if (stranded) {
    throw new ProcessTreeError(
      'missing-parent',
      `PID ${stranded.pid} ('${stranded.args}') never leads to a root: its parents form a loop (parent PID ${stranded.ppid}).`,
    );
  }
  return forest;
}

/**
 * The single tree of a container's processes. Throws {@link ProcessTreeError}
 * for an empty list or a forest (several roots, e.g. a `docker exec` still
 * running next to PID 1), as well as for the problems of {@link buildProcessForest}.
 */
export function buildProcessTree(processes: readonly ProcessInfo[]): ProcessNode {
  const roots = buildProcessForest(processes);
  const [root, ...others] = roots;
  if (!root) throw new ProcessTreeError('empty', 'there are no processes (has the container stopped?).');
  if (others.length > 0) {
    throw new ProcessTreeError(
      'forest',
      `there are ${roots.length} roots:\n${formatProcessForest(roots)}\n` +
        'Processes started with `docker exec` have no parent inside the container; ' +
        'wait for them to finish, or use buildProcessForest() to look at every root.',
    );
  }
  return root;
}

/** One line per process, children indented under their parent: `1 app python3 server.py`. */
export function formatProcessForest(roots: readonly ProcessNode[]): string {
  const lines: string[] = [];
  const walk = (node: ProcessNode, depth: number) => {
    lines.push(`${'  '.repeat(depth + 1)}${node.pid} ${node.user} ${node.args}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines.join('\n');
}
