import { debugLogger } from '../../debug/logger.js';
import type { HostResolution } from '../client.js';
import { shortId } from '../host/host-resolution.js';
import { describeRunnerMount, type RawMount, type RunnerMount, toRunnerMounts } from '../host/runner-mounts.js';

/** Topologies where this process runs in a container of the engine it talks to. */
const SIBLINGS: readonly string[] = ['sibling', 'sibling-host-network'];

/**
 * `engine.runnerMounts()`: the mounts of the runner's container (the one
 * this process runs in) when that container belongs to the engine it talks
 * to, else undefined. Asked once per engine connection, when first needed:
 * a container's mounts don't change while it runs. A failed lookup is not
 * kept, so the next call asks again.
 *
 * `SEAWORTHY_SIBLING_BINDS=off` turns bind translation off: undefined then too.
 */
export function runnerMountsLookup(
  engine: { readonly hostResolution: HostResolution },
  inspect: (containerId: string) => Promise<{ readonly Mounts?: readonly RawMount[] | null }>,
): () => Promise<readonly RunnerMount[] | undefined> {
  let cached: Promise<readonly RunnerMount[] | undefined> | undefined;
  return () => {
    cached ??= lookUp(engine.hostResolution, inspect).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

async function lookUp(
  { facts, decision }: HostResolution,
  inspect: (containerId: string) => Promise<{ readonly Mounts?: readonly RawMount[] | null }>,
): Promise<readonly RunnerMount[] | undefined> {
  const own = facts.ownContainer;
  if (!own || !SIBLINGS.includes(decision.topology)) return undefined;
  const log = debugLogger('launch');
  if (/^(off|false|0|no)$/i.test(facts.env.SEAWORTHY_SIBLING_BINDS?.trim() ?? '')) {
    log('bind mounts are not translated: SEAWORTHY_SIBLING_BINDS=%s', facts.env.SEAWORTHY_SIBLING_BINDS);
    return undefined;
  }
  const mounts = toRunnerMounts((await inspect(own.id)).Mounts);
  log(
    "runner's container %s (%s) mounts: %s",
    shortId(own.id),
    own.name,
    mounts.map(describeRunnerMount).join('; ') || 'none',
  );
  return mounts;
}
