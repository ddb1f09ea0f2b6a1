import type { EngineEnv } from '../engine/docker/connect.js';
import type { Engine } from '../engine/docker/engine.js';
import type { EngineListEntry } from '../engine/pool/engine-list.js';
import { parseEngineList } from '../engine/pool/engine-list.js';
import { type EngineReach, engineListFrom } from '../engine/pool/pool-connect.js';
import { CliUsageError, EngineUnavailableError, errorMessage } from '../errors/index.js';

/**
 * `--engines <list>` of the commands that look at every engine of a list
 * (leftovers, doctor): the same entries as SEAWORTHY_ENGINES
 * (docs/several-engines.md), which it replaces for this command.
 */
export function enginesFlagHelp(column: number): string {
  const pad = ' '.repeat(column);
  return [
    '  --engines <list>',
    `${pad}every engine of this list, as SEAWORTHY_ENGINES (which it`,
    `${pad}replaces): [name=]target[;param=value] entries, comma-separated`,
    `${pad}(default: $SEAWORTHY_ENGINES, else the one engine as usual)`,
  ].join('\n');
}

/** Check a `--engines` value; a list that does not parse is a usage error. */
export function checkEnginesFlag(value: string | undefined, command: string, usage: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    parseEngineList(value, '--engines');
  } catch (error) {
    throw new CliUsageError(`${command}: ${errorMessage(error)}`, usage);
  }
  return value;
}

/**
 * The engines to look at: the `--engines` list, else $SEAWORTHY_ENGINES;
 * `undefined` when neither lists any (one engine, as without a list).
 */
export function listedEngines(flag: string | undefined, env: EngineEnv): EngineListEntry[] | undefined {
  return engineListFrom(flag === undefined ? {} : { engines: flag }, env);
}

/** An engine of the list that answered, or one that did not. */
export type Reached = Extract<EngineReach<Engine>, { engine: Engine }>;
export type Unreached = Extract<EngineReach<Engine>, { error: unknown }>;

export function isReached(reach: EngineReach<Engine>): reach is Reached {
  return 'engine' in reach;
}

/** How a section names an engine that answered: `engine 'ci-a' (tcp://10.0.0.5:2376)`. */
export function engineHeading(reach: Reached): string {
  return `engine '${reach.name}' (${reach.engine.address})`;
}

/** Why an engine did not answer, on one line: the reason, with each address when it tried several. */
export function unreachedReason(reach: Unreached): string {
  const error = reach.error;
  if (error instanceof EngineUnavailableError && error.attempts.length > 0) {
    const [only, ...more] = error.attempts;
    if (only && more.length === 0) return only.reason;
    return error.attempts.map((a) => `${a.host}: ${a.reason}`).join('; ');
  }
  return errorMessage(error).split('\n')[0] ?? '';
}
