/**
 * Start-to-ready of one small container: seaworthy next to raw dockerode (the
 * floor), in one run, interleaved round by round, on the same image.
 *
 *   npm run bench                       # 15 rounds
 *   npx tsx bench/start-to-ready.ts --rounds 30 --json bench/results/latest.json
 *
 * "Ready" is the first log line matching /ready/ from seaworthy-fixture/logger.
 * Teardown is timed separately. Engine API calls are counted per path by
 * wrapping node:http's request (both tools talk to the socket through it).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { ContainerDefinition, DockerHelper, waitFor } from '../src/index.js';

const IMAGE = 'seaworthy-fixture/logger:latest';
const READY = /ready/;
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 15;
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const WARMUP = 2;

// ---- API call counting ----
let calls: string[] = [];
const originalRequest = http.request;
(http as { request: typeof http.request }).request = ((...params: Parameters<typeof http.request>) => {
  const options = params[0] as http.RequestOptions;
  if (options && typeof options === 'object' && options.path) {
    calls.push(
      `${options.method ?? 'GET'} ${String(options.path)
        .split('?')[0]
        ?.replace(/[0-9a-f]{64}/, ':id')}`,
    );
  }
  return originalRequest(...params);
}) as typeof http.request;

interface Sample {
  readonly ready: number;
  readonly teardown: number;
  readonly calls: readonly string[];
}

// ---- the floor: raw dockerode ----
const docker = new Dockerode();

async function rawRound(round: number, network?: string): Promise<Sample> {
  calls = [];
  const started = performance.now();
  const container = await docker.createContainer({
    Image: IMAGE,
    name: `sw-bench-raw-${process.pid}-${round}${network ? '-net' : ''}`,
    Labels: { 'dev.seaworthy.managed': 'true', 'dev.seaworthy.bench': '1' },
    ...(network ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: ['bench'] } } } } : {}),
  });
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const ready = new Promise<void>((resolve) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (READY.test(text)) resolve();
    });
    docker.modem.demuxStream(stream, out, new PassThrough());
  });
  await container.start();
  await ready;
  const ready_ms = performance.now() - started;
  const startCalls = [...calls];
  const t = performance.now();
  await container.remove({ force: true });
  (stream as unknown as { destroy(): void }).destroy();
  return { ready: ready_ms, teardown: performance.now() - t, calls: startCalls };
}

// ---- seaworthy ----
async function seaworthyRound(helper: DockerHelper, round: number): Promise<Sample> {
  const definition = new ContainerDefinition(`bench-${round}`, { image: IMAGE, wait: waitFor.logLine(READY) });
  calls = [];
  const started = performance.now();
  const container = await definition.setup(helper);
  const ready = performance.now() - started;
  const startCalls = [...calls];
  const t = performance.now();
  await container.teardown();
  return { ready, teardown: performance.now() - t, calls: startCalls };
}

// ---- run ----
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s.at(-1) as number };
};

const TOOLS = ['raw', 'rawNetwork', 'seaworthy'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  raw: 'raw dockerode (floor)',
  rawNetwork: 'raw dockerode, user-defined network',
  seaworthy: 'seaworthy',
};

const helper = await DockerHelper.create();
// The raw variant on a user-defined bridge network with an alias, as seaworthy's default network is.
const benchNetwork = await docker.createNetwork({
  Name: `sw-bench-net-${process.pid}`,
  Labels: { 'dev.seaworthy.managed': 'true', 'dev.seaworthy.bench': '1' },
});
const samples: Record<Tool, Sample[]> = { raw: [], rawNetwork: [], seaworthy: [] };
try {
  for (let round = 0; round < rounds + WARMUP; round++) {
    // Rotate the order each round so no tool always runs first.
    const order = TOOLS.map((_, i) => TOOLS[(i + round) % TOOLS.length] as Tool);
    for (const tool of order) {
      const sample =
        tool === 'raw'
          ? await rawRound(round)
          : tool === 'rawNetwork'
            ? await rawRound(round, benchNetwork.id)
            : await seaworthyRound(helper, round);
      if (round >= WARMUP) samples[tool].push(sample);
    }
  }
} finally {
  await helper.teardown();
  const left = await docker.listContainers({ all: true, filters: { label: ['dev.seaworthy.bench=1'] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  await benchNetwork.remove();
}

const version = await docker.version();
const summarise = (tool: Tool) => ({
  ready: stats(samples[tool].map((s) => s.ready)),
  teardown: stats(samples[tool].map((s) => s.teardown)),
  apiCalls: samples[tool][0]?.calls ?? [],
});
const summary = {
  machine: { cpus: cpus().length, node: process.version, engine: version.Version, api: version.ApiVersion },
  image: IMAGE,
  rounds,
  tools: Object.fromEntries(TOOLS.map((tool) => [tool, summarise(tool)])) as Record<Tool, ReturnType<typeof summarise>>,
};
const floor = summary.tools.raw.ready.median;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
console.log(
  `start-to-ready of ${IMAGE} (first line matching ${READY}), ${rounds} rounds interleaved after ${WARMUP} warm-up`,
);
console.log(
  `machine: ${summary.machine.cpus} CPUs, Node ${summary.machine.node}, Docker ${summary.machine.engine} (API ${summary.machine.api})\n`,
);
console.log(row(['tool', 'ready median', 'min', 'max', 'teardown median', 'API calls to ready', 'vs floor']));
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
for (const tool of TOOLS) {
  const s = summary.tools[tool];
  console.log(
    row([
      LABEL[tool],
      ms(s.ready.median),
      ms(s.ready.min),
      ms(s.ready.max),
      ms(s.teardown.median),
      String(s.apiCalls.length),
      `${(s.ready.median / floor).toFixed(2)}×`,
    ]),
  );
}
console.log('');
for (const tool of TOOLS) console.log(`API calls to ready, ${LABEL[tool]}: ${summary.tools[tool].apiCalls.join(', ')}`);

if (jsonPath) {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ ...summary, samples }, null, 2));
  console.log(`\nwrote ${jsonPath}`);
}
