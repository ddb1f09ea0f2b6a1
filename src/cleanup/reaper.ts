import type { EngineClient } from '../engine/client.js';
import { LABELS } from '../labels.js';
import { judgeOwners, type Leftover, planRemoval } from './leftovers.js';
import type { ProcessPlace } from './owner.js';
import { type RemovalOptions, type RemovalReport, removeResources } from './removal.js';

/**
 * Remove what earlier processes on this host left behind: resources whose
 * `dev.seaworthy.host` is this host, whose PID namespace is this one, and
 * whose `dev.seaworthy.pid` no longer runs. Resources of live processes, of
 * other hosts and of other PID namespaces are never touched.
 */
export async function reapDeadOwners(
  engine: Pick<EngineClient, 'listLabelled' | 'removeResource'>,
  place: ProcessPlace,
  isAlive: (pid: number) => boolean,
  options: RemovalOptions = {},
): Promise<RemovalReport<Leftover>> {
  // The host filter runs in the engine, so other hosts' resources are not even listed.
  const resources = await engine.listLabelled([`${LABELS.managed}=true`, `${LABELS.host}=${place.host}`]);
  const { remove } = planRemoval(judgeOwners(resources, place, isAlive));
  return removeResources(engine, remove, options);
}
