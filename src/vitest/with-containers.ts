import type { TestAPI } from 'vitest';
import { fixtureContainers } from '../fixtures/compose-stack.js';
import { failureReport, TestArtifacts, writeArtifacts } from '../fixtures/diagnostics.js';
import { gateEngineError } from '../fixtures/docker-gate.js';
import { FixtureGraph } from '../fixtures/fixture-graph.js';
import type { FixtureScope, FixtureSpecs, FixtureValues } from '../fixtures/fixture-spec.js';
import { LazyHelper } from '../fixtures/lazy-helper.js';
import { ScopeRegistry } from '../fixtures/scope-registry.js';
import type { Container } from '../resources/handles/container.js';
import type { DockerHelper, DockerHelperOptions } from '../resources/helper/helper.js';
import { claimStart, prestart, together as startTogether, trackFixtureUse } from './prestart.js';

/** Fixtures every `withContainers` test gets besides the declared ones. */
export interface SeaworthyContext {
  /** The worker's DockerHelper (worker scope). Using it marks the test as needing Docker. */
  readonly docker: DockerHelper;
  /** Files to keep in SEAWORTHY_ARTIFACTS_DIR for this test: `artifacts.collect(container, '/var/log/app.log')`. */
  readonly artifacts: TestArtifacts;
}

/**
 * The `startTogether` fixture: `await startTogether('pg', 'redis')` starts the
 * named fixtures at once and returns them by name (docs/fixtures.md).
 */
export type StartTogether<V> = <K extends keyof V & string>(...names: K[]) => Promise<Pick<V, K>>;

export interface WithContainersOptions {
  /** How the worker's helper connects and names things. */
  readonly helper?: DockerHelperOptions;
  /** Environment for CI, SEAWORTHY_ARTIFACTS_DIR and SEAWORTHY_ARTIFACTS_WHEN. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Start the declared fixtures a test names all at once, instead of one
   * after another as Vitest sets them up (docs/fixtures.md). @default true
   */
  readonly startTogether?: boolean;
}

interface WorkerScope {
  readonly helper: LazyHelper;
  readonly registry: ScopeRegistry;
  /**
   * The running test's `skip`, set by the test scope: file- and worker-scoped
   * fixtures get no test context of their own, but must skip the test that
   * triggered them when there is no engine.
   */
  skipCurrentTest?: ((note: string) => void) | undefined;
}
interface FileScope {
  readonly worker: WorkerScope;
  readonly registry: ScopeRegistry;
}
interface TestScope {
  readonly worker: WorkerScope;
  readonly file: FileScope;
  readonly registry: ScopeRegistry;
  readonly artifacts: TestArtifacts;
}
type Use<T> = (value: T) => Promise<void>;
type SerializedError = { message?: string; stack?: string };
type TaskLike = {
  name: string;
  file?: { name: string };
  suite?: TaskLike;
  context?: object;
  result?: { state?: string; errors?: SerializedError[] };
};

/**
 * Extend a Vitest `test` with container, network and volume fixtures.
 *
 * ```ts
 * const test = withContainers(base, {
 *   db: container(dbDefinition, { scope: 'file' }),
 *   web: container(webDefinition, { needs: ['db'] }),
 * });
 * test('answers', async ({ web }) => { ... });
 * ```
 *
 * Each fixture starts what it `needs` first, in parallel, each in its own
 * scope; a longer scope can't need a shorter one (checked here, with a
 * {@link seaworthy!FixtureDefinitionError | FixtureDefinitionError}). Tests that use a fixture are skipped with
 * the reason when no engine answers, or fail when `CI` is set. When a test
 * fails, the failure shows the last log lines of the containers it used.
 */
