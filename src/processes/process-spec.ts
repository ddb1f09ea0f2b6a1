import { compilePattern, describePattern, type LogPattern } from '../waits/pattern.js';
import type { ProcessInfo } from './process-list.js';
import type { ProcessNode } from './process-tree.js';

/**
 * What a process should look like. Every field is optional; give only what
 * the test cares about.
 */
export interface ProcessSpec {
  readonly pid?: number;
  /** User name, or uid as a number. */
  readonly user?: string | number;
  /** Command line: a substring or a RegExp. */
  readonly args?: LogPattern;
  /** Its children, each matched by a different child (in any order). */
  readonly children?: readonly ProcessSpec[];
  /**
   * With `children`: `true` means no other children are allowed; `false`
   * allows more. @default true
   */
  readonly exactChildren?: boolean;
}

/** Does one process (ignoring children) match a spec? Problems are returned as phrases. */
export function processProblems(process: ProcessInfo, spec: ProcessSpec): string[] {
  const problems: string[] = [];
  if (spec.pid !== undefined && process.pid !== spec.pid) problems.push(`PID is ${process.pid}, not ${spec.pid}`);
  if (typeof spec.user === 'number' && process.uid !== spec.user) {
    problems.push(`uid is ${process.uid}, not ${spec.user}`);
  }
  if (typeof spec.user === 'string' && process.user !== spec.user) {
    problems.push(`user is '${process.user}', not '${spec.user}'`);
  }
  if (spec.args !== undefined && !compilePattern(spec.args, 'args')(process.args)) {
    problems.push(`args '${process.args}' do not match ${describePattern(spec.args)}`);
  }
  return problems;
}

/**
 * Match a tree against a spec, children included. Returns every problem found
 * on the best assignment of spec children to actual children; empty means it
 * matches.
 */
export function treeProblems(node: ProcessNode, spec: ProcessSpec): string[] {
  const here = processProblems(node, spec).map((p) => `PID ${node.pid}: ${p}`);
  if (!spec.children) return here;
  const exact = spec.exactChildren ?? true;
  const wanted = spec.children;
  const problems = [...here];
  if (exact && node.children.length !== wanted.length) {
    problems.push(
      `PID ${node.pid}: has ${node.children.length} child(ren), expected ${wanted.length}` +
        (node.children.length ? ` (${node.children.map((c) => `${c.pid} '${c.args}'`).join(', ')})` : ''),
    );
  }
  const assignment = assignChildren(node.children, wanted);
  wanted.forEach((childSpec, i) => {
    const chosen = assignment[i];
    if (chosen === undefined) {
      problems.push(`PID ${node.pid}: no child left that matches ${describeSpec(childSpec)}`);
    } else {
      problems.push(...treeProblems(chosen, childSpec));
    }
  });
  return problems;
}

/** Short text form of a spec, for messages: `{ user: 'app', args: /worker/ }`. */
export function describeSpec(spec: ProcessSpec): string {
  const parts: string[] = [];
  if (spec.pid !== undefined) parts.push(`pid: ${spec.pid}`);
  if (spec.user !== undefined) parts.push(`user: ${JSON.stringify(spec.user)}`);
  if (spec.args !== undefined) parts.push(`args: ${describePattern(spec.args)}`);
  if (spec.children) parts.push(`children: ${spec.children.length}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '{}';
}

/**
 * Give each spec child a distinct actual child that fully matches it, if a
 * complete assignment exists (backtracking; lists are small). Specs without a
 * full match get the best partial choice: an unused child that matches
 * itself, ignoring grandchildren, or nothing.
 */
function assignChildren(children: readonly ProcessNode[], specs: readonly ProcessSpec[]): (ProcessNode | undefined)[] {
  const fits = specs.map((spec) => children.map((child) => treeProblems(child, spec).length === 0));
  const used = new Set<number>();
  const pick: (ProcessNode | undefined)[] = new Array(specs.length).fill(undefined);
  const solve = (i: number): boolean => {
    if (i === specs.length) return true;
    for (let c = 0; c < children.length; c++) {
      if (used.has(c) || !fits[i]?.[c]) continue;
      used.add(c);
      pick[i] = children[c];
      if (solve(i + 1)) return true;
      used.delete(c);
      pick[i] = undefined;
    }
    return false;
  };
  if (solve(0)) return pick;
  // No full assignment: keep exact fits first, then shallow fits, so messages point at the closest child.
  const taken = new Set<number>();
  const partial: (ProcessNode | undefined)[] = specs.map((_, i) => {
    const c = children.findIndex((_, j) => !taken.has(j) && fits[i]?.[j]);
    if (c === -1) return undefined;
    taken.add(c);
    return children[c];
  });
  return partial.map((chosen, i) => {
    if (chosen) return chosen;
    const spec = specs[i] as ProcessSpec;
    const c = children.findIndex((child, j) => !taken.has(j) && processProblems(child, spec).length === 0);
    if (c === -1) return undefined;
    taken.add(c);
    return children[c];
  });
}
