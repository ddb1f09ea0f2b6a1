/**
 * Scenario 1: start-to-ready and teardown of a tiny container, Redis and
 * Postgres. Every tool on its default path and with an explicit log wait,
 * interleaved round by round, against the same local images.
 */
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';
import { type Container, ContainerDefinition, DockerHelper, waitFor } from '../../src/index.js';
import { PostgresDefinition } from '../../src/postgres.js';
import { RedisDefinition } from '../../src/redis.js';
import type { BenchContext, ScenarioResult, TargetCheck } from '../lib/context.js';
import { floorStart } from '../lib/floor.js';
import { IMAGES } from '../lib/images.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, type Stats, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['floor', 'floorNetwork', 'swLog', 'swDefault', 'swAlways', 'tcLog', 'tcDefault'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  floor: 'raw dockerode (floor)',
  floorNetwork: 'raw dockerode on a user-defined network',
  swLog: 'seaworthy defaults, explicit log wait',
  swDefault: 'seaworthy defaults, default path',
  swAlways: "seaworthy network: 'always' (opt-in), explicit log wait",
  tcLog: 'testcontainers, explicit log wait',
  tcDefault: 'testcontainers, default path',
};

interface Target {
  readonly name: string;
  readonly image: string;
  readonly ready: RegExp;
  readonly times: number;
  readonly ports: readonly number[];
  readonly env: Readonly<Record<string, string>>;
  readonly tmpfs?: Readonly<Record<string, string>>;
  /** What each tool's own default path means for this target. */
  readonly swDefault: () => ContainerDefinition<Container>;
  readonly tcDefault: () => GenericContainer;
  readonly defaultNote: string;
}

const PG_ENV = { POSTGRES_USER: 'test', POSTGRES_PASSWORD: 'test', POSTGRES_DB: 'test' };

const TARGETS: readonly Target[] = [
  {
    name: 'tiny',
    image: IMAGES.logger,
    ready: /^ready$/,
    times: 1,
    ports: [],
    env: {},
    swDefault: () => new ContainerDefinition('tiny', { image: IMAGES.logger }),
    tcDefault: () => new GenericContainer(IMAGES.logger),
    defaultNote: 'no wait: both tools return once the container runs',
  },
  {
    name: 'redis',
    image: IMAGES.redis,
    ready: /Ready to accept connections/,
    times: 1,
    ports: [6379],
    env: {},
    swDefault: () => new RedisDefinition({ name: 'redis-default' }) as unknown as ContainerDefinition<Container>,
    tcDefault: () => new RedisContainer(IMAGES.redis),
    defaultNote: "seaworthy's RedisDefinition (ready line) vs @testcontainers/redis (listening port)",
  },
  {
    name: 'postgres',
    image: IMAGES.postgres,
    ready: /database system is ready to accept connections/,
    times: 2,
    ports: [5432],
    env: { ...PG_ENV, PGDATA: '/var/lib/postgresql/data' },
    tmpfs: { '/var/lib/postgresql/data': '' },
    swDefault: () => new PostgresDefinition({ name: 'pg-default' }) as unknown as ContainerDefinition<Container>,
    tcDefault: () => new PostgreSqlContainer(IMAGES.postgres),
    defaultNote:
      "seaworthy's PostgresDefinition (final server on TCP, data on tmpfs, baseline copy for clean()) vs @testcontainers/postgresql (health check pg_isready + listening port)",
  },
];

interface Sample {
  readonly ready: number;
  readonly teardown: number;
  readonly calls: number;
}

