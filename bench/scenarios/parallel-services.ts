/**
 * Scenario 3: three independent services (Postgres, Redis, RabbitMQ) for one
 * test. Sequential: each definition set up after the previous one is ready
 * (what a test that awaits them in turn gets, and what Vitest does when a test
 * destructures three independent fixtures). Together: seaworthy's
 * dependency-aware start, the fixture registry starting the three at once
 * (as it does for a fixture's `needs`, and as the Jest adapter does).
 * testcontainers is shown both ways too (Promise.all by hand).
 * Slowest alone: each of the three started on its own (the others not
 * running), one after another with a teardown in between, and the slowest
 * of the three taken in each round; its median is what "together" is held
 * against (issue 17: together ≤ 1.05× the slowest alone).
 */
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { FixtureGraph } from '../../src/fixtures/fixture-graph.js';
import { container } from '../../src/fixtures/fixture-spec.js';
import { ScopeRegistry } from '../../src/fixtures/scope-registry.js';
import { DockerHelper } from '../../src/index.js';
import { PostgresDefinition } from '../../src/postgres.js';
import { RabbitMqDefinition } from '../../src/rabbitmq.js';
import { RedisDefinition } from '../../src/redis.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { IMAGES } from '../lib/images.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['swAlone', 'swSequential', 'swTogether', 'tcSequential', 'tcTogether'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  swAlone: 'seaworthy, slowest of the three started alone (max per round; default definitions)',
  swSequential: 'seaworthy, one after another (default definitions)',
  swTogether: 'seaworthy, dependency-aware start (fixture registry, default definitions)',
  tcSequential: 'testcontainers, one after another',
  tcTogether: 'testcontainers, Promise.all by hand',
};
const SERVICES = ['pg', 'redis', 'rabbit'] as const;

const definitions = () => ({
  pg: new PostgresDefinition({ name: 'pg' }),
  redis: new RedisDefinition({ name: 'redis' }),
  rabbit: new RabbitMqDefinition({ name: 'rabbit' }),
});

/** testcontainers has no RabbitMQ module in our dev dependencies: a generic container waiting for the broker's start line. */
const tcRabbit = () =>
  new GenericContainer(IMAGES.rabbitmq)
    .withExposedPorts(5672)
    .withEnvironment({ RABBITMQ_DEFAULT_USER: 'guest', RABBITMQ_DEFAULT_PASS: 'guest' })
    .withWaitStrategy(Wait.forLogMessage(/Server startup complete/));

export async function parallelServices(ctx: BenchContext): Promise<ScenarioResult> {
  const rounds = Math.max(3, Math.ceil(ctx.rounds / 2));
  ctx.log(
    `scenario 3: three services, ${rounds} rounds + ${ctx.warmup} warm-up (half the rounds: each round starts 15 containers)`,
  );
  const helper = await DockerHelper.create();
  try {
    /** Each service's own start-to-ready when started alone, per kept round. */
    const alone: Record<(typeof SERVICES)[number], number[]> = { pg: [], redis: [], rabbit: [] };
    const samples = await interleave(TOOLS, rounds, ctx.warmup, async (tool, round) => {
      if (tool === 'swAlone') {
        const d = definitions();
        let slowest = 0;
        for (const name of SERVICES) {
          const definition: { setup(h: DockerHelper): Promise<{ teardown(): Promise<void> }> } = d[name];
          const [elapsed, started] = await timed(() => definition.setup(helper));
          await started.teardown();
          if (round >= ctx.warmup) alone[name].push(elapsed);
          slowest = Math.max(slowest, elapsed);
        }
        return slowest;
      }
      if (tool === 'swSequential') {
        const d = definitions();
        const [elapsed, started] = await timed(async () => [
          await d.pg.setup(helper),
          await d.redis.setup(helper),
          await d.rabbit.setup(helper),
        ]);
        await Promise.all(started.map((c) => c.teardown()));
        return elapsed;
      }
      if (tool === 'swTogether') {
        const d = definitions();
        const graph = new FixtureGraph({
          pg: container(d.pg),
          redis: container(d.redis),
          rabbit: container(d.rabbit),
        });
        const registry = new ScopeRegistry('test', graph, async () => helper);
        const [elapsed] = await timed(() => Promise.all(['pg', 'redis', 'rabbit'].map((n) => registry.start(n))));
        await registry.teardown();
        return elapsed;
      }
      const starters = [
        () => new PostgreSqlContainer(IMAGES.postgres).start(),
        () => new RedisContainer(IMAGES.redis).start(),
        () => tcRabbit().start(),
      ];
      let started: StartedTestContainer[] = [];
      const [elapsed] = await timed(async () => {
        if (tool === 'tcTogether') started = await Promise.all(starters.map((s) => s()));
        else for (const s of starters) started.push(await s());
      });
      await Promise.all(started.map((c) => c.stop()));
      return elapsed;
    });
    const s = Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t])])) as Record<Tool, ReturnType<typeof stats>>;
    const sameWayTc: Partial<Record<Tool, Tool>> = { swSequential: 'tcSequential', swTogether: 'tcTogether' };
    const rows = TOOLS.map((t) => [
      LABEL[t],
      ms(s[t].median),
      ms(s[t].min),
      ms(s[t].max),
      ratio(s[t].median, t.startsWith('sw') ? s.swSequential.median : s.tcSequential.median),
      ratio(s[t].median, s.swAlone.median),
      ratio(s[t].median, sameWayTc[t] ? s[sameWayTc[t]].median : undefined),
    ]);
    const aloneRows = SERVICES.map((name) => {
      const each = stats(alone[name]);
      return [`seaworthy, ${name} alone (default definition)`, ms(each.median), ms(each.min), ms(each.max)];
    });
    const together = s.swTogether.median / s.swSequential.median;
    const vsSlowest = s.swTogether.median / s.swAlone.median;
    return {
      id: 'parallel-services',
      title: '3. Postgres, Redis and RabbitMQ for one test',
      report: `${markdownTable(
        ['start', 'all ready median', 'min', 'max', 'vs own sequential', 'vs slowest alone', 'vs tc same way'],
        rows,
        'lrrrrrr',
      )}\n\n${markdownTable(['each service alone', 'ready median', 'min', 'max'], aloneRows, 'lrrr')}`,
      targets: [
        {
          measure: 'three services started together (fixture registry) vs the slowest of them alone',
          target: '≤ 1.05×',
          measured: `${vsSlowest.toFixed(2)}× (${ms(s.swTogether.median)} vs ${ms(s.swAlone.median)})`,
          met: vsSlowest <= 1.05,
        },
        {
          measure: 'three services started together vs their sequential sum',
          target: '≤ 0.6×',
          measured: `${together.toFixed(2)}× (${ms(s.swTogether.median)} vs ${ms(s.swSequential.median)})`,
          met: together <= 0.6,
        },
      ],
      data: { rounds, samples, summary: s, alone },
    };
  } finally {
    await helper.teardown();
  }
}
