/**
 * Schema registry: start-to-ready beside a running broker, and clean() after
 * 20 subjects were registered. One Kafka broker is started once by seaworthy
 * (not timed) and stays up; every row times the registry alone, on the same
 * image (SEAWORTHY_SCHEMA_REGISTRY_IMAGE, else our Apicurio 2.4.2 twin).
 *
 * Start, interleaved round by round, each "ready" meaning the Confluent API
 * answers and the global compatibility is set to BACKWARD (what seaworthy's
 * readiness does):
 * - seaworthy: `new SchemaRegistryDefinition({ kafka }).setup(helper)` (the
 *   broker already live in the helper is reused);
 * - testcontainers: `GenericContainer` with port 8080 and
 *   `Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200)`,
 *   then one `PUT /config`;
 * - raw dockerode (the floor): create, attach, start, read the log until
 *   Quarkus' "Listening on" line, one inspect for the host port, one `PUT /config`.
 *
 * clean(), on one registry, interleaved: seaworthy's `clean()` vs the
 * same work written by hand with fetch, one request after another (what a
 * testcontainers or dockerode user writes, neither has a clean helper): list
 * subjects (and soft-deleted ones), soft then permanent delete each, reset
 * the global compatibility.
 */
import { GenericContainer, Wait } from 'testcontainers';
import { DockerHelper } from '../../src/index.js';
import { KafkaDefinition } from '../../src/kafka.js';
import { SchemaRegistryDefinition } from '../../src/schema-registry.js';
import { BENCH_LABELS, type BenchContext, type ScenarioResult } from '../lib/context.js';
import { floorStart } from '../lib/floor.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const IMAGE = process.env.SEAWORTHY_SCHEMA_REGISTRY_IMAGE ?? 'seaworthy-fixture/schema-registry:latest';
const API = '/apis/ccompat/v7';
const SUBJECTS = 20;

const START_TOOLS = ['floor', 'sw', 'tc'] as const;
type StartTool = (typeof START_TOOLS)[number];
const START_LABEL: Record<StartTool, string> = {
  floor: 'raw dockerode (floor): log line "Listening on", inspect, PUT /config',
  sw: 'seaworthy SchemaRegistryDefinition (API answers, then PUT /config)',
  tc: 'testcontainers GenericContainer, Wait.forHttp(subjects, 200), then PUT /config',
};

const CLEAN_TOOLS = ['sw', 'byHand'] as const;
type CleanTool = (typeof CLEAN_TOOLS)[number];
const CLEAN_LABEL: Record<CleanTool, string> = {
  sw: 'seaworthy clean() (requests in parallel)',
  byHand: 'by hand with fetch, one request after another (a testcontainers or dockerode user)',
};

const user = (n: number) => JSON.stringify({ type: 'record', name: `R${n}`, fields: [{ name: 'a', type: 'string' }] });

