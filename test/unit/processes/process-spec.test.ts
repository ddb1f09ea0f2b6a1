import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { describeSpec, processProblems, treeProblems } from '../../../src/processes/process-spec.js';
import type { ProcessNode } from '../../../src/processes/process-tree.js';

const node = (pid: number, args: string, children: ProcessNode[] = [], user = 'app'): ProcessNode => ({
  pid,
  ppid: 0,
  uid: user === 'root' ? 0 : 1000,
  user,
  args,
  children: children.map((c) => ({ ...c, ppid: pid })),
});

const server = () =>
  node(1, 'python3 server.py --port 8000', [node(7, 'python3 worker.py'), node(8, 'python3 worker.py')]);

describe('processProblems', () => {
  it('accepts a process that matches every field given', () => {
    expect(processProblems(node(1, 'nginx: master process'), { pid: 1, user: 'app', args: 'master' })).toEqual([]);
  });

  it('accepts anything for an empty spec', () => {
    expect(processProblems(node(99, 'anything', [], 'root'), {})).toEqual([]);
  });

  it('names a different pid', () => {
    expect(processProblems(node(7, 'x'), { pid: 1 })).toEqual(['PID is 7, not 1']);
  });

  it('compares a user name with the user', () => {
    expect(processProblems(node(1, 'x'), { user: 'root' })).toEqual(["user is 'app', not 'root'"]);
  });

  it('compares a number with the uid', () => {
    expect(processProblems(node(1, 'x'), { user: 1000 })).toEqual([]);
    expect(processProblems(node(1, 'x'), { user: 0 })).toEqual(['uid is 1000, not 0']);
  });

  it('matches a string as a substring of the command line', () => {
    expect(processProblems(node(1, 'python3 server.py'), { args: 'server' })).toEqual([]);
    expect(processProblems(node(1, 'python3 server.py'), { args: 'Server' })).toEqual([
      `args 'python3 server.py' do not match "Server"`,
    ]);
  });

  it('matches a RegExp against the command line', () => {
    expect(processProblems(node(1, 'nginx: worker process'), { args: /^nginx: worker/ })).toEqual([]);
    expect(processProblems(node(1, 'sh -c nginx'), { args: /^nginx/ })).toEqual([
      "args 'sh -c nginx' do not match /^nginx/",
    ]);
  });

  it('gives the same answer every time for a global RegExp', () => {
    const spec = { args: /worker/g };
    expect(processProblems(node(1, 'worker'), spec)).toEqual([]);
    expect(processProblems(node(2, 'worker'), spec)).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(processProblems(node(3, 'a'), { pid: 1, user: 'root', args: 'b' })).toHaveLength(3);
  });

  it('ignores children', () => {
    expect(processProblems(server(), { pid: 1, children: [] })).toEqual([]);
  });

  it('rejects an empty args string', () => {
    expect(() => processProblems(node(1, 'x'), { args: '' })).toThrow(InvalidOptionError);
    expect(() => processProblems(node(1, 'x'), { args: '' })).toThrow('`args`');
  });
});

