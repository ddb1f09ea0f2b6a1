/**
 * Image builds on a small context (a Dockerfile, two files and a
 * .dockerignore): the setup of an image whose context has not changed, and
 * a rebuild after one file changed. seaworthy's `ImageDefinition` finds an
 * unchanged image in its content-hash cache (hash the context, one
 * inspect); testcontainers-node's `GenericContainer.fromDockerfile().build()`
 * and raw dockerode `buildImage` send the context every time and rely on the
 * engine's layer cache. Each tool has a context of its own, so one tool's
 * change never touches another's cache; the first round (warm-up) builds
 * each from scratch and is not counted.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { GenericContainer } from 'testcontainers';
import { DockerHelper, ImageDefinition } from '../../src/index.js';
import { builtImagesOf } from '../../src/resources/images/image-setup.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, type Stats, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['seaworthy', 'testcontainers', 'dockerode'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  seaworthy: 'seaworthy: new ImageDefinition(…).setup() (content-hash cache)',
  testcontainers: 'testcontainers: GenericContainer.fromDockerfile(ctx).build() (layer cache)',
  dockerode: 'raw dockerode: buildImage(tar of ctx) (layer cache)',
};
const NAME = 'bench-image-build';
const TC_IMAGE = 'seaworthy-bench/tc-image-build:latest';
const RAW_IMAGE = 'seaworthy-bench/raw-image-build:latest';
/** How many labels testcontainers-node 11 puts on an image it builds (each one a LABEL step). */
const TC_LABEL_STEPS = 3;
const DOCKERFILE = 'FROM debian:bookworm-slim\nCOPY . /app/\nCMD ["cat", "/app/app.txt"]\n';

export async function imageBuildScenario(ctx: BenchContext): Promise<ScenarioResult> {
  ctx.log(`image build: ${ctx.rounds} rounds + ${Math.max(1, ctx.warmup)} warm-up, unchanged and one-file change`);
  const root = await mkdtemp(join(tmpdir(), 'sw-bench-build-'));
  const contexts = {} as Record<Tool, string>;
  for (const tool of TOOLS) {
    contexts[tool] = join(root, tool);
    await mkdir(contexts[tool]);
    await writeFile(join(contexts[tool], 'Dockerfile'), DOCKERFILE);
    await writeFile(join(contexts[tool], '.dockerignore'), 'notes.md\n');
    await writeFile(join(contexts[tool], 'app.txt'), 'version 0\n');
    await writeFile(join(contexts[tool], 'config.json'), JSON.stringify({ port: 8080, debug: false }));
    await writeFile(join(contexts[tool], 'notes.md'), 'not sent\n');
  }
  const helper = await DockerHelper.create({ progress: 'quiet' });
  const ids = new Set<string>();
  const build = async (tool: Tool): Promise<void> => {
    const context = contexts[tool];
    if (tool === 'seaworthy') {
      ids.add((await new ImageDefinition(NAME, { context }).setup(helper)).id);
    } else if (tool === 'testcontainers') {
      await GenericContainer.fromDockerfile(context).build(TC_IMAGE, { deleteOnExit: false });
      ids.add((await ctx.docker.getImage(TC_IMAGE).inspect()).Id);
    } else {
      // No labels: with the classic builder each label is a step of its own (a container and a commit).
      const stream = await ctx.docker.buildImage(pack(context) as unknown as Readable, { t: RAW_IMAGE });
      await new Promise((resolve, reject) =>
        ctx.docker.modem.followProgress(stream, (error, output) => (error ? reject(error) : resolve(output))),
      );
      ids.add((await ctx.docker.getImage(RAW_IMAGE).inspect()).Id);
    }
  };
  let serial = 0;
  try {
    const warmup = Math.max(1, ctx.warmup);
    const unchanged = await interleave(TOOLS, ctx.rounds, warmup, async (tool) => (await timed(() => build(tool)))[0]);
    const changed = await interleave(TOOLS, ctx.rounds, warmup, async (tool) => {
      await writeFile(join(contexts[tool], 'app.txt'), `version ${++serial}\n`);
      return (await timed(() => build(tool)))[0];
    });
    const s = (samples: Record<Tool, number[]>) =>
      Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t])])) as Record<Tool, Stats>;
    const hit = s(unchanged);
    const change = s(changed);
    const rows = (label: string, r: Record<Tool, Stats>) =>
      TOOLS.map((t) => [
        `${label}: ${LABEL[t]}`,
        ms(r[t].median),
        ms(r[t].min),
        ms(r[t].max),
        ratio(r[t].median, r.dockerode.median),
        ratio(r[t].median, r.testcontainers.median),
      ]);
    return {
      id: 'image-build',
      title: '7. Image builds: an unchanged image and a one-file change',
      report: `${markdownTable(
        ['setup of the image', 'median', 'min', 'max', 'vs raw dockerode', 'vs testcontainers'],
        [...rows('unchanged', hit), ...rows('one file changed', change)],
        'lrrrrr',
      )}\n\nA context of four files (a Dockerfile, \`app.txt\`, \`config.json\`, a \`.dockerignore\` leaving out a fifth); "one file changed" rewrites \`app.txt\` before each build, so \`COPY . /app/\` and the steps after it run again. LABEL steps (the classic builder makes one per label, each a container and a commit): seaworthy 1 (its hash label), testcontainers ${TC_LABEL_STEPS} (its own labels), raw dockerode none. seaworthy's rebuild also untags the older cached image.`,
      targets: [
        {
          measure: 'second setup of an unchanged image (seaworthy cache hit), small context',
          target: '≤ 50 ms',
          measured: `${ms(hit.seaworthy.median)} (testcontainers ${ms(hit.testcontainers.median)}, raw dockerode ${ms(hit.dockerode.median)})`,
          met: hit.seaworthy.median <= 50,
        },
      ],
      data: { unchanged, changed, summary: { unchanged: hit, changed: change } },
    };
  } finally {
    await helper.teardown().catch(() => undefined);
    // Everything the scenario built: cached seaworthy images too, the peers' tags and their older builds.
    for (const image of await builtImagesOf(helper.engine, NAME)) ids.add(image.id);
    for (const tag of [TC_IMAGE, RAW_IMAGE])
      await ctx.docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
    for (const id of ids)
      await ctx.docker
        .getImage(id)
        .remove({ force: true })
        .catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }
}
