import { CliUsageError, SeaworthyError } from '../errors/index.js';
import type { CliIo, Command } from './command.js';
import { doctorCommand } from './doctor.js';
import { leftoversCommand } from './leftovers.js';
import { runCommand } from './run.js';
import { snapshotsCommand } from './snapshots.js';
import { structureTestCommand } from './structure-test.js';
import { tagCommand } from './tag.js';

/** Every subcommand. A new one is a file under src/cli/ and a line here. */
export const COMMANDS: readonly Command[] = [
  leftoversCommand,
  snapshotsCommand,
  doctorCommand,
  tagCommand,
  structureTestCommand,
  runCommand,
];

export function usage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: seaworthy <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'seaworthy <command> --help' for a command's options.",
  ].join('\n');
}

/**
 * Run the command line `argv` (without node and the script) and resolve to
 * the exit code: 0 done, 1 failed, 2 not understood. Never throws.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new CliUsageError(`unknown command '${name}'.`, usage(commands));
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`seaworthy: ${error.message}`);
      return 2;
    }
    if (error instanceof SeaworthyError) {
      io.err(`seaworthy ${name}: ${error.message}`);
      return 1;
    }
    io.err(
      `seaworthy ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}
