/**
 * The brokers' start-to-ready, each alone, on the definitions' defaults:
 * `new RabbitMqDefinition().setup(helper)` and `new KafkaDefinition().setup(helper)`
 * with `DockerHelper.create()`, interleaved round by round, each torn down
 * before the next starts. testcontainers-node has no RabbitMQ or Kafka module
 * that runs on these images, so there is no peer row; the twins' start is
 * what the targets are about (docs/rabbitmq.md and docs/kafka.md, "Why it
 * starts fast").
 */
import { DockerHelper } from '../../src/index.js';
import { KafkaDefinition } from '../../src/kafka.js';
import { RabbitMqDefinition } from '../../src/rabbitmq.js';
import type { BenchContext, ScenarioResult, TargetCheck } from '../lib/context.js';
import { IMAGES } from '../lib/images.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['rabbitmq', 'kafka'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  rabbitmq: 'RabbitMqDefinition() on the local twin, otherwise defaults (AMQP handshake as the default user)',
  kafka: 'KafkaDefinition() on the local twin, otherwise defaults (a client fetches metadata and produces)',
};
const TARGET_MS: Record<Tool, number> = { rabbitmq: 3_000, kafka: 2_500 };

export async function brokersScenario(ctx: BenchContext): Promise<ScenarioResult> {
  ctx.log(`brokers: ${ctx.rounds} rounds + ${ctx.warmup} warm-up`);
  const helper = await DockerHelper.create();
  let samples: Record<Tool, number[]>;
  try {
    let serial = 0;
    samples = await interleave(TOOLS, ctx.rounds, ctx.warmup, async (tool) => {
      serial++;
      const start = (): Promise<{ teardown(): Promise<void> }> =>
        tool === 'rabbitmq'
          ? new RabbitMqDefinition({ name: `bench-rabbit-${serial}`, image: IMAGES.rabbitmq }).setup(helper)
          : new KafkaDefinition({ name: `bench-kafka-${serial}`, image: IMAGES.kafka }).setup(helper);
      const [elapsed, broker] = await timed(start);
      await broker.teardown();
      return elapsed;
    });
  } finally {
    await helper.teardown();
  }
  const s = Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t])])) as Record<Tool, ReturnType<typeof stats>>;
  const rows = TOOLS.map((t) => [LABEL[t], ms(s[t].median), ms(s[t].min), ms(s[t].max)]);
  const targets: TargetCheck[] = TOOLS.map((t) => ({
    measure: `${t === 'rabbitmq' ? 'RabbitMQ' : 'Kafka'} twin start-to-ready alone, ${LABEL[t]}`,
    target: `≤ ${TARGET_MS[t] / 1000} s`,
    measured: ms(s[t].median),
    met: s[t].median <= TARGET_MS[t],
  }));
  return {
    id: 'brokers',
    title: 'Brokers: RabbitMQ and Kafka start-to-ready, each alone',
    report: markdownTable(['start', 'ready median', 'min', 'max'], rows, 'lrrr'),
    targets,
    data: { samples, summary: s },
  };
}
