import * as vitest from 'vitest';
import type { FixtureGraph } from '../fixtures/fixture-graph.js';
import type { FixtureScope } from '../fixtures/fixture-spec.js';
import type { ScopeRegistry } from '../fixtures/scope-registry.js';

/**
 * Vitest sets up the fixtures one test names one after another. Seaworthy
 * learns which fixtures each test names when the test is declared (by reading
 * the test function's destructured parameter, as Vitest itself does), and
 * its test-scope fixture, which Vitest sets up before any other, starts all
 * of them at once. Each fixture function then awaits the start already under
 * way instead of beginning its own, so the test waits for the slowest one,
 * not for their sum. See docs/fixtures.md, "Fixtures of one test start together".
 *
 * Everything here is best effort: when Vitest offers no way to find the
 * declared test (before Vitest 4.1), or a test is declared in a way this
 * can't read, its fixtures start one after another as before.
 */

type Fn = (...args: unknown[]) => unknown;
interface Collector {
  readonly tasks: readonly { readonly type?: string }[];
}
interface UserFixture {
  readonly deps: ReadonlySet<string>;
  readonly auto: boolean;
}
type UserFixtures = ReadonlyMap<string, UserFixture>;

/**
 * The fixture names a declared test asks for (its own and, through user
 * fixtures, indirectly), kept on Vitest's task object itself: no state here.
 */
const USES = Symbol.for('seaworthy.fixturesUsed');
type Tracked = { [USES]?: Set<string> };

/** `TestRunner.getCurrentSuite` (Vitest 4.1 and newer), or undefined. */
function currentCollector(): Collector | undefined {
  const runner = (vitest as { TestRunner?: { getCurrentSuite?: () => unknown } }).TestRunner;
  try {
    const collector = runner?.getCurrentSuite?.() as Collector | undefined;
    return Array.isArray(collector?.tasks) ? collector : undefined;
  } catch {
    return undefined;
  }
}

/** Modifiers of a Vitest `test` that return another `test`. */
const MODIFIERS = new Set(['skip', 'only', 'concurrent', 'sequential', 'todo', 'fails']);

/**
 * Wrap an extended Vitest `test` so that each test declared through it (or
 * through its modifiers, `test.for` and further `test.extend` calls) records
 * which fixtures it names. Calls pass through to Vitest unchanged.
 */
export function trackFixtureUse<T extends object>(test: T, fixtures: UserFixtures = new Map()): T {
  return wrapApi(test, fixtures) as T;
}

function wrapApi(api: object, fixtures: UserFixtures): object {
  if (typeof api !== 'function') return api;
  return new Proxy(api, {
    apply(target, thisArg, args: unknown[]) {
      return declare(() => Reflect.apply(target as Fn, thisArg, args), args, 0, fixtures);
    },
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      // A proxy must hand out a read-only, fixed property as it is.
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      if (own && !own.configurable && own.writable === false) return value;
      if (MODIFIERS.has(key)) return wrapApi(value, fixtures);
      const original = value as Fn;
      if (key === 'skipIf' || key === 'runIf') {
        return function (this: unknown, ...args: unknown[]) {
          return wrapApi(Reflect.apply(original, this, args) as object, fixtures);
        };
      }
      if (key === 'extend') {
        return function (this: unknown, ...args: unknown[]) {
          return wrapApi(Reflect.apply(original, this, args) as object, withUserFixtures(fixtures, args));
        };
      }
      if (key === 'for') {
        // test.for(cases)(name, fn): fn gets (case, context), so the context is its second parameter.
        return function (this: unknown, ...args: unknown[]) {
          const declareEach = Reflect.apply(original, this, args) as Fn;
          return (...inner: unknown[]) => declare(() => declareEach(...inner), inner, 1, fixtures);
        };
      }
      return value;
    },
  });
}

/** Declare tests with `run`, then note what each new test asks for. Never changes what Vitest does. */
function declare(run: () => unknown, args: readonly unknown[], index: number, fixtures: UserFixtures): unknown {
  const collector = currentCollector();
  const before = collector?.tasks.length ?? 0;
  const result = run();
  const handler = args.slice(1).find((a): a is Fn => typeof a === 'function');
  if (collector && handler) {
    const names = expand(destructuredNames(handler, index), fixtures);
    for (const task of collector.tasks.slice(before)) {
      if (task.type !== 'test' || names.size === 0) continue;
      const tracked = task as Tracked;
      const known = tracked[USES];
      if (known) for (const name of names) known.add(name);
      else tracked[USES] = new Set(names);
    }
  }
  return result;
}

/** The names a test asks for, plus what the user fixtures among them (and auto ones) need, transitively. */
function expand(names: ReadonlySet<string>, fixtures: UserFixtures): Set<string> {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    for (const dep of fixtures.get(name)?.deps ?? []) visit(dep);
  };
  for (const name of names) visit(name);
  for (const [name, fixture] of fixtures) if (fixture.auto) visit(name);
  return out;
}

