/**
 * The suite the several-engines scenario runs: `TESTS` test files of one
 * test each, every test starting one CPU-bound container (a fixed amount of
 * hashing) and waiting for it to exit 0. Written to a folder as real Vitest
 * files, in two flavours: seaworthy (a test-scoped `container()` fixture with
 * `waitFor.successfulExit()`) and testcontainers (`GenericContainer` with
 * `Wait.forOneShotStartup()`, local engine only). Each test appends one JSON
 * line to $SW_BENCH_OUT: the engine it ran on, its process, when it asked
 * for the container and when it had exited, and the work time the container
 * measured itself.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_LABELS } from '../lib/context.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

export const TESTS = 12;
/** Vitest workers (maxWorkers) by default: more than this machine's 2 cores, fewer than 2 engines' 4. */
export const DEFAULT_WORKERS = 3;
export const IMAGE = 'debian:bookworm-slim';
/** Bytes each container hashes (`head -c` size): about 2-3 s of one core here when alone. */
export const WORK = '800M';
export const WORK_LABEL = `sha256 of ${WORK}iB of /dev/zero`;
/** The container's command: the work, timed by the container itself. */
const SCRIPT = `s=$(date +%s%N); head -c ${WORK} /dev/zero | sha256sum >/dev/null; e=$(date +%s%N); echo "work_ms=$(( (e - s) / 1000000 ))"`;

export type Flavour = 'seaworthy' | 'testcontainers';

/** One test's record. */
export interface TestRecord {
  readonly test: string;
  readonly engine: string;
  readonly pid: number;
  /** Epoch ms: the test asked for its container. */
  readonly start: number;
  /** Epoch ms: the container had exited 0. */
  readonly end: number;
  /** `end - start`: create, start, the work, the exit seen. */
  readonly containerMs: number;
  /** The work alone, as the container timed it. */
  readonly workMs: number;
}

export interface SuiteOutcome {
  readonly wallMs: number;
  readonly records: readonly TestRecord[];
}

const src = (path: string) => JSON.stringify(join(root, 'src', path));

function seaworthyFile(id: string): string {
  return `
import { appendFileSync } from 'node:fs';
import { test as base } from 'vitest';
import { ContainerDefinition, waitFor } from ${src('index.ts')};
import { container, withContainers } from ${src('vitest/index.ts')};

// Set up before seaworthy's fixture: Vitest sets up a test's fixtures in the order they were declared.
const timed = base.extend({ t0: [async ({}, use) => { await use(Date.now()); }, { auto: true }] });
const cpu = new ContainerDefinition('cpu', {
  image: ${JSON.stringify(IMAGE)},
  command: ['sh', '-c', ${JSON.stringify(SCRIPT)}],
  labels: ${JSON.stringify(BENCH_LABELS)},
  wait: waitFor.successfulExit(),
  startupTimeoutMs: 600_000,
});
const test = withContainers(timed, { cpu: container(cpu) });

test('cpu ${id}', async ({ t0, cpu }) => {
  const end = Date.now();
  const out = (await cpu.logs()).stdout.toString();
  const record = { test: '${id}', engine: cpu.engine.name, pid: process.pid, start: t0, end, containerMs: end - t0, workMs: Number(/work_ms=(\\d+)/.exec(out)?.[1]) };
  appendFileSync(process.env.SW_BENCH_OUT, JSON.stringify(record) + '\\n');
});
`;
}

function testcontainersFile(id: string): string {
  return `
import { appendFileSync } from 'node:fs';
import { test } from 'vitest';
import { GenericContainer, Wait } from 'testcontainers';

test('cpu ${id}', async () => {
  const start = Date.now();
  const cpu = await new GenericContainer(${JSON.stringify(IMAGE)})
    .withCommand(['sh', '-c', ${JSON.stringify(SCRIPT)}])
    .withLabels(${JSON.stringify(BENCH_LABELS)})
    .withWaitStrategy(Wait.forOneShotStartup())
    .withStartupTimeout(600_000)
    .start();
  const end = Date.now();
  let out = '';
  const logs = await cpu.logs();
  await new Promise((resolve, reject) => { logs.on('data', (d) => { out += d; }).on('end', resolve).on('error', reject); });
  await cpu.stop();
  const record = { test: '${id}', engine: 'local', pid: process.pid, start, end, containerMs: end - start, workMs: Number(/work_ms=(\\d+)/.exec(out)?.[1]) };
  appendFileSync(process.env.SW_BENCH_OUT, JSON.stringify(record) + '\\n');
});
`;
}

/** A folder with both flavours' files and a Vitest config per flavour. Remove it with `rmSync(dir)`. */
export function writeSuite(workers: number): string {
  const dir = join(root, 'bench', 'results', `.several-engines-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  for (let n = 1; n <= TESTS; n++) {
    const id = String(n).padStart(2, '0');
    writeFileSync(join(dir, `sw-${id}.case.ts`), seaworthyFile(id));
    writeFileSync(join(dir, `tc-${id}.case.ts`), testcontainersFile(id));
  }
  for (const [flavour, prefix] of [
    ['seaworthy', 'sw'],
    ['testcontainers', 'tc'],
  ] as const) {
    writeFileSync(
      join(dir, `${flavour}.config.mjs`),
      `export default { test: { root: ${JSON.stringify(dir)}, include: ['${prefix}-*.case.ts'], pool: 'forks', maxWorkers: ${workers}, testTimeout: 600000, hookTimeout: 600000, env: { SEAWORTHY_PULL: 'never' } } };\n`,
    );
  }
  return dir;
}

/**
 * One `vitest run` of the suite, timed from the spawn to its exit. `engines`
 * is SEAWORTHY_ENGINES for the seaworthy flavour (with a fresh lease folder);
 * testcontainers runs on the local engine.
 */
export async function runSuite(dir: string, flavour: Flavour, engines?: string): Promise<SuiteOutcome> {
  const scratch = mkdtempSync(join(dir, 'run-'));
  const out = join(scratch, 'records.jsonl');
  const env: Record<string, string | undefined> = { ...process.env, SW_BENCH_OUT: out };
  delete env.SEAWORTHY_ENGINES;
  if (engines !== undefined) {
    env.SEAWORTHY_ENGINES = engines;
    env.SEAWORTHY_ENGINE_LEASES = join(scratch, 'leases');
  }
  try {
    const started = performance.now();
    await run(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, `${flavour}.config.mjs`)],
      { cwd: root, env, maxBuffer: 20_000_000 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the ${flavour} Vitest run failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    const wallMs = performance.now() - started;
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TestRecord);
    if (records.length !== TESTS) throw new Error(`the ${flavour} run recorded ${records.length} of ${TESTS} tests`);
    return { wallMs, records };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The container definition the suite's tests use, for the per-engine "alone" figure. */
export const CPU_CONTAINER = {
  image: IMAGE,
  command: ['sh', '-c', SCRIPT],
  labels: { ...BENCH_LABELS },
  startupTimeoutMs: 600_000,
} as const;

/** The work time a container printed, from its stdout. */
export function workMsOf(stdout: string): number {
  return Number(/work_ms=(\d+)/.exec(stdout)?.[1] ?? Number.NaN);
}

/** The most tests of `records` on one engine running at once (from their start and end times). */
export function peakConcurrency(records: readonly TestRecord[]): number {
  const events = records.flatMap((r) => [
    [r.start, 1],
    [r.end, -1],
  ]);
  events.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let now = 0;
  let peak = 0;
  for (const [, delta] of events) {
    now += delta as number;
    peak = Math.max(peak, now);
  }
  return peak;
}
