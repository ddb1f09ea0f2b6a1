import { parseArgs } from 'node:util';
import { Engine } from '../engine/docker/engine.js';
import { CliUsageError, InvalidOptionError } from '../errors/index.js';
import { type TagAndPushOptions, tagAndPush } from '../resources/images/tag-and-push.js';
import { dockerCommands, planTags, type TagPlanOptions } from '../resources/images/tag-plan.js';
import type { CliIo, Command } from './command.js';

const USAGE = `Usage: seaworthy tag IMAGE... [options]

Tags each IMAGE and pushes the new tags, through the engine DOCKER_HOST points
at (or the default socket); docker-ci-deploy's options and meanings.

Options:
  -t, --tag <tag>             tag to give instead of the image's own (repeatable)
  -V, --version <version>     put this version in front of each tag
  -L, --version-latest        with --version: also the tags without the version
                              (latest when there are none)
  -S, --version-semver        with --version: also each shorter version
                              (1.2.3 gives 1.2.3, 1.2 and 1)
  -P, --semver-precision <n>  with --version-semver: the fewest parts kept
  -Z, --semver-zero           with --version-semver: also a bare major 0
  -r, --registry <host:port>  put this registry in front of each image name
      --dry-run               print the docker tag / docker push lines, change nothing
  -v, --verbose               print each tag and push as it happens
  -q, --quiet                 no push progress
  -h, --help                  show this text

Credentials: $SEAWORTHY_REGISTRY_USERNAME and $SEAWORTHY_REGISTRY_PASSWORD if
set, else the Docker config's (docker login). Exit codes: 0 pushed (or dry run printed), 1 failed, 2 usage error.`;

/** Which CLI flag each option of `tagAndPush` is. */
const FLAGS: Record<string, string> = {
  version: '--version',
  versionLatest: '--version-latest',
  versionSemver: '--version-semver',
  semverPrecision: '--semver-precision',
  semverZero: '--semver-zero',
  tags: '--tag',
  registry: '--registry',
  images: 'IMAGE',
  auth: 'SEAWORTHY_REGISTRY_USERNAME/SEAWORTHY_REGISTRY_PASSWORD',
};

export interface TagArgs {
  readonly images: readonly string[];
  readonly options: TagAndPushOptions;
  readonly help: boolean;
}

/** Parse `seaworthy tag` arguments into `tagAndPush` options; throws {@link CliUsageError}. */
export function parseTagArgs(args: readonly string[]): TagArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CliUsageError(`tag: ${(error as Error).message}`, USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) return { images: [], options: {}, help: true };
  if (positionals.length === 0) throw new CliUsageError('tag: give at least one IMAGE.', USAGE);
  let precision: number | undefined;
  if (values['semver-precision'] !== undefined) {
    precision = Number(values['semver-precision']);
    if (!/^\d+$/.test(values['semver-precision']) || precision < 1) {
      throw new CliUsageError(
        `tag: --semver-precision wants a whole number of 1 or more, not '${values['semver-precision']}'.`,
        USAGE,
      );
    }
  }
  const options: TagAndPushOptions = {
    ...(values.version !== undefined ? { version: values.version } : {}),
    ...(values['version-latest'] ? { versionLatest: true } : {}),
    ...(values['version-semver'] ? { versionSemver: true } : {}),
    ...(precision !== undefined ? { semverPrecision: precision } : {}),
    ...(values['semver-zero'] ? { semverZero: true } : {}),
    ...(values.tag !== undefined ? { tags: values.tag } : {}),
    ...(values.registry !== undefined ? { registry: values.registry } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values.verbose ? { verbose: true } : {}),
    ...(values.quiet ? { mode: 'quiet' as const } : {}),
  };
  return { images: positionals, options, help: false };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      tag: { type: 'string', short: 't', multiple: true },
      version: { type: 'string', short: 'V' },
      'version-latest': { type: 'boolean', short: 'L' },
      'version-semver': { type: 'boolean', short: 'S' },
      'semver-precision': { type: 'string', short: 'P' },
      'semver-zero': { type: 'boolean', short: 'Z' },
      registry: { type: 'string', short: 'r' },
      'dry-run': { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
}

export const tagCommand: Command = {
  name: 'tag',
  summary: 'tags images (version, semver, registry) and pushes the tags',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { images, options, help } = parseTagArgs(args);
    if (help) {
      io.out(USAGE);
      return 0;
    }
    const username = io.env.SEAWORTHY_REGISTRY_USERNAME;
    const password = io.env.SEAWORTHY_REGISTRY_PASSWORD;
    const withIo: TagAndPushOptions = {
      ...options,
      ...(username || password ? { auth: { username, password } } : {}),
      env: io.env,
      log: (line) => io.out(line),
    };
    try {
      if (options.dryRun) {
        // Changes nothing and needs no engine: the plan and its docker lines only.
        for (const line of dockerCommands(planTags(images, planOptionsOf(options)))) io.out(line);
        return 0;
      }
      const engine = await Engine.connect({ env: io.env });
      const result = await tagAndPush(engine, images, withIo);
      for (const pushed of result.pushed)
        io.out(`pushed ${pushed.reference}${pushed.digest ? ` ${pushed.digest}` : ''}`);
      return 0;
    } catch (error) {
      if (error instanceof InvalidOptionError) {
        const flag = FLAGS[error.option.replace(/(\[\d+\]|\.\w+)$/, '')] ?? error.option;
        throw new CliUsageError(`tag: ${flag}: ${error.message.replace(/^invalid option `[^`]*`: /, '')}`, USAGE);
      }
      throw error;
    }
  },
};

function planOptionsOf(options: TagAndPushOptions): TagPlanOptions {
  const { dryRun: _dryRun, verbose: _verbose, mode: _mode, ...plan } = options;
  return plan;
}
