import { debugLogger } from '../debug/logger.js';
import type { EngineClient } from '../engine/client.js';
import { LABELS } from '../labels.js';
import { judgeOwners, type Leftover, planRemoval } from './leftovers.js';
import type { ProcessPlace } from './owner.js';
import { type RemovalOptions, type RemovalReport, removeResources } from './removal.js';

const log = debugLogger('reaper');

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
  const { remove, keep } = planRemoval(judgeOwners(resources, place, isAlive));
  if (log.enabled) {
    const kept = new Map<string, number>();
    for (const r of keep) kept.set(r.owner, (kept.get(r.owner) ?? 0) + 1);
    const why = [...kept].map(([owner, n]) => `${n} ${owner}`).join(', ');
    log(
      '%d labelled resources on host %s; keeping %d%s',
      resources.length,
      place.host,
      keep.length,
      why ? ` (owner ${why})` : '',
    );
    for (const r of remove) log('removing %s %s: owner pid %s is %s', r.kind, r.name, r.labels[LABELS.pid], r.owner);
  }
  const report = await removeResources(engine, remove, options);
  for (const { resource, error } of report.failed)
    log('could not remove %s %s: %s', resource.kind, resource.name, (error as Error)?.message);
  if (remove.length) log('removed %d of %d', report.removed.length, remove.length);
  return report;
}
