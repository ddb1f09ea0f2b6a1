/** Where a command writes, and the environment it reads. Tests pass their own. */
export interface CliIo {
  /** Write one line (or several, joined by newlines) to standard output. */
  out(text: string): void;
  /** Write to standard error. */
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
}

/** One `seaworthy <name>` subcommand, in a file of its own under src/cli/. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full usage text, printed for --help and with usage errors. */
  readonly usage: string;
  /** Run with the arguments after the command name; resolves to the exit code. Throws CliUsageError for bad arguments. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
