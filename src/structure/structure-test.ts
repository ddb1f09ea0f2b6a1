import { Engine } from '../engine/docker/engine.js';
import { errorMessage, InvalidOptionError } from '../errors/index.js';
import { assertDuration } from '../options/duration.js';
import { DockerHelper } from '../resources/helper/helper.js';
import type { ProgressOptions } from '../resources/images/progress.js';
import { pullImage } from '../resources/images/pull.js';
import { type CommandContext, expandEnvVars, runCommandTest } from './command-check.js';
import { loadStructureConfig, parseStructureConfig } from './config-parse.js';
import type { StructureTestConfig } from './config-types.js';
import { runFileContentTest, runFileExistenceTest } from './file-checks.js';
import { expandWith } from './go-expand.js';
import { ImageProbe } from './image-probe.js';
import { runLicenseTest } from './license-check.js';
import { checkMetadata, imageMetadata, metadataTestIsEmpty } from './metadata-check.js';
import { checkResult, type StructureCheckResult, type StructureTestReport, summarize } from './report.js';

export interface StructureTestOptions {
  /** Command tests run at once (each in its own container). @default 3 */
  readonly concurrency?: number;
  /** Longest a command test's command (or one setup command) may run before it is killed and the test fails. @default 300_000 */
  readonly commandTimeoutMs?: number;
  /** Pull the image first, as the Go tool's `--pull` does (with progress). @default false */
  readonly pull?: boolean;
  /** Where `pull` shows progress (`mode`, `output`). */
  readonly progress?: ProgressOptions;
  /** Environment `containerRunOptions.envVars` are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A config: the path of a `.yaml`, `.yml` or `.json` file (read as the CLI
 * reads `--config`), a config as `parseStructureConfig`/`loadStructureConfig`
 * return it, or an object in the YAML's shape.
 */
export type StructureConfigInput = string | StructureTestConfig | Readonly<Record<string, unknown>>;

function checkOptions(options: StructureTestOptions): { concurrency: number; timeoutMs: number } {
  const concurrency = options.concurrency ?? 3;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    throw new InvalidOptionError('concurrency', `${String(concurrency)} is not a whole number from 1 to 32`);
  }
  const timeoutMs = options.commandTimeoutMs ?? 300_000;
  assertDuration('commandTimeoutMs', timeoutMs);
  return { concurrency, timeoutMs };
}

/** Check every config first, so a bad one fails before any engine call. */
async function parseAll(
  configs: StructureConfigInput | readonly StructureConfigInput[],
): Promise<StructureTestConfig[]> {
  const list = (Array.isArray(configs) ? configs : [configs]) as readonly StructureConfigInput[];
  return Promise.all(
    list.map(async (config, i) => {
      if (typeof config === 'string') return loadStructureConfig(config);
      const { source, ...rest } = config as Record<string, unknown>;
      const name = typeof source === 'string' ? source : list.length > 1 ? `<config ${i + 1}>` : '<config>';
      return parseStructureConfig(rest, name);
    }),
  );
}

/** `items` through `work`, at most `limit` at once; results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A check that threw (the engine refused, say) is a failed check with the reason, as in the Go tool. */
async function guarded(
  base: Pick<StructureCheckResult, 'name' | 'kind' | 'source'>,
  check: () => Promise<StructureCheckResult>,
): Promise<StructureCheckResult> {
  try {
    return await check();
  } catch (error) {
    return checkResult(base.name, base.kind, base.source, [errorMessage(error)]);
  }
}

/**
 * Run container-structure-test checks (schemaVersion 2.0.0) against an image
 * through the engine: command tests each in a fresh container, file and
 * licence tests on a created, never started container read through the
 * archive endpoint (no shell needed), the metadata test from image inspect.
 * Every container is made by the helper (labelled, always removed); given an
 * `Engine`, a helper of its own is made and torn down. Resolves with the
 * report (`passed` false when any check failed); rejects only for bad
 * configs or options (before any engine call) or a missing image.
 */
export async function structureTest(
  target: DockerHelper | Engine,
  image: string,
  configs: StructureConfigInput | readonly StructureConfigInput[],
  options: StructureTestOptions = {},
): Promise<StructureTestReport> {
  if (typeof image !== 'string' || image === '') throw new InvalidOptionError('image', 'give an image reference');
  const { concurrency, timeoutMs } = checkOptions(options);
  const parsed = await parseAll(configs);
  const own = target instanceof Engine ? await DockerHelper.create({ engine: target }) : undefined;
  const helper = own ?? (target as DockerHelper);
  let probe: ImageProbe | undefined;
  const probeOf = async () => {
    probe ??= await ImageProbe.create(helper, image);
    return probe;
  };
  try {
    if (options.pull) await pullImage(helper.engine, image, options.progress);
    const metadata = imageMetadata(await helper.engine.inspectImage(image));
    const results: StructureCheckResult[] = [];
    for (const config of parsed) {
      const source = config.source;
      const globalEnv = expandEnvVars(config.globalEnvVars, metadata.env);
      const env = { ...metadata.env, ...globalEnv };
      const context: CommandContext = {
        helper,
        image,
        source,
        env,
        globalEnv,
        runOptions: config.containerRunOptions,
        hostEnv: options.env ?? process.env,
        timeoutMs,
      };
      results.push(
        ...(await inPool(config.commandTests, concurrency, (test) =>
          guarded({ name: `Command Test: ${test.name}`, kind: 'command', source }, () => runCommandTest(context, test)),
        )),
      );
      for (const test of config.fileContentTests) {
        const base = { name: `File Content Test: ${test.name}`, kind: 'fileContent' as const, source };
        results.push(await guarded(base, async () => runFileContentTest(await probeOf(), source, test)));
      }
      for (const test of config.fileExistenceTests) {
        const base = { name: `File Existence Test: ${test.name}`, kind: 'fileExistence' as const, source };
        results.push(
          await guarded(base, async () => runFileExistenceTest(await probeOf(), source, test, expandWith(env))),
        );
      }
      for (const test of config.licenseTests) {
        const base = { name: 'License Test', kind: 'license' as const, source };
        results.push(await guarded(base, async () => runLicenseTest(await probeOf(), source, test)));
      }
      if (!metadataTestIsEmpty(config.metadataTest)) results.push(checkMetadata(source, config.metadataTest, metadata));
    }
    return summarize(
      image,
      results,
      parsed.map((c) => c.source),
    );
  } finally {
    await probe?.close().catch(() => undefined);
    await own?.teardown();
  }
}
