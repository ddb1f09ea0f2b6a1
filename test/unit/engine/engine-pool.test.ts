import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineKey, pickEngine } from '../../../src/engine/pool/engine-choice.js';
import { EngineLeases, type LeaseRecord } from '../../../src/engine/pool/engine-leases.js';
import { parseEngineList } from '../../../src/engine/pool/engine-list.js';
import { endpointsOf, engineListFrom } from '../../../src/engine/pool/pool-connect.js';
import { InvalidOptionError } from '../../../src/errors/index.js';

describe('parseEngineList', () => {
  it('reads names, targets and parameters, separated by commas or new lines', () => {
    const list = parseEngineList(
      'local=default, ci-a=tcp://10.0.0.5:2376;certs=/ci/a;weight=2\nssh://me@build:2222 ,remote-ctx;publish=0.0.0.0;host=10.0.0.9, /run/x.sock;tls',
      'SEAWORTHY_ENGINES',
    );
    expect(list).toEqual([
      { name: 'local', target: { kind: 'default' }, weight: 1 },
      { name: 'ci-a', target: { kind: 'address', address: 'tcp://10.0.0.5:2376' }, weight: 2, certDir: '/ci/a' },
      { name: 'build:2222', target: { kind: 'address', address: 'ssh://me@build:2222' }, weight: 1 },
      {
        name: 'remote-ctx',
        target: { kind: 'context', context: 'remote-ctx' },
        weight: 1,
        publishOn: '0.0.0.0',
        hostAddress: '10.0.0.9',
      },
      { name: '/run/x.sock', target: { kind: 'address', address: '/run/x.sock' }, weight: 1, tls: true },
    ]);
  });

  it.each([
    ['', 'lists no engine'],
    ['a=tcp://h:1, a=tcp://h:2', "names engine 'a' twice"],
    ['tcp://h:1;weight=0', 'must be a number above 0'],
    ['tcp://h:1;weight=lots', 'must be a number above 0'],
    ['tcp://h:1;colour=blue', "unknown parameter 'colour'"],
    ['tcp://h:1;certs', 'certs needs a value'],
    ['ctx;certs=/x', 'apply to tcp:// addresses only'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseEngineList(text, 'SEAWORTHY_ENGINES')).toThrow(InvalidOptionError);
    expect(() => parseEngineList(text, 'SEAWORTHY_ENGINES')).toThrow(message);
  });

  it('takes the option over SEAWORTHY_ENGINES, and host over both; refuses host with engines', () => {
    const env = { SEAWORTHY_ENGINES: 'a=tcp://h:1' };
    expect(engineListFrom({}, env)?.map((e) => e.name)).toEqual(['a']);
    expect(engineListFrom({ engines: ['b=tcp://h:2'] }, env)?.map((e) => e.name)).toEqual(['b']);
    expect(engineListFrom({ host: 'tcp://h:3' }, env)).toBeUndefined();
    expect(engineListFrom({}, {})).toBeUndefined();
    expect(() => engineListFrom({ host: 'tcp://h:3', engines: 'b=tcp://h:2' }, env)).toThrow('engine.host');
  });

  it('turns entries into endpoints: certs make TLS with that directory', () => {
    const [a, ctxless] = parseEngineList('a=tcp://127.0.0.1:2376;certs=/certs/a, b=unix:///run/b.sock', 'x');
    expect(endpointsOf(a as never, {})).toEqual([
      {
        kind: 'tcp',
        host: '127.0.0.1',
        port: 2376,
        tls: true,
        certDir: '/certs/a',
        source: "SEAWORTHY_ENGINES entry 'a'",
      },
    ]);
    expect(endpointsOf(ctxless as never, {})).toEqual([
      { kind: 'unix', socketPath: '/run/b.sock', source: "SEAWORTHY_ENGINES entry 'b'" },
    ]);
  });
});