export async function startToReady(ctx: BenchContext): Promise<ScenarioResult> {
  // The helper a user gets with no options (a lone container starts on the default bridge, docs/helper.md),
  // and the opt-in that puts every container on the helper's network at create.
  const helper = await DockerHelper.create();
  const always = await DockerHelper.create({ network: 'always' });
  const network = await ctx.docker.createNetwork({
    Name: `sw-bench-net-${process.pid}`,
    Labels: { 'dev.seaworthy.managed': 'true', 'dev.seaworthy.bench': '1' },
  });
  const results: Record<string, Record<Tool, Sample[]>> = {};
  const apiCalls: Record<string, Partial<Record<Tool, string[]>>> = {};
  try {
    for (const target of TARGETS) {
      ctx.log(`scenario 1: ${target.name}, ${ctx.rounds} rounds + ${ctx.warmup} warm-up`);
      apiCalls[target.name] = {};
      let serial = 0;
      results[target.name] = await interleave(TOOLS, ctx.rounds, ctx.warmup, async (tool) => {
        serial++;
        ctx.calls.begin();
        const [ready, stop] = await timed(() =>
          start(ctx, target, tool, tool === 'swAlways' ? always : helper, network.id, serial),
        );
        const calls = ctx.calls.end();
        (apiCalls[target.name] as Record<string, string[]>)[tool] = calls;
        const [teardown] = await timed(stop);
        return { ready, teardown, calls: calls.length };
      });
    }
  } finally {
    await Promise.all([helper.teardown(), always.teardown()]);
    await network.remove().catch(() => undefined);
  }

  const rows: string[][] = [];
  const summary: Record<string, Record<Tool, { ready: Stats; teardown: Stats; apiCalls: number }>> = {};
  for (const target of TARGETS) {
    const per = results[target.name] as Record<Tool, Sample[]>;
    const s = Object.fromEntries(
      TOOLS.map((tool) => [
        tool,
        {
          ready: stats(per[tool].map((x) => x.ready)),
          teardown: stats(per[tool].map((x) => x.teardown)),
          apiCalls: per[tool][0]?.calls ?? 0,
        },
      ]),
    ) as Record<Tool, { ready: Stats; teardown: Stats; apiCalls: number }>;
    summary[target.name] = s;
    for (const tool of TOOLS) {
      const peer = tool === 'swLog' || tool === 'swAlways' ? s.tcLog : tool === 'swDefault' ? s.tcDefault : undefined;
      rows.push([
        target.name,
        LABEL[tool],
        ms(s[tool].ready.median),
        ms(s[tool].ready.min),
        ms(s[tool].ready.max),
        ms(s[tool].teardown.median),
        String(s[tool].apiCalls),
        ratio(s[tool].ready.median, s.floor.ready.median),
        ratio(s[tool].ready.median, peer?.ready.median),
      ]);
    }
  }
  const table = markdownTable(
    ['target', 'tool', 'ready median', 'min', 'max', 'teardown median', 'API calls to ready', 'vs floor', 'vs tc'],
    rows,
    'llrrrrrrr',
  );
  const notes = [
    "- seaworthy defaults: `DockerHelper.create()` with no options (`network: 'when-needed'`: a lone container starts on the default bridge, as the floor's). The opt-in `network: 'always'` row pays the user-defined network join at every start, as the floor's second row does.",
    '- testcontainers: TESTCONTAINERS_RYUK_DISABLED=true (its Ryuk image cannot be pulled here), TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1; otherwise its defaults.',
    ...TARGETS.map((t) => `- ${t.name}, default path: ${t.defaultNote}.`),
  ].join('\n');
  const callLists = TARGETS.map(
    (t) =>
      `- ${t.name}: floor ${apiCalls[t.name]?.floor?.join(', ')}; seaworthy log wait ${apiCalls[t.name]?.swLog?.join(', ')}`,
  ).join('\n');

  const tiny = summary.tiny as Record<Tool, { ready: Stats }>;
  const redis = summary.redis as Record<Tool, { ready: Stats }>;
  const pg = summary.postgres as Record<Tool, { ready: Stats }>;
  const vsFloor = (name: string, row: Record<Tool, { ready: Stats }>, tool: Tool): TargetCheck => {
    const r = row[tool].ready.median / row.floor.ready.median;
    return {
      measure: `${name} start-to-ready on seaworthy's defaults (${LABEL[tool]}) vs the floor`,
      target: '≤ 1.05×',
      measured: `${r.toFixed(2)}× (${ms(row[tool].ready.median)} vs ${ms(row.floor.ready.median)})`,
      met: r <= 1.05,
    };
  };
  const vsTc = (name: string, row: Record<Tool, { ready: Stats }>): TargetCheck => {
    const r = row.swDefault.ready.median / row.tcDefault.ready.median;
    return {
      measure: `${name} start-to-ready, seaworthy's default path vs testcontainers' default path`,
      target: '≤ 1.00×',
      measured: `${r.toFixed(2)}× (${ms(row.swDefault.ready.median)} vs ${ms(row.tcDefault.ready.median)})`,
      met: r <= 1,
    };
  };
  const pgRatio = pg.swDefault.ready.median / pg.tcDefault.ready.median;
  const targets: TargetCheck[] = [
    // The tiny default path has no wait at all; the log-wait row does the floor's work.
    vsFloor('tiny container', tiny, 'swLog'),
    vsFloor('Redis', redis, 'swDefault'),
    vsTc('tiny container', tiny),
    vsTc('Redis', redis),
    {
      measure: "Postgres fresh start (PostgresDefinition defaults) vs testcontainers' Postgres module",
      target: '≤ 0.5×',
      measured: `${pgRatio.toFixed(2)}× (${ms(pg.swDefault.ready.median)} vs ${ms(pg.tcDefault.ready.median)})`,
      met: pgRatio <= 0.5,
    },
  ];
  return {
    id: 'start-to-ready',
    title: '1. Start-to-ready and teardown',
    report: `${table}\n\n${notes}\n\nEngine API calls on the start path (first counted round):\n${callLists}`,
    targets,
    data: { summary, samples: results, apiCalls },
  };
}

async function start(
  ctx: BenchContext,
  target: Target,
  tool: Tool,
  helper: DockerHelper,
  networkId: string,
  serial: number,
): Promise<() => Promise<void>> {
  switch (tool) {
    case 'floor':
    case 'floorNetwork': {
      const c = await floorStart(ctx.docker, {
        image: target.image,
        ready: target.ready,
        times: target.times,
        ports: target.ports,
        env: target.env,
        ...(target.tmpfs ? { tmpfs: target.tmpfs } : {}),
        ...(tool === 'floorNetwork' ? { network: networkId } : {}),
      });
      return () => c.remove();
    }
    case 'swLog':
    case 'swAlways': {
      const definition = new ContainerDefinition(`${target.name}-log-${serial}`, {
        image: target.image,
        env: target.env,
        ports: [...target.ports],
        mounts: Object.keys(target.tmpfs ?? {}).map((path) => ({ type: 'tmpfs' as const, target: path })),
        wait: waitFor.logLine(target.ready, { times: target.times }),
      });
      const c = await definition.setup(helper);
      return () => c.teardown();
    }
    case 'swDefault': {
      const c = await target.swDefault().setup(helper);
      return () => c.teardown();
    }
    case 'tcLog': {
      let container = new GenericContainer(target.image)
        .withEnvironment({ ...target.env })
        .withWaitStrategy(Wait.forLogMessage(target.ready, target.times));
      if (target.ports.length) container = container.withExposedPorts(...target.ports);
      if (target.tmpfs) container = container.withTmpFs({ ...target.tmpfs });
      const c: StartedTestContainer = await container.start();
      return async () => void (await c.stop());
    }
    case 'tcDefault': {
      const c: StartedTestContainer = await target.tcDefault().start();
      return async () => void (await c.stop());
    }
  }
}
