import { describe, expect, it } from 'vitest';
import { ProcessTreeError } from '../../../src/errors/index.js';
import type { ProcessInfo } from '../../../src/processes/process-list.js';
import { buildProcessForest, buildProcessTree, formatProcessForest } from '../../../src/processes/process-tree.js';

const proc = (pid: number, ppid: number, args: string, user = 'app'): ProcessInfo => ({
  pid,
  ppid,
  uid: user === 'root' ? 0 : 1000,
  user,
  args,
});

/** The error `fn` throws, checked to be a ProcessTreeError. */
const treeError = (fn: () => unknown): ProcessTreeError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProcessTreeError);
    return error as ProcessTreeError;
  }
  throw new Error('expected a ProcessTreeError, nothing was thrown');
};

describe('buildProcessTree', () => {
  it('links a server and its workers into one tree', () => {
    const root = buildProcessTree([
      proc(1, 0, 'python3 server.py'),
      proc(7, 1, 'python3 worker.py 1'),
      proc(8, 1, 'python3 worker.py 2'),
      proc(9, 8, 'sh -c cleanup'),
    ]);
    expect(root.pid).toBe(1);
    expect(root.args).toBe('python3 server.py');
    expect(root.children.map((c) => c.pid)).toEqual([7, 8]);
    expect(root.children[0]?.children).toEqual([]);
    expect(root.children[1]?.children.map((c) => c.args)).toEqual(['sh -c cleanup']);
  });

  it('keeps every field of the listed processes', () => {
    const root = buildProcessTree([proc(1, 0, 'init', 'root')]);
    expect(root).toEqual({ pid: 1, ppid: 0, uid: 0, user: 'root', args: 'init', children: [] });
  });

  it('sorts children by pid whatever the listing order', () => {
    const root = buildProcessTree([
      proc(30, 1, 'c'),
      proc(4, 1, 'a'),
      proc(1, 0, 'init'),
      proc(12, 1, 'b'),
      proc(50, 4, 'a2'),
      proc(40, 4, 'a1'),
    ]);
    expect(root.children.map((c) => c.pid)).toEqual([4, 12, 30]);
    expect(root.children[0]?.children.map((c) => c.pid)).toEqual([40, 50]);
  });

  it('does not reorder the list it was given', () => {
    const list = [proc(1, 0, 'init'), proc(9, 1, 'b'), proc(3, 1, 'a')];
    buildProcessTree(list);
    expect(list.map((p) => p.pid)).toEqual([1, 9, 3]);
  });

  it('rejects a forest and lists every root', () => {
    const error = treeError(() =>
      buildProcessTree([proc(1, 0, 'nginx: master'), proc(6, 1, 'nginx: worker'), proc(40, 0, 'sh -c sleep 5')]),
    );
    expect(error.problem).toBe('forest');
    expect(error.code).toBe('SEAWORTHY_PROCESS_TREE');
    expect(error.message).toContain('there are 2 roots');
    expect(error.message).toContain('1 app nginx: master');
    expect(error.message).toContain('40 app sh -c sleep 5');
    expect(error.message).toContain('buildProcessForest()');
  });

  it('rejects an empty list', () => {
    const error = treeError(() => buildProcessTree([]));
    expect(error.problem).toBe('empty');
    expect(error.message).toContain('there are no processes');
  });

  it('passes on the problems of building the forest', () => {
    expect(treeError(() => buildProcessTree([proc(1, 0, 'a'), proc(1, 0, 'b')])).problem).toBe('duplicate-pid');
    expect(treeError(() => buildProcessTree([proc(1, 0, 'a'), proc(2, 3, 'b')])).problem).toBe('missing-parent');
  });
});

describe('buildProcessForest', () => {
  it('reports a forest with every root, in pid order', () => {
    const roots = buildProcessForest([proc(40, 0, 'exec'), proc(1, 0, 'init'), proc(2, 1, 'child')]);
    expect(roots.map((r) => r.pid)).toEqual([1, 40]);
    expect(roots[0]?.children.map((c) => c.pid)).toEqual([2]);
    expect(roots[1]?.children).toEqual([]);
  });

  it('gives an empty forest for an empty list', () => {
    expect(buildProcessForest([])).toEqual([]);
  });

  it('rejects a pid that appears twice, naming both commands', () => {
    const error = treeError(() => buildProcessForest([proc(1, 0, 'init'), proc(5, 1, 'first'), proc(5, 1, 'second')]));
    expect(error.problem).toBe('duplicate-pid');
    expect(error.message).toContain("PID 5 appears twice ('first' and 'second')");
  });

  it('rejects a process whose parent is not in the list', () => {
    const error = treeError(() => buildProcessForest([proc(1, 0, 'init'), proc(12, 11, 'orphan')]));
    expect(error.problem).toBe('missing-parent');
    expect(error.message).toContain("PID 12 ('orphan') has parent PID 11, which is not in the list");
  });

  it('rejects a list in which nothing is a root', () => {
    const error = treeError(() => buildProcessForest([proc(2, 3, 'a'), proc(3, 2, 'b')]));
    expect(error.problem).toBe('missing-parent');
    expect(error.message).toContain('nothing is a root');
  });
});

describe('formatProcessForest', () => {
  it('indents children under their parent, one line per process', () => {
    const roots = buildProcessForest([
      proc(1, 0, 'supervisord', 'root'),
      proc(5, 1, 'gunicorn app:app'),
      proc(6, 5, 'gunicorn worker'),
      proc(20, 0, 'sh'),
    ]);
    expect(formatProcessForest(roots).split('\n')).toEqual([
      '  1 root supervisord',
      '    5 app gunicorn app:app',
      '      6 app gunicorn worker',
      '  20 app sh',
    ]);
  });

  it('gives an empty string for no roots', () => {
    expect(formatProcessForest([])).toBe('');
  });
});

describe('processes that never reach a root', () => {
  it('are reported, not dropped, when their parents form a loop', () => {
    const error = treeError(() =>
      buildProcessForest([proc(1, 0, 'init'), proc(2, 3, 'looped a'), proc(3, 2, 'looped b')]),
    );
    expect(error.problem).toBe('missing-parent');
    expect(error.message).toContain("PID 2 ('looped a') never leads to a root");
  });

  it('are reported when a process is its own parent', () => {
    const error = treeError(() => buildProcessForest([proc(1, 0, 'init'), proc(5, 5, 'self')]));
    expect(error.message).toContain('PID 5');
  });
});
