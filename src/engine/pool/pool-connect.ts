import {
  type EngineAttempt,
  EngineSkippedWarning,
  EngineUnavailableError,
  InvalidOptionError,
} from '../../errors/index.js';
import { type EngineEnv, type EngineOptions, type OpenConnection, openConnection } from '../docker/connect.js';
import { contextEndpoint, type EngineEndpoint, localSockets, parseDockerHost } from '../endpoint.js';
import { engineKey, pickEngine } from './engine-choice.js';
import { EngineLeases, leaseDirectory } from './engine-leases.js';
import { describeEntry, describeTarget, type EngineListEntry, parseEngineList } from './engine-list.js';

/** A connection to one engine of the list, held for this worker until `release()`. */
export interface PlacedConnection {
  readonly connection: OpenConnection;
  /** The entry's name. */
  readonly name: string;
  /** This helper is done with the engine (idempotent); the worker still prefers it next time. */
  release(): Promise<void>;
}

/** One engine of the list, connected, or why not. */
export type EngineReach<E> =
  | { readonly name: string; readonly engine: E }
  | { readonly name: string; readonly address: string; readonly error: unknown };

/**
 * This worker's connection: with a list of engines, to one of them (see
 * {@link connectToOneOf}); else to the one engine found as before, named `default`.
 */
export async function placeConnection(options: EngineOptions): Promise<PlacedConnection> {
  const env = options.env ?? (process.env as EngineEnv);
  const list = engineListFrom(options, env);
  if (list) return connectToOneOf(list, options, env);
  return { connection: await openConnection(options), name: 'default', release: async () => {} };
}

/** A connection to every engine of the list at once (no leases); one `default` without a list. */
export async function connectEvery(
  options: EngineOptions,
): Promise<({ readonly name: string; readonly connection: OpenConnection } | EngineReach<never>)[]> {
  const env = options.env ?? (process.env as EngineEnv);
  const list = engineListFrom(options, env) ?? [];
  if (list.length === 0) return [{ name: 'default', connection: await openConnection(options) }];
  return Promise.all(
    list.map(async (entry) => {
      try {
        return {
          name: entry.name,
          connection: await openConnection(entryOptions(entry, options), endpointsOf(entry, env)),
        };
      } catch (error) {
        return { name: entry.name, address: describeTarget(entry), error };
      }
    }),
  );
}

/**
 * The list of engines to spread workers over: the `engines` option, else
 * $SEAWORTHY_ENGINES unless `host` names one engine. `undefined`: one engine, as before.
 */
export function engineListFrom(options: EngineOptions, env: EngineEnv): EngineListEntry[] | undefined {
  if (options.engines !== undefined) {
    if (options.host !== undefined) {
      throw new InvalidOptionError(
        'engine.engines',
        'is set together with engine.host; use host for one engine, engines for several',
      );
    }
    return parseEngineList(options.engines, 'engine.engines option');
  }
  if (options.host !== undefined) return undefined;
  const text = env.SEAWORTHY_ENGINES?.trim();
  return text ? parseEngineList(text, 'SEAWORTHY_ENGINES') : undefined;
}

/**
 * Connect this worker to one engine of the list: the one it used before,
 * else the least loaded per weight. An engine that does not answer is
 * skipped with an {@link EngineSkippedWarning} once another one answers; when
 * none does, {@link EngineUnavailableError} lists them all.
 */
export async function connectToOneOf(
  entries: readonly EngineListEntry[],
  options: EngineOptions,
  env: EngineEnv,
  warn: (warning: EngineSkippedWarning) => void = (warning) => process.emitWarning(warning),
): Promise<PlacedConnection> {
  const leases = new EngineLeases(leaseDirectory(env));
  const byKey = new Map(entries.map((entry) => [engineKey(entry), entry]));
  const down: { entry: EngineListEntry; address: string; reason: string }[] = [];
  const attempts: EngineAttempt[] = [];
  let lastError: unknown;
  for (;;) {
    const candidates = entries.filter((entry) => !down.some((d) => d.entry === entry));
    const key = await leases.acquire((others, mine, picked) => pickEngine(candidates, others, mine, picked));
    const entry = key === undefined ? undefined : byKey.get(key);
    if (key === undefined || entry === undefined) throw new EngineUnavailableError(attempts, lastError);
    try {
      const connection = await openConnection(entryOptions(entry, options), endpointsOf(entry, env));
      for (const skipped of down)
        warn(new EngineSkippedWarning(skipped.entry.name, skipped.address, skipped.reason, describeEntry(entry)));
      let released = false;
      return {
        connection,
        name: entry.name,
        async release() {
          if (released) return;
          released = true;
          await leases.release(key).catch(() => undefined);
        },
      };
    } catch (error) {
      await leases.drop(key).catch(() => undefined);
      if (!(error instanceof EngineUnavailableError)) throw error;
      lastError = error;
      attempts.push(...error.attempts);
      const first = error.attempts[0];
      down.push({ entry, address: first?.host ?? describeTarget(entry), reason: first?.reason ?? error.message });
    }
  }
}

/** The options one entry connects with: its own host address and publish interface over the shared ones. */
function entryOptions(entry: EngineListEntry, options: EngineOptions): EngineOptions {
  const { host: _host, engines: _engines, ...shared } = options;
  return {
    ...shared,
    ...(entry.hostAddress !== undefined ? { hostAddress: entry.hostAddress } : {}),
    ...(entry.publishOn !== undefined ? { publishOn: entry.publishOn } : {}),
  };
}

/** Where an entry's engine is: its address, its context's, or the local sockets. */
export function endpointsOf(entry: EngineListEntry, env: EngineEnv): EngineEndpoint[] {
  const source = `SEAWORTHY_ENGINES entry '${entry.name}'`;
  const target = entry.target;
  if (target.kind === 'default') return localSockets(env, ` (${source})`);
  if (target.kind === 'context') return [contextEndpoint(target.context, source, env)];
  const endpoint = parseDockerHost(target.address, source, entry.tls === true || entry.certDir !== undefined);
  if (endpoint.kind === 'tcp' && entry.certDir !== undefined)
    return [{ ...endpoint, tls: true, certDir: entry.certDir }];
  return [endpoint];
}
