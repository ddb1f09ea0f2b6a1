/**
 * How long `pool.take()` waits when a spare is ready, next to a cold
 * `definition.setup()` of the same definition (see docs/warm-pool.md).
 *
 *   npx tsx bench/warm-pool.ts                 # 15 rounds per definition
 *   npx tsx bench/warm-pool.ts --rounds 30
 *
 * Rounds interleave the two: wait until the pool's spare is ready (not
 * timed), time `take()`, remove what it gave, wait for the replacement to be
 * ready, then time a cold setup and remove it. So nothing else is starting
 * while either is timed. One warm-up round of each is not counted.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Container, ContainerDefinition, DockerHelper, WarmPool, waitFor } from '../src/index.js';
import { RedisDefinition } from '../src/redis.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const rounds = Number(values.rounds);
process.env.SEAWORTHY_REDIS_IMAGE ??= 'seaworthy-fixture/redis:latest';

const definitions: ContainerDefinition<Container>[] = [
  new ContainerDefinition('httpd', {
    image: 'seaworthy-fixture/httpd:latest',
    ports: [8080],
    wait: waitFor.http({ port: 8080, path: '/health.json' }),
  }),
  new RedisDefinition() as unknown as ContainerDefinition<Container>,
];

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(middle)] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const ms = (n: number | undefined) => `${(n ?? 0).toFixed(1)} ms`;
  return `median ${ms(median)}, min ${ms(sorted[0])}, max ${ms(sorted[sorted.length - 1])}`;
}

const helper = await DockerHelper.create({ pull: 'never' });
try {
  for (const definition of definitions) {
    const pool = new WarmPool(definition, { size: 1 });
    const warm: number[] = [];
    const cold: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      await until(() => pool.status(helper).ready === 1 || round === 0);
      let started = performance.now();
      const taken = await pool.take(helper);
      const takeMs = performance.now() - started;
      await taken.teardown();
      await until(() => pool.status(helper).ready === 1);

      started = performance.now();
      const fresh = await definition.setup(helper);
      const coldMs = performance.now() - started;
      await fresh.teardown();
      // Round 0 is the warm-up (and its take was a cold start: the pool was empty).
      if (round > 0) {
        warm.push(takeMs);
        cold.push(coldMs);
      }
    }
    await pool.close(helper);
    console.log(`${definition.name}: ${rounds} rounds`);
    console.log(`  take() with a ready spare: ${summary(warm)}`);
    console.log(`  cold setup():              ${summary(cold)}`);
  }
} finally {
  await helper.teardown();
}
