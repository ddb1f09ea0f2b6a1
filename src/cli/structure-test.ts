import { parseArgs } from 'node:util';
import { CliUsageError, StructureConfigError } from '../errors/index.js';
import { DockerHelper } from '../resources/helper/helper.js';
import { loadStructureConfig } from '../structure/config-parse.js';
import { goJsonReport, textReport } from '../structure/report.js';
import { structureTest } from '../structure/structure-test.js';
import type { CliIo, Command } from './command.js';

const USAGE = `Usage: seaworthy structure-test --image <image> --config <file.yaml> [--config <file2.yaml>]
                                [--output text|json] [--pull] [--command-timeout-ms <ms>]

Runs container-structure-test checks (schemaVersion 2.0.0: commandTests,
fileExistenceTests, fileContentTests, metadataTest, licenseTests) against an
image on the engine DOCKER_HOST points at. Patterns are Go RE2 regexes, as
in Google's tool. File, licence and metadata checks need no shell in the image.

Options:
  -i, --image <image>          the image to check (required)
  -c, --config <file>          a YAML or JSON config; repeat for several (required)
  -o, --output <format>        text (default) or json (the Go tool's JSON report)
      --pull                   pull the image first
      --command-timeout-ms <ms>  longest a command may run (default 300000)
  -h, --help                   show this text

Exit codes: 0 every check passed, 1 a check failed (or none ran), 2 bad
arguments or a config that can't be read as written.`;

interface StructureTestArgs {
  readonly image: string;
  readonly configs: readonly string[];
  readonly output: 'text' | 'json';
  readonly pull: boolean;
  readonly commandTimeoutMs: number | undefined;
  readonly help: boolean;
}

/** Parse `seaworthy structure-test` arguments; throws {@link CliUsageError}. */
export function parseStructureTestArgs(args: readonly string[]): StructureTestArgs {
  let values: {
    image?: string;
    config?: string[];
    output?: string;
    pull?: boolean;
    'command-timeout-ms'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        image: { type: 'string', short: 'i' },
        config: { type: 'string', short: 'c', multiple: true },
        output: { type: 'string', short: 'o' },
        pull: { type: 'boolean' },
        'command-timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`structure-test: ${(error as Error).message}`, USAGE);
  }
  const help = values.help ?? false;
  const usage = (problem: string) => new CliUsageError(`structure-test: ${problem}`, USAGE);
  if (!help && !values.image) throw usage('--image is required.');
  if (!help && !values.config?.length) throw usage('at least one --config is required.');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw usage(`--output ${JSON.stringify(output)} must be text or json.`);
  const timeout = values['command-timeout-ms'];
  if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
    throw usage(`--command-timeout-ms ${JSON.stringify(timeout)} is not a whole number of milliseconds.`);
  }
  return {
    image: values.image ?? '',
    configs: values.config ?? [],
    output,
    pull: values.pull ?? false,
    commandTimeoutMs: timeout === undefined ? undefined : Number(timeout),
    help,
  };
}

export const structureTestCommand: Command = {
  name: 'structure-test',
  summary: "check an image with container-structure-test's YAML (commands, files, metadata, licences)",
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseStructureTestArgs(args);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    let configs: Awaited<ReturnType<typeof loadStructureConfig>>[];
    try {
      configs = await Promise.all(options.configs.map((file) => loadStructureConfig(file)));
    } catch (error) {
      if (!(error instanceof StructureConfigError)) throw error;
      io.err(`seaworthy structure-test: ${error.message}`);
      return 2;
    }
    const helper = await DockerHelper.create({ env: io.env });
    try {
      const report = await structureTest(helper, options.image, configs, {
        pull: options.pull,
        env: io.env,
        progress: { env: io.env, output: { write: (text: string) => io.err(text.replace(/\n$/, '')) } },
        ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
      });
      io.out(options.output === 'json' ? JSON.stringify(goJsonReport(report)) : textReport(report));
      return report.passed ? 0 : 1;
    } finally {
      await helper.teardown();
    }
  },
};