/** Record the dependencies of the fixtures given to `test.extend(...)`, object or builder form. */
function withUserFixtures(fixtures: UserFixtures, args: readonly unknown[]): UserFixtures {
  const out = new Map(fixtures);
  const add = (name: string, value: unknown, options: unknown) => {
    const fn = Array.isArray(value) ? value[0] : value;
    const opts = Array.isArray(value) ? value[1] : options;
    const deps = typeof fn === 'function' ? destructuredNames(fn as Fn, 0) : new Set<string>();
    const own = fixtures.get(name);
    // A fixture that overrides one of the same name can call the original: keep its needs.
    const all = new Set([...deps, ...(deps.has(name) ? (own?.deps ?? []) : [])]);
    all.delete(name);
    out.set(name, { deps: all, auto: Boolean((opts as { auto?: unknown } | undefined)?.auto) || Boolean(own?.auto) });
  };
  const [first] = args;
  if (typeof first === 'string') {
    const fn = args.slice(1).find((a) => typeof a === 'function');
    add(first, fn, args.length > 2 ? args[1] : undefined);
  } else if (first && typeof first === 'object') {
    for (const [name, value] of Object.entries(first)) add(name, value, undefined);
  }
  return out;
}

/**
 * The names destructured by parameter `index` of `fn`, read from its source
 * the way Vitest reads them (`{ a, b: renamed, c = 1 }` gives a, b, c). Empty
 * when the parameter is not a destructuring pattern.
 */
export function destructuredNames(fn: Fn, index: number): Set<string> {
  let source: string;
  try {
    source = withoutComments(Function.prototype.toString.call(fn));
  } catch {
    return new Set();
  }
  // Down-levelled async functions: `__async(this, null, function* ({ a }) {...})`.
  const lowered = /__async\((?:this|null),/;
  if (/__async\((?:this|null), (?:null|arguments|\[[_0-9, ]*\]), function\*/.test(source)) {
    source = source.split(lowered)[1] ?? source;
  }
  const head = /[^(]*\(([^)]*)/.exec(source)?.[1];
  if (head === undefined) return new Set();
  const param = splitTopLevel(head)[index];
  if (!param || !(param.startsWith('{') && param.endsWith('}'))) return new Set();
  const names = splitTopLevel(param.slice(1, -1).replace(/\s/g, '')).map((p) => p.replace(/:.*|=.*/g, ''));
  return new Set(names.filter((n) => n && !n.startsWith('...')));
}

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Split on commas outside braces and brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  const closers: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '{' || c === '[') closers.push(c === '{' ? '}' : ']');
    else if (c === closers[closers.length - 1]) closers.pop();
    else if (c === ',' && closers.length === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** Starts begun ahead of their fixture function, by the registry that owns them. */
const pending = new WeakMap<ScopeRegistry, Map<string, Promise<unknown>>>();
/** File- and worker-scoped fixtures whose fixture function Vitest has called (it caches the value or the error). */
const called = new WeakMap<ScopeRegistry, Set<string>>();

function mapOf<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/**
 * Start every declared fixture the running test asks for, each in the
 * registry of its scope, without waiting. Returns a function to call when
 * the test ends, which forgets starts that no fixture function took (their
 * resources stay with their registry, whose teardown waits for them).
 * Failures are kept for the fixture function, which reports them.
 */
export function prestart(
  task: object,
  graph: FixtureGraph,
  registries: Readonly<Record<FixtureScope, ScopeRegistry>>,
): () => void {
  const uses = (task as Tracked)[USES];
  const names = uses ? graph.names.filter((n) => uses.has(n)) : [];
  // One fixture gains nothing from starting early.
  if (names.length < 2) return () => undefined;
  const begun: [Map<string, Promise<unknown>>, string, Promise<unknown>][] = [];
  for (const name of names) {
    const spec = graph.spec(name);
    const owner = registries[spec.scope];
    if (!spec.clean && spec.scope !== 'test' && called.get(owner)?.has(name)) continue;
    const starts = mapOf(pending, owner, () => new Map());
    if (starts.has(name)) continue;
    let promise: Promise<unknown>;
    try {
      promise = owner.start(name);
    } catch (error) {
      promise = Promise.reject(error);
    }
    // The fixture function awaits this promise and reports its failure; nothing is reported here.
    promise.catch(() => undefined);
    starts.set(name, promise);
    begun.push([starts, name, promise]);
  }
  return () => {
    for (const [starts, name, promise] of begun) if (starts.get(name) === promise) starts.delete(name);
  };
}

/**
 * What a fixture function awaits: the start begun for it ahead of time, or
 * a fresh `owner.start(name)`. `once` marks a fixture Vitest sets up once per
 * file or worker, so a later test doesn't start it ahead again.
 */
export function claimStart(owner: ScopeRegistry, name: string, once = false): Promise<unknown> {
  if (once) mapOf(called, owner, () => new Set()).add(name);
  const starts = pending.get(owner);
  const begun = starts?.get(name);
  if (begun) {
    starts?.delete(name);
    return begun;
  }
  return owner.start(name);
}

/**
 * The `startTogether` fixture's function: start the named fixtures at once,
 * each in the registry of its scope, run the clean fixtures' `clean()` in
 * the order given, and return the values by name. For tests whose names
 * can't be read when they are declared (see above).
 */
export function together(
  graph: FixtureGraph,
  registries: Readonly<Record<FixtureScope, ScopeRegistry>>,
  gate: <T>(start: () => Promise<T>) => Promise<T>,
): (...names: string[]) => Promise<Record<string, unknown>> {
  return async (...names) => {
    const specs = names.map((name) => graph.spec(name));
    const values = await gate(() =>
      Promise.all(names.map((name, i) => claimStart(registries[(specs[i] as { scope: FixtureScope }).scope], name))),
    );
    for (const [i, spec] of specs.entries()) if (spec.clean) await spec.clean(values[i]);
    return Object.fromEntries(names.map((name, i) => [name, values[i]]));
  };
}
