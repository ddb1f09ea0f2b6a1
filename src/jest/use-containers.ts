import { FixtureUnavailableError } from '../errors/index.js';
import { fixtureContainers } from '../fixtures/compose-stack.js';
import { TestArtifacts, writeArtifacts } from '../fixtures/diagnostics.js';
import { FixtureGraph } from '../fixtures/fixture-graph.js';
import type { FixtureSpecs, FixtureValues } from '../fixtures/fixture-spec.js';
import { LazyHelper } from '../fixtures/lazy-helper.js';
import { ScopeRegistry } from '../fixtures/scope-registry.js';
import { assertDuration } from '../options/duration.js';
import type { Container } from '../resources/handles/container.js';
import type { DockerHelper, DockerHelperOptions } from '../resources/helper/helper.js';

type Hook = (fn: () => Promise<void>, timeoutMs?: number) => void;

/** The Jest globals the adapter registers hooks with. */
export interface JestHooks {
  readonly beforeAll: Hook;
  readonly afterAll: Hook;
  readonly beforeEach: Hook;
  readonly afterEach: Hook;
}

export interface UseContainersOptions {
  readonly helper?: DockerHelperOptions;
  /** Time limit of the hooks that start and remove containers. @default 120_000 */
  readonly hookTimeoutMs?: number;
  /** @default the Jest globals */
  readonly hooks?: JestHooks;
  /** Environment for SEAWORTHY_ARTIFACTS_DIR. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The started values, readable inside tests and hooks; plus the file's helper and artifacts. */
export type JestContainers<S extends FixtureSpecs> = FixtureValues<S> & {
  readonly docker: DockerHelper;
  readonly artifacts: TestArtifacts;
};

/**
 * Use fixture specs from Jest. Call it at the top of a test file (or a
 * `describe`): `file` and `worker` scoped resources start in `beforeAll`
 * (Jest gives each file its own module registry, so `worker` means `file`),
 * `test` scoped ones start in `beforeEach` and go in `afterEach`; clean
 * fixtures are cleaned before each test. Independent resources start in
 * parallel. Read them from the returned object inside tests.
 */
export function useContainers<S extends FixtureSpecs>(specs: S, options: UseContainersOptions = {}): JestContainers<S> {
  const graph = new FixtureGraph(specs);
  const hooks = options.hooks ?? (globalThis as unknown as JestHooks);
  if (typeof hooks.beforeAll !== 'function') {
    throw new FixtureUnavailableError('useContainers', 'call it inside a Jest test file (beforeAll is not defined)');
  }
  const timeout = options.hookTimeoutMs ?? 120_000;
  assertDuration('useContainers hookTimeoutMs', timeout);
  const env = options.env ?? process.env;
  const helper = new LazyHelper(options.helper);
  const long = new ScopeRegistry('worker', graph, () => helper.get());
  const file = new ScopeRegistry('file', graph, () => helper.get(), long);
  let perTest: ScopeRegistry | undefined;
  let artifacts: TestArtifacts | undefined;
  let inFile = false;
  let docker: DockerHelper | undefined;

  hooks.beforeAll(async () => {
    inFile = true;
    docker = await helper.get();
    const longLived = graph.names.filter((n) => graph.spec(n).scope !== 'test');
    await Promise.all(longLived.map((n) => file.start(n)));
  }, timeout);

  hooks.beforeEach(async () => {
    perTest = new ScopeRegistry('test', graph, () => helper.get(), file);
    artifacts = new TestArtifacts();
    const registry = perTest;
    await Promise.all(
      graph.names.map(async (name) => {
        const spec = graph.spec(name);
        if (spec.scope === 'test') await registry.start(name);
        else if (spec.clean) await spec.clean(await registry.start(name));
      }),
    );
  }, timeout);

  hooks.afterEach(async () => {
    const registry = perTest;
    perTest = undefined;
    if (!registry) return;
    try {
      const root = env.SEAWORTHY_ARTIFACTS_DIR;
      if (root) {
        const state = (
          globalThis as { expect?: { getState(): { currentTestName?: string; testPath?: string } } }
        ).expect?.getState();
        const containers = new Map<string, Container>();
        for (const name of graph.names) {
          for (const [shown, c] of fixtureContainers(name, registry.lookup(name))) containers.set(shown, c);
        }
        await writeArtifacts(
          { root, file: relativeTestPath(state?.testPath), test: state?.currentTestName ?? 'unknown test' },
          containers,
          artifacts?.collected ?? [],
        );
      }
    } finally {
      await registry.teardown();
    }
  }, timeout);

  hooks.afterAll(async () => {
    inFile = false;
    try {
      await file.teardown();
      await long.teardown();
    } finally {
      await helper.teardown();
    }
  }, timeout);

  const read = (name: string) => {
    const value = (perTest ?? file).lookup(name);
    if (value === undefined) {
      throw new FixtureUnavailableError(
        name,
        'read it inside a test or a hook that runs after useContainers() set it up' +
          (inFile ? '' : ' (beforeAll has not run yet)'),
      );
    }
    return value;
  };
  const handle: Record<string, unknown> = {};
  for (const name of graph.names) Object.defineProperty(handle, name, { get: () => read(name), enumerable: true });
  Object.defineProperty(handle, 'docker', {
    get: () => {
      if (!docker) throw new FixtureUnavailableError('docker', 'it exists once beforeAll has run');
      return docker;
    },
  });
  Object.defineProperty(handle, 'artifacts', {
    get: () => {
      if (!artifacts) throw new FixtureUnavailableError('artifacts', 'it exists only inside tests');
      return artifacts;
    },
  });
  return handle as JestContainers<S>;
}

function relativeTestPath(path: string | undefined): string {
  if (!path) return 'unknown-file';
  const cwd = process.cwd();
  return path.startsWith(cwd) ? path.slice(cwd.length + 1) : path;
}