async function send(method: string, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${url}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function cleanByHand(base: string): Promise<void> {
  const live = (await send('GET', `${base}/subjects`)) as string[];
  const all = (await send('GET', `${base}/subjects?deleted=true`)) as string[];
  for (const subject of all) {
    if (live.includes(subject)) await send('DELETE', `${base}/subjects/${encodeURIComponent(subject)}`);
    await send('DELETE', `${base}/subjects/${encodeURIComponent(subject)}?permanent=true`);
  }
  await send('PUT', `${base}/config`, { compatibility: 'BACKWARD' });
}

export async function schemaRegistryScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const helper = await DockerHelper.create();
  try {
    const kafka = new KafkaDefinition({
      name: 'bench-kafka',
      image: process.env.SEAWORTHY_KAFKA_IMAGE ?? 'seaworthy-fixture/kafka:latest',
    });
    ctx.log('schema registry: starting the broker once (not timed)');
    await kafka.setup(helper);
    ctx.log(`schema registry start: ${ctx.rounds} rounds + ${ctx.warmup} warm-up, 3 tools`);
    let serial = 0;
    const starts = await interleave(START_TOOLS, ctx.rounds, ctx.warmup, async (tool) => {
      serial++;
      switch (tool) {
        case 'sw': {
          const definition = new SchemaRegistryDefinition({ kafka, image: IMAGE, name: `bench-sr-${serial}` });
          const [elapsed, c] = await timed(() => definition.setup(helper));
          await c.teardown();
          return elapsed;
        }
        case 'tc': {
          const [elapsed, c] = await timed(async () => {
            const started = await new GenericContainer(IMAGE)
              .withExposedPorts(8080)
              .withLabels({ ...BENCH_LABELS })
              .withWaitStrategy(Wait.forHttp(`${API}/subjects`, 8080).forStatusCode(200))
              .start();
            await send('PUT', `http://${started.getHost()}:${started.getMappedPort(8080)}${API}/config`, {
              compatibility: 'BACKWARD',
            });
            return started;
          });
          await c.stop();
          return elapsed;
        }
        case 'floor': {
          const [elapsed, c] = await timed(async () => {
            const started = await floorStart(ctx.docker, { image: IMAGE, ready: /Listening on/, ports: [8080] });
            const info = await ctx.docker.getContainer(started.id).inspect();
            const port = info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
            await send('PUT', `http://127.0.0.1:${port}${API}/config`, { compatibility: 'BACKWARD' });
            return started;
          });
          await c.remove();
          return elapsed;
        }
      }
    });

    ctx.log(`schema registry clean(): ${ctx.rounds} rounds + ${ctx.warmup} warm-up after ${SUBJECTS} subjects each`);
    const registry = await new SchemaRegistryDefinition({ kafka, image: IMAGE, name: 'bench-sr-clean' }).setup(helper);
    const cleans = await interleave(CLEAN_TOOLS, ctx.rounds, ctx.warmup, async (tool) => {
      // One after another: parallel first registrations on a fresh Apicurio can time out on its H2 table lock (HTTP 500).
      for (let i = 0; i < SUBJECTS; i++) await registry.register(`subject-${i}-value`, user(i));
      const [elapsed] = await timed(() => (tool === 'sw' ? registry.clean() : cleanByHand(registry.url())));
      if ((await registry.subjects()).length !== 0) throw new Error(`${tool}: subjects left after clean`);
      return elapsed;
    });
    await registry.teardown();

    const s = Object.fromEntries(START_TOOLS.map((t) => [t, stats(starts[t])])) as Record<
      StartTool,
      ReturnType<typeof stats>
    >;
    const c = Object.fromEntries(CLEAN_TOOLS.map((t) => [t, stats(cleans[t])])) as Record<
      CleanTool,
      ReturnType<typeof stats>
    >;
    const startTable = markdownTable(
      ['registry start (broker already running)', 'ready median', 'min', 'max', 'vs floor', 'vs tc'],
      START_TOOLS.map((t) => [
        START_LABEL[t],
        ms(s[t].median),
        ms(s[t].min),
        ms(s[t].max),
        ratio(s[t].median, s.floor.median),
        ratio(s[t].median, s.tc.median),
      ]),
      'lrrrrr',
    );
    const cleanTable = markdownTable(
      [`reset after ${SUBJECTS} subjects`, 'median', 'min', 'max', 'vs by hand', 'vs a fresh tc start'],
      CLEAN_TOOLS.map((t) => [
        CLEAN_LABEL[t],
        ms(c[t].median),
        ms(c[t].min),
        ms(c[t].max),
        ratio(c[t].median, c.byHand.median),
        ratio(c[t].median, s.tc.median),
      ]),
      'lrrrrr',
    );
    return {
      id: 'schema-registry',
      title: '9. Schema registry: start beside a running broker, and clean()',
      report:
        `Image ${IMAGE}; the broker (seaworthy KafkaDefinition) was started once and not timed.\n\n` +
        `${startTable}\n\n${cleanTable}`,
      targets: [],
      data: { image: IMAGE, subjects: SUBJECTS, starts, cleans, summary: { start: s, clean: c } },
    };
  } finally {
    await helper.teardown();
  }
}
