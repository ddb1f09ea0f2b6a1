/**
 * Scenario 4: teardown, as the time from the end of one test to the start of
 * the next. Each "test" gets a fresh container of the same definition; the
 * gap is what the runner waits for between the two tests (what the last
 * test's teardown keeps on the critical path). The time the next container
 * then takes to be ready is shown too: background removal must not simply
 * move the cost into the next start.
 */
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { FixtureGraph } from '../../src/fixtures/fixture-graph.js';
import { container } from '../../src/fixtures/fixture-spec.js';
import { ScopeRegistry } from '../../src/fixtures/scope-registry.js';
import { ContainerDefinition, DockerHelper, waitFor } from '../../src/index.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { floorStart } from '../lib/floor.js';
import { IMAGES } from '../lib/images.js';
import { timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['floor', 'swAwaited', 'swFixture', 'tc'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  floor: 'raw dockerode, remove(force) awaited',
  swAwaited: 'seaworthy, await container.teardown() (no options)',
  swFixture: 'seaworthy, test-scoped fixture on defaults (background removal)',
  tc: 'testcontainers, await container.stop()',
};

interface Sample {
  readonly gap: number;
  readonly nextReady: number;
}

export async function teardownScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const tests = Math.max(10, ctx.rounds * 2);
  ctx.log(`scenario 4: ${tests} consecutive tests per tool, tools interleaved`);
  const helper = await DockerHelper.create();
  const perTest = (name: string) =>
    new ContainerDefinition(name, { image: IMAGES.logger, wait: waitFor.logLine(/^ready$/) });
  const definition = perTest('awaited');
  // A test-scoped fixture, driven through the registry the Vitest and Jest adapters use.
  const graph = new FixtureGraph({ box: container(perTest('box')) });
  const samples: Record<Tool, Sample[]> = { floor: [], swAwaited: [], swFixture: [], tc: [] };
  let helperTeardown = 0;
  try {
    // One "suite" per tool: test i+1 starts once test i's teardown returns.
    const state: Record<Tool, { end: () => Promise<void> } | undefined> = {
      floor: undefined,
      swAwaited: undefined,
      swFixture: undefined,
      tc: undefined,
    };
    const startTest = async (tool: Tool): Promise<{ end: () => Promise<void> }> => {
      switch (tool) {
        case 'floor': {
          const c = await floorStart(ctx.docker, { image: IMAGES.logger, ready: /^ready$/ });
          return { end: () => c.remove() };
        }
        case 'swAwaited': {
          const c = await definition.setup(helper);
          return { end: () => c.teardown() };
        }
        case 'swFixture': {
          const registry = new ScopeRegistry('test', graph, async () => helper);
          await registry.start('box');
          return { end: () => registry.teardown() };
        }
        case 'tc': {
          const c: StartedTestContainer = await new GenericContainer(IMAGES.logger)
            .withWaitStrategy(Wait.forLogMessage(/^ready$/))
            .start();
          return { end: async () => void (await c.stop()) };
        }
      }
    };
    for (let n = 0; n <= tests + ctx.warmup; n++) {
      const order = TOOLS.map((_, i) => TOOLS[(i + n) % TOOLS.length] as Tool);
      for (const tool of order) {
        const previous = state[tool];
        const [gap] = await timed(async () => previous?.end());
        const [nextReady, next] = await timed(() => startTest(tool));
        state[tool] = next;
        if (previous && n > ctx.warmup) samples[tool].push({ gap, nextReady });
      }
    }
    for (const tool of TOOLS) await state[tool]?.end();
    [helperTeardown] = await timed(() => helper.teardown());
  } finally {
    await helper.teardown();
  }
  const s = Object.fromEntries(
    TOOLS.map((t) => [
      t,
      { gap: stats(samples[t].map((x) => x.gap)), next: stats(samples[t].map((x) => x.nextReady)) },
    ]),
  ) as Record<Tool, { gap: ReturnType<typeof stats>; next: ReturnType<typeof stats> }>;
  const rows = TOOLS.map((t) => [
    LABEL[t],
    ms(s[t].gap.median),
    ms(s[t].gap.min),
    ms(s[t].gap.max),
    ratio(s[t].gap.median, s.tc.gap.median),
    ms(s[t].next.median),
  ]);
  return {
    id: 'teardown',
    title: '4. Teardown: from the end of a test to the start of the next',
    report: `${markdownTable(
      ['teardown', 'gap median', 'min', 'max', 'vs tc', 'next container ready, median'],
      rows,
      'lrrrrr',
    )}\n\n${tests} tests per tool, image ${IMAGES.logger}. The fixture's background removals were all awaited by the helper's teardown at the end (${ms(helperTeardown)}), which removed every container.`,
    targets: [
      {
        measure: 'gap between two tests with fresh containers, test-scoped fixture on defaults',
        target: '≤ 10 ms',
        measured: `${ms(s.swFixture.gap.median)} (tc ${ms(s.tc.gap.median)}; next container ready ${ms(s.swFixture.next.median)} vs ${ms(s.swAwaited.next.median)} after an awaited removal)`,
        met: s.swFixture.gap.median <= 10,
      },
    ],
    data: { tests, samples, summary: s, helperTeardownMs: helperTeardown },
  };
}
