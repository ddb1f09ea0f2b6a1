import { errorMessage, SeaworthyError } from './base.js';

/** Teardown removed what it could, but some resources could not be removed. */
export class TeardownError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_TEARDOWN_FAILED';
  readonly failures: readonly { readonly resource: string; readonly error: unknown }[];

  constructor(namespace: string, failures: readonly { readonly resource: string; readonly error: unknown }[]) {
    const list = failures.map((f) => `  - ${f.resource}: ${errorMessage(f.error)}`).join('\n');
    super(
      'SEAWORTHY_TEARDOWN_FAILED',
      `helper '${namespace}' could not remove ${failures.length} resource(s):\n${list}\n` +
        `Remove them by hand: docker ps -a --filter label=dev.seaworthy.namespace=${namespace}`,
      { cause: failures[0]?.error },
    );
    this.failures = failures;
  }
}

/**
 * The crash watchdog of a helper could not start, or stopped early. Not
 * thrown: emitted as a process warning, and the helper works without it
 * (normal teardown and the signal handlers still remove everything).
 */
export class WatchdogStartError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_WATCHDOG_START';
  readonly namespace: string;

  constructor(namespace: string, cause: unknown) {
    super(
      'SEAWORTHY_WATCHDOG_START',
      `the cleanup watchdog of helper '${namespace}' is not running (${errorMessage(cause)}), so if this process ` +
        'is killed its resources stay behind. Remove them later with `npx seaworthy leftovers`; ' +
        'check that Node can spawn processes here, or set SEAWORTHY_WATCHDOG=false to silence this.',
      { cause },
    );
    this.namespace = namespace;
  }
}

/** `seaworthy leftovers` could not remove some of what it set out to remove. */
export class LeftoverRemovalError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_LEFTOVER_REMOVAL';
  readonly failures: readonly { readonly resource: string; readonly error: unknown }[];

  constructor(failures: readonly { readonly resource: string; readonly error: unknown }[]) {
    const list = failures.map((f) => `  - ${f.resource}: ${errorMessage(f.error)}`).join('\n');
    super(
      'SEAWORTHY_LEFTOVER_REMOVAL',
      `could not remove ${failures.length} leftover resource(s):\n${list}\n` +
        'Run the command again once whatever still uses them has stopped, or remove them by hand ' +
        '(docker rm -f / docker network rm / docker volume rm).',
      { cause: failures[0]?.error },
    );
    this.failures = failures;
  }
}

/** Some snapshot images could not be removed (usually: a container still uses them). */
export class SnapshotRemovalError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_SNAPSHOT_REMOVAL';
  readonly failures: readonly { readonly image: string; readonly error: unknown }[];

  constructor(failures: readonly { readonly image: string; readonly error: unknown }[]) {
    const list = failures.map((f) => `  - ${f.image}: ${errorMessage(f.error)}`).join('\n');
    super(
      'SEAWORTHY_SNAPSHOT_REMOVAL',
      `could not remove ${failures.length} snapshot image(s):\n${list}\n` +
        'A container made from a snapshot keeps it: remove that container (or let its test run finish), ' +
        'then run `seaworthy snapshots --prune` again.',
      { cause: failures[0]?.error },
    );
    this.failures = failures;
  }
}

/** The `seaworthy` command line was not understood. */
export class CliUsageError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CLI_USAGE';
  readonly usage: string;

  constructor(problem: string, usage: string) {
    super('SEAWORTHY_CLI_USAGE', `${problem}\n\n${usage}`);
    this.usage = usage;
  }
}
