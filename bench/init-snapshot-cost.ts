/**
 * What an init snapshot costs and saves: setup-to-ready of PostgresDefinition
 * started fresh (init runs) and from its init snapshot, plus the first setup
 * of a new key (init container, clean stop, commit, then the start from the
 * new snapshot), interleaved round by round
 * with the order rotating, so a slow moment of the machine hits every case
 * alike. Used for docs/snapshots.md.
 *
 *   npx tsx bench/init-snapshot-cost.ts            # 7 rounds + 1 warm-up
 *   npx tsx bench/init-snapshot-cost.ts --rounds 9 --json bench/results/init-snapshot.json
 *
 * Each sample is `await definition.setup(helper)` (create, start, readiness
 * including the copies clean() needs; on a miss also the init container and
 * the commit), timed with
 * performance.now() in this process; the container is torn down after each,
 * untimed. One helper (one network) for all. The image is
 * SEAWORTHY_POSTGRES_IMAGE, else our twin seaworthy-fixture/postgres:latest.
 *
 * The last case estimates a snapshot start without the twin's `chown -R` of
 * the data directory at every start (the official image only chowns files
 * not owned by postgres, which writes nothing): the snapshot image run as
 * user postgres, so the entrypoint skips its root-only setup, waiting on the
 * same ready line and port, then one psql exec (as the definition's check for
 * clean()'s copies does).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Container, ContainerDefinition, DockerHelper, waitFor } from '../src/index.js';
import { PostgresDefinition } from '../src/postgres.js';
import { listInitSnapshots, removeInitSnapshots } from '../src/tools.js';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 7;
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
process.env.SEAWORTHY_POSTGRES_IMAGE ??= 'seaworthy-fixture/postgres:latest';

const CASES = ['fresh', 'freshDisk', 'miss', 'hit', 'hitNoChown'] as const;
type Case = (typeof CASES)[number];
const LABEL: Record<Case, string> = {
  fresh: 'fresh start, default (PGDATA on tmpfs)',
  freshDisk: 'fresh start, PGDATA in the container filesystem (tmpfs: false)',
  miss: 'initSnapshot, new key: init container + stop + commit + start',
  hit: 'initSnapshot, from the snapshot',
  hitNoChown: 'estimate: from the snapshot without the twin’s chown -R',
};
const NAMES = { miss: 'bench-initsnap-miss', hit: 'bench-initsnap-hit' };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timedSetup(definition: { setup(helper: DockerHelper): Promise<Container> }, helper: DockerHelper) {
  const started = performance.now();
  const container = await definition.setup(helper);
  const elapsed = performance.now() - started;
  await container.teardown();
  return elapsed;
}

const helper = await DockerHelper.create({ pull: 'never' });
const hit = new PostgresDefinition({ name: NAMES.hit, initSnapshot: true });
try {
  // Warm-up, not counted: makes the snapshot the hit case starts from, and warms the page cache.
  await timedSetup(hit, helper);
  await timedSetup(new PostgresDefinition({ name: 'bench-initsnap-warm' }), helper);
  const snapshot = (await listInitSnapshots(helper.engine)).find((s) => s.definition === NAMES.hit);
  if (!snapshot) throw new Error('the warm-up made no snapshot');
  const noChown = new ContainerDefinition('bench-initsnap-nochown', {
    image: snapshot.id,
    user: 'postgres',
    env: { POSTGRES_USER: 'test', POSTGRES_PASSWORD: 'test', POSTGRES_DB: 'test', PGDATA: '/var/lib/seaworthy-pgdata' },
    ports: [5432],
    // The same ready line and port, then one psql exec like the definition's check for clean()'s copies.
    wait: waitFor.all(
      waitFor.logLine('database system is ready to accept connections'),
      waitFor.port(5432),
      waitFor.command(['psql', '-U', 'test', '-d', 'postgres', '-Atc', 'SELECT 1']),
    ),
    pull: 'never',
  });

  const samples = Object.fromEntries(CASES.map((c) => [c, [] as number[]])) as Record<Case, number[]>;
  for (let round = 0; round < rounds; round++) {
    const order = CASES.map((_, i) => CASES[(i + round) % CASES.length] as Case);
    for (const which of order) {
      const definition =
        which === 'fresh'
          ? new PostgresDefinition({ name: `bench-initsnap-fresh-${round}` })
          : which === 'freshDisk'
            ? new PostgresDefinition({ name: `bench-initsnap-disk-${round}`, tmpfs: false })
            : which === 'miss'
              ? // A new env value each round: a new key, so init runs and a commit follows.
                new PostgresDefinition({
                  name: NAMES.miss,
                  initSnapshot: true,
                  container: { env: { BENCH_ROUND: `${Date.now()}-${round}` } },
                })
              : which === 'hit'
                ? hit
                : noChown;
      const elapsed = await timedSetup(definition, helper);
      samples[which].push(elapsed);
      process.stderr.write(`round ${round + 1}/${rounds} ${which}: ${elapsed.toFixed(0)} ms\n`);
    }
  }

  const rows = CASES.map((c) => {
    const values = samples[c];
    return `| ${LABEL[c]} | ${median(values).toFixed(0)} ms | ${Math.min(...values).toFixed(0)} ms | ${Math.max(...values).toFixed(0)} ms | ${values.length} |`;
  });
  console.log(['| setup | median | min | max | n |', '| --- | --: | --: | --: | --: |', ...rows].join('\n'));
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify({ rounds, samples }, null, 2)}\n`);
  }
} finally {
  await helper.teardown();
  const ours = (await listInitSnapshots(helper.engine)).filter((s) => Object.values(NAMES).includes(s.definition));
  await removeInitSnapshots(helper.engine, ours);
}