export function withContainers<Ctx extends object, S extends FixtureSpecs>(
  base: TestAPI<Ctx>,
  specs: S,
  options: WithContainersOptions = {},
): TestAPI<Ctx & FixtureValues<S> & SeaworthyContext & { startTogether: StartTogether<FixtureValues<S>> }> {
  const graph = new FixtureGraph(specs);
  const env = options.env ?? process.env;
  const together = options.startTogether ?? true;
  const gated = async <T>(worker: WorkerScope, start: () => Promise<T>): Promise<T> => {
    try {
      return await start();
    } catch (error) {
      return gateEngineError(error, env, worker.skipCurrentTest);
    }
  };

  const fixtures: Record<string, unknown> = {
    seaworthyWorkerScope: [
      // biome-ignore lint/correctness/noEmptyPattern: Vitest requires an object pattern as the first parameter
      async ({}, use: Use<WorkerScope>) => {
        const helper = new LazyHelper(options.helper);
        const registry = new ScopeRegistry('worker', graph, () => helper.get());
        try {
          await use({ helper, registry });
        } finally {
          await registry.teardown().finally(() => helper.teardown());
        }
      },
      { scope: 'worker' },
    ],
    seaworthyFileScope: [
      async ({ seaworthyWorkerScope }: { seaworthyWorkerScope: WorkerScope }, use: Use<FileScope>) => {
        const worker = seaworthyWorkerScope;
        const registry = new ScopeRegistry('file', graph, () => worker.helper.get(), worker.registry);
        try {
          await use({ worker, registry });
        } finally {
          await registry.teardown().finally(() => worker.helper.removalsSettled());
        }
      },
      { scope: 'file' },
    ],
    seaworthyTestScope: [
      async (
        {
          seaworthyFileScope,
          seaworthyWorkerScope,
          task,
          skip,
        }: {
          seaworthyFileScope: FileScope;
          seaworthyWorkerScope: WorkerScope;
          task: TaskLike;
          skip: (note: string) => void;
        },
        use: Use<TestScope>,
      ) => {
        seaworthyWorkerScope.skipCurrentTest = skip;
        const registry = new ScopeRegistry(
          'test',
          graph,
          () => seaworthyWorkerScope.helper.get(),
          seaworthyFileScope.registry,
        );
        const artifacts = new TestArtifacts();
        const forget = together
          ? prestart(task, graph, {
              test: registry,
              file: seaworthyFileScope.registry,
              worker: seaworthyWorkerScope.registry,
            })
          : () => undefined;
        try {
          await use({ worker: seaworthyWorkerScope, file: seaworthyFileScope, registry, artifacts });
          await reportAfterTest(task, graph, registry, artifacts, env);
        } finally {
          forget();
          await registry.teardown();
        }
      },
      { scope: 'test', auto: true },
    ],
    docker: [
      async ({ seaworthyWorkerScope }: { seaworthyWorkerScope: WorkerScope }, use: Use<DockerHelper>) => {
        await use(await gated(seaworthyWorkerScope, () => seaworthyWorkerScope.helper.get()));
      },
      { scope: 'worker' },
    ],
    artifacts: async ({ seaworthyTestScope }: { seaworthyTestScope: TestScope }, use: Use<TestArtifacts>) => {
      await use(seaworthyTestScope.artifacts);
    },
    startTogether: async ({ seaworthyTestScope: scope }: { seaworthyTestScope: TestScope }, use: Use<unknown>) => {
      const registries = { test: scope.registry, file: scope.file.registry, worker: scope.worker.registry };
      await use(startTogether(graph, registries, (start) => gated(scope.worker, start)));
    },
  };

  for (const name of graph.names) {
    const spec = graph.spec(name);
    if (spec.clean) {
      const clean = spec.clean;
      const owner = (scope: TestScope) => (spec.scope === 'worker' ? scope.worker : scope.file).registry;
      fixtures[name] = async ({ seaworthyTestScope }: { seaworthyTestScope: TestScope }, use: Use<unknown>) => {
        const value = await gated(seaworthyTestScope.worker, () => claimStart(owner(seaworthyTestScope), name));
        await clean(value);
        await use(value);
      };
      continue;
    }
    fixtures[name] = [scopedFixture(spec.scope, name, gated), { scope: spec.scope }];
  }
  const test = (base.extend as (f: object) => object)(fixtures);
  return (together ? trackFixtureUse(test) : test) as TestAPI<
    Ctx & FixtureValues<S> & SeaworthyContext & { startTogether: StartTogether<FixtureValues<S>> }
  >;
}

/** A fixture function that starts `name` in the registry of its scope. */
function scopedFixture(
  scope: FixtureScope,
  name: string,
  gated: <T>(worker: WorkerScope, start: () => Promise<T>) => Promise<T>,
): (context: never, use: Use<unknown>) => Promise<void> {
  // Vitest reads the destructured names to wire dependencies, so each scope
  // gets a function that names exactly the registry it needs.
  switch (scope) {
    case 'worker':
      return async ({ seaworthyWorkerScope }: { seaworthyWorkerScope: WorkerScope }, use) => {
        await use(await gated(seaworthyWorkerScope, () => claimStart(seaworthyWorkerScope.registry, name, true)));
      };
    case 'file':
      return async ({ seaworthyFileScope }: { seaworthyFileScope: FileScope }, use) => {
        await use(await gated(seaworthyFileScope.worker, () => claimStart(seaworthyFileScope.registry, name, true)));
      };
    default:
      return async ({ seaworthyTestScope }: { seaworthyTestScope: TestScope }, use) => {
        await use(await gated(seaworthyTestScope.worker, () => claimStart(seaworthyTestScope.registry, name)));
      };
  }
}

/** After the test body: add container logs to a failure, and write artifacts. */
async function reportAfterTest(
  task: TaskLike,
  graph: FixtureGraph,
  registry: ScopeRegistry,
  artifacts: TestArtifacts,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const context = task.context ?? {};
  const used = new Map<string, Container>();
  for (const name of graph.closure(graph.names.filter((n) => n in context))) {
    for (const [shown, container] of fixtureContainers(name, registry.lookup(name))) used.set(shown, container);
  }
  const failed = task.result?.state === 'fail';
  if (failed && used.size > 0) {
    const errors = task.result?.errors ?? [];
    const last = errors[errors.length - 1];
    if (last) appendToError(last, failureReport(used));
  }
  const root = env.SEAWORTHY_ARTIFACTS_DIR;
  const when = env.SEAWORTHY_ARTIFACTS_WHEN === 'failed' ? 'failed' : 'always';
  if (root && (used.size > 0 || artifacts.collected.length > 0) && (when === 'always' || failed)) {
    await writeArtifacts(
      { root, file: task.file?.name ?? 'unknown-file', test: fullName(task) },
      used,
      artifacts.collected,
    );
  }
}

function fullName(task: TaskLike): string {
  const names: string[] = [task.name];
  // The file itself is the outermost suite; it has a filepath.
  for (let suite = task.suite; suite && !('filepath' in suite); suite = suite.suite) {
    if (suite.name) names.unshift(suite.name);
  }
  return names.join(' > ');
}

/**
 * Add text to a failure, in both the message and the stack's first lines
 * (reporters print one or the other).
 */
function appendToError(error: SerializedError, text: string): void {
  const message = error.message ?? '';
  error.message = `${message}\n\n${text}`;
  if (error.stack && message && error.stack.includes(message)) {
    error.stack = error.stack.replace(message, error.message);
  } else if (error.stack !== undefined) {
    error.stack = `${error.stack}\n\n${text}`;
  }
}