describe('pickEngine', () => {
  const list = parseEngineList('a=tcp://h:1, b=tcp://h:2;weight=2, c=tcp://h:3', 'x');
  const [a, b, c] = list.map(engineKey) as [string, string, string];
  const lease = (engine: string, holders = 1, pid = 1): LeaseRecord => ({ pid, thread: 0, engine, holders });

  it('spreads workers by weight: a weight-2 engine takes twice the workers', () => {
    const held: LeaseRecord[] = [];
    for (let i = 0; i < 8; i++) held.push(lease(pickEngine(list, held, undefined) as string, 1, i));
    const count = (key: string) => held.filter((l) => l.engine === key).length;
    expect([count(a), count(b), count(c)]).toEqual([2, 4, 2]);
  });

  it('spreads workers that come one after another (each gone before the next) by when each engine was last taken', () => {
    const equal = parseEngineList('a=tcp://h:1, b=tcp://h:2, c=tcp://h:3', 'x');
    const picked = new Map<string, number>();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const key = pickEngine(equal, [], undefined, picked) as string;
      picked.set(key, i);
      order.push(key.split('|')[0] as string);
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    // Load decides before recency: a busy engine is not taken even if it was taken longest ago.
    expect(
      pickEngine(
        equal,
        [lease(a, 1)],
        undefined,
        new Map([
          [b, 1],
          [c, 2],
        ]),
      ),
    ).toBe(b);
  });

  it("keeps a worker on the engine it used before, and ignores other workers' idle leases", () => {
    expect(pickEngine(list, [lease(b, 1), lease(b, 1)], lease(c, 0))).toBe(c);
    const equal = [list[0], list[2]] as typeof list;
    expect(pickEngine(equal, [lease(a, 0), lease(a, 0)], undefined)).toBe(a);
    expect(pickEngine(equal, [lease(a, 1)], undefined)).toBe(c);
    expect(pickEngine(list.slice(0, 2), [], lease(c, 0))).toBe(b);
    expect(pickEngine([], [], undefined)).toBeUndefined();
  });
});

describe('EngineLeases', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const dir = () => {
    const made = mkdtempSync(join(tmpdir(), 'sw-leases-'));
    dirs.push(made);
    return made;
  };

  it('counts holders per worker, keeps an idle lease as a preference, and drops leases of dead processes', async () => {
    const at = dir();
    const alive = new Set([10, 11]);
    const worker = (pid: number) => new EngineLeases(at, (p) => alive.has(p), { pid, thread: 0 });
    const first = worker(10);
    expect(await first.acquire(() => 'x')).toBe('x');
    expect(await first.acquire((_, mine) => mine?.engine)).toBe('x');
    expect(first.readLive()).toEqual([{ pid: 10, thread: 0, engine: 'x', holders: 2 }]);
    await first.release('x');
    await first.release('x');
    expect(first.readLive()).toEqual([{ pid: 10, thread: 0, engine: 'x', holders: 0 }]);

    let seen: readonly LeaseRecord[] = [];
    await worker(11).acquire((others) => {
      seen = others;
      return 'y';
    });
    expect(seen).toEqual([{ pid: 10, thread: 0, engine: 'x', holders: 0 }]);
    alive.delete(10);
    expect(
      worker(11)
        .readLive()
        .map((l) => l.pid),
    ).toEqual([11]);
    expect(readdirSync(at).filter((f) => f.endsWith('.json'))).toEqual(['11-0.json']);
    await worker(11).drop('y');
    expect(worker(11).readLive()).toEqual([]);
  });

  it('remembers which engine a new worker took last, across workers', async () => {
    const at = dir();
    const seen: ReadonlyMap<string, number>[] = [];
    const worker = (pid: number) => new EngineLeases(at, () => true, { pid, thread: 0 });
    for (const [pid, engine] of [
      [1, 'x'],
      [2, 'y'],
      [3, 'x'],
    ] as const) {
      await worker(pid).acquire((_, __, picked) => {
        seen.push(new Map(picked));
        return engine;
      });
    }
    expect(seen.map((m) => Object.fromEntries(m))).toEqual([{}, { x: 1 }, { x: 1, y: 2 }]);
  });

  it('takes over a lock left by a killed process once it is stale, and skips unreadable files', async () => {
    const at = dir();
    writeFileSync(join(at, 'garbage.json'), '{nope');
    const leases = new EngineLeases(at, () => true, { pid: 1, thread: 0 });
    expect(await leases.acquire(() => 'x')).toBe('x');
    expect(leases.readLive()).toHaveLength(1);
  });
});