describe('treeProblems', () => {
  it('accepts PID 1 as the server run by user app, with 2 workers as children', () => {
    expect(
      treeProblems(server(), {
        pid: 1,
        user: 'app',
        args: 'server.py',
        children: [
          { user: 'app', args: 'worker' },
          { user: 'app', args: 'worker' },
        ],
      }),
    ).toEqual([]);
  });

  it('prefixes problems with the pid they are about', () => {
    expect(treeProblems(server(), { user: 'root' })).toEqual(["PID 1: user is 'app', not 'root'"]);
  });

  it('rejects a third child by default', () => {
    const tree = node(1, 'server', [node(7, 'worker'), node(8, 'worker'), node(9, 'worker')]);
    expect(treeProblems(tree, { children: [{ args: 'worker' }, { args: 'worker' }] })).toEqual([
      "PID 1: has 3 child(ren), expected 2 (7 'worker', 8 'worker', 9 'worker')",
    ]);
  });

  it('allows extra children with exactChildren false', () => {
    const tree = node(1, 'server', [node(7, 'worker'), node(8, 'worker'), node(9, 'cron')]);
    expect(treeProblems(tree, { exactChildren: false, children: [{ args: 'worker' }, { args: 'worker' }] })).toEqual(
      [],
    );
  });

  it('still needs every spec child with exactChildren false', () => {
    const tree = node(1, 'server', [node(7, 'worker')]);
    expect(treeProblems(tree, { exactChildren: false, children: [{ args: 'worker' }, { args: 'worker' }] })).toEqual([
      'PID 1: no child left that matches { args: "worker" }',
    ]);
  });

  it('reports a missing child and the count when there are too few', () => {
    const tree = node(1, 'server', [node(7, 'worker')]);
    expect(treeProblems(tree, { children: [{ args: 'worker' }, { args: 'cron' }] })).toEqual([
      "PID 1: has 1 child(ren), expected 2 (7 'worker')",
      'PID 1: no child left that matches { args: "cron" }',
    ]);
  });

  it('says a process has no children without listing any', () => {
    expect(treeProblems(node(1, 'server'), { children: [{ args: 'worker' }] })).toEqual([
      'PID 1: has 0 child(ren), expected 1',
      'PID 1: no child left that matches { args: "worker" }',
    ]);
  });

  it('treats an empty children list as "no children" by default', () => {
    expect(treeProblems(node(1, 'server'), { children: [] })).toEqual([]);
    expect(treeProblems(server(), { children: [] })).toEqual([
      "PID 1: has 2 child(ren), expected 0 (7 'python3 worker.py', 8 'python3 worker.py')",
    ]);
  });

  it('matches children in any order', () => {
    const tree = node(1, 'server', [node(7, 'cron'), node(8, 'worker')]);
    expect(treeProblems(tree, { children: [{ args: 'worker' }, { args: 'cron' }] })).toEqual([]);
  });

  it('backtracks when the first fitting child is needed by a later spec', () => {
    // Greedy would give 'worker --queue high' (the first match) to the first spec and leave nothing for /high/.
    const tree = node(1, 'server', [node(7, 'worker --queue high'), node(8, 'worker --queue low')]);
    expect(treeProblems(tree, { children: [{ args: 'worker' }, { args: /high/ }] })).toEqual([]);
  });

  it('backtracks over grandchildren too', () => {
    const tree = node(1, 'server', [node(7, 'worker', [node(20, 'helper')]), node(8, 'worker')]);
    expect(
      treeProblems(tree, {
        children: [
          { args: 'worker', children: [] },
          { args: 'worker', children: [{ args: 'helper' }] },
        ],
      }),
    ).toEqual([]);
  });

  it('matches grandchildren against nested specs', () => {
    const tree = node(1, 'init', [node(5, 'master', [node(6, 'worker')])]);
    expect(treeProblems(tree, { children: [{ args: 'master', children: [{ args: 'worker', pid: 6 }] }] })).toEqual([]);
    // No child matches the grandchild spec even ignoring its own children, so nothing is chosen for it.
    expect(treeProblems(tree, { children: [{ args: 'master', children: [{ args: 'worker', pid: 9 }] }] })).toEqual([
      'PID 5: no child left that matches { pid: 9, args: "worker" }',
    ]);
  });

  it('points at the closest child when a grandchild is missing', () => {
    const tree = node(1, 'server', [node(7, 'worker')]);
    expect(treeProblems(tree, { children: [{ args: 'worker', children: [{ args: 'helper' }] }] })).toEqual([
      'PID 7: has 0 child(ren), expected 1',
      'PID 7: no child left that matches { args: "helper" }',
    ]);
  });

  it('gives a full match to one spec before a partial match to another', () => {
    const tree = node(1, 'server', [node(7, 'worker', [node(20, 'helper')]), node(8, 'cron')]);
    const problems = treeProblems(tree, {
      children: [{ args: 'worker', children: [{ args: 'missing' }] }, { args: 'worker' }],
    });
    // The plain worker spec keeps PID 7 (its exact fit); the spec needing a 'missing' grandchild gets nothing.
    expect(problems).toEqual(['PID 1: no child left that matches { args: "worker", children: 1 }']);
  });

  it('reports problems of the node and its children together', () => {
    const tree = node(1, 'server', [node(7, 'worker', [], 'root')]);
    expect(treeProblems(tree, { user: 'root', children: [{ user: 'app' }] })).toEqual([
      "PID 1: user is 'app', not 'root'",
      'PID 1: no child left that matches { user: "app" }',
    ]);
  });
});

describe('describeSpec', () => {
  it('shows every field given', () => {
    expect(describeSpec({ pid: 1, user: 'app', args: /server/, children: [{}, {}] })).toBe(
      '{ pid: 1, user: "app", args: /server/, children: 2 }',
    );
  });

  it('shows a uid as a number and a string pattern quoted', () => {
    expect(describeSpec({ user: 0, args: 'nginx: worker' })).toBe('{ user: 0, args: "nginx: worker" }');
  });

  it('leaves out fields not given', () => {
    expect(describeSpec({ args: /x/i })).toBe('{ args: /x/i }');
    expect(describeSpec({})).toBe('{}');
  });
});
