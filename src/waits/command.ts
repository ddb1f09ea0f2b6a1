import { InvalidOptionError } from '../errors/index.js';
import type { ExecOptions, WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { ownTimeout } from './own-timeout.js';
import { assertPollOptions, type PollOptions, poll } from './poll.js';

export interface CommandWaitOptions extends PollOptions, Omit<ExecOptions, 'signal'> {
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/** Ready once `cmd`, run in the container, exits 0 (e.g. `['pg_isready', '-U', 'postgres']`). */
export function command(cmd: readonly string[], options: CommandWaitOptions = {}): WaitStrategy {
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((c) => typeof c !== 'string')) {
    throw new InvalidOptionError('command', 'must be a non-empty array of strings, e.g. ["pg_isready"]');
  }
  const { timeoutMs, minIntervalMs, maxIntervalMs, ...exec } = options;
  assertPollOptions('waitFor.command', options);
  return {
    description: `command ${JSON.stringify(cmd)} to exit 0`,
    ...ownTimeout('waitFor.command', timeoutMs),
    async wait(context: WaitContext): Promise<void> {
      await poll(
        async () => {
          const result = await context.exec(cmd, exec);
          if (result.exitCode !== 0) {
            const said = (result.stderr || result.stdout).trim().split('\n').at(-1) ?? '';
            context.progress(`last exit code ${result.exitCode}${said ? `: ${said.slice(0, 120)}` : ''}`);
            throw new Error(`exit code ${result.exitCode}`);
          }
        },
        context.signal,
        { minIntervalMs: minIntervalMs ?? 50, maxIntervalMs: maxIntervalMs ?? 500 },
      );
    },
  };
}
