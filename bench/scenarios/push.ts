/**
 * Push times: a small image (seaworthy-fixture/noshell, about 2 MB in one
 * layer) tagged and pushed to the local registry fixture, first to an empty
 * registry, then again unchanged; seaworthy's `tagAndPush()` next to raw
 * dockerode (tag, push, read the progress stream: the floor), interleaved.
 * Each round of each tool gets a fresh registry (started outside the timing),
 * so every first push really uploads the layer.
 */
import type Dockerode from 'dockerode';
import { DockerHelper, tagAndPush } from '../../src/index.js';
import { RegistryDefinition } from '../../src/registry.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const SOURCE = 'seaworthy-fixture/noshell:latest';
const TOOLS = ['seaworthy', 'dockerode'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  seaworthy: 'seaworthy tagAndPush()',
  dockerode: 'raw dockerode tag + push (floor)',
};

interface Sample {
  readonly first: number;
  readonly again: number;
}

/** Tag and push with dockerode alone, reading the stream to its end; throws on an in-stream error. */
async function rawPush(docker: Dockerode, repository: string, tag: string): Promise<void> {
  await docker.getImage(SOURCE).tag({ repo: repository, tag });
  const stream = await docker.getImage(`${repository}:${tag}`).push({ authconfig: {} });
  const events = await new Promise<{ error?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, out: { error?: string }[]) =>
      error ? reject(error) : resolve(out),
    ),
  );
  const failed = events.find((event) => event.error);
  if (failed) throw new Error(`push failed: ${failed.error}`);
}

export async function pushScenario(ctx: BenchContext): Promise<ScenarioResult> {
  ctx.log(`push: ${ctx.rounds} rounds + ${ctx.warmup} warm-up, a fresh registry each`);
  const helper = await DockerHelper.create();
  const references = new Set<string>();
  let serial = 0;
  try {
    const samples = await interleave(TOOLS, ctx.rounds, ctx.warmup, async (tool): Promise<Sample> => {
      serial++;
      const registry = await new RegistryDefinition({ name: `bench-registry-${serial}` }).setup(helper);
      try {
        const repository = `${registry.address}/bench/noshell`;
        const push = async (): Promise<void> => {
          if (tool === 'seaworthy') {
            await tagAndPush(helper, [SOURCE], { registry: registry.address, tags: ['1.0'], mode: 'quiet' });
          } else {
            await rawPush(ctx.docker, `${registry.address}/seaworthy-fixture/noshell`, '1.0');
          }
        };
        references.add(`${repository}:1.0`);
        references.add(`${registry.address}/seaworthy-fixture/noshell:1.0`);
        const [first] = await timed(push);
        const [again] = await timed(push);
        return { first, again };
      } finally {
        await registry.teardown();
      }
    });
    const first = Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t].map((s) => s.first))])) as Record<
      Tool,
      ReturnType<typeof stats>
    >;
    const again = Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t].map((s) => s.again))])) as Record<
      Tool,
      ReturnType<typeof stats>
    >;
    const rows = (kind: string, table: Record<Tool, ReturnType<typeof stats>>) =>
      TOOLS.map((t) => [
        `${kind}: ${LABEL[t]}`,
        ms(table[t].median),
        ms(table[t].min),
        ms(table[t].max),
        ratio(table[t].median, table.dockerode.median),
      ]);
    const overhead = first.seaworthy.median / first.dockerode.median - 1;
    return {
      id: 'push',
      title: '7. Push a small image to the local registry',
      report: markdownTable(
        ['push (about 2 MB, one layer)', 'median', 'min', 'max', 'vs floor'],
        [...rows('first push', first), ...rows('unchanged re-push', again)],
        'lrrrr',
      ),
      targets: [
        {
          measure: 'tagAndPush() first push vs raw dockerode',
          target: '≤ 10% over',
          measured: `${(overhead * 100).toFixed(1)}% (${ms(first.seaworthy.median)} vs ${ms(first.dockerode.median)})`,
          met: overhead <= 0.1,
        },
      ],
      data: { samples, first, again },
    };
  } finally {
    await helper.teardown();
    for (const reference of references) {
      await ctx.docker
        .getImage(reference)
        .remove({ noprune: true })
        .catch(() => undefined);
    }
  }
}
