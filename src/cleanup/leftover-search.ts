import type { EngineClient } from '../engine/client.js';
import { LABELS } from '../labels.js';
import { byRemovalOrder, judgeOwners, type Leftover } from './leftovers.js';
import { currentPlace, isProcessAlive, type ProcessPlace } from './owner.js';
import { type RemovalReport, removeResources } from './removal.js';

export interface FindLeftoversOptions {
  /** Only resources of this run (`dev.seaworthy.session`). @default every run */
  readonly session?: string;
}

/**
 * Every container, network and volume seaworthy made on this engine that
 * still exists, with what is known about the process that made it, in
 * removal order (containers, networks, volumes).
 */
export function findLeftovers(engine: EngineClient, options: FindLeftoversOptions = {}): Promise<Leftover[]> {
  return listLeftovers(engine, options.session, currentPlace(), isProcessAlive);
}

/**
 * Remove the given leftovers (choose them with `planRemoval`), containers
 * first. Never throws: what could not be removed is in the report.
 */
export function removeLeftovers(
  engine: EngineClient,
  leftovers: readonly Leftover[],
): Promise<RemovalReport<Leftover>> {
  return removeResources(engine, leftovers);
}

/** @internal {@link findLeftovers} with its collaborators passed in. */
export async function listLeftovers(
  engine: Pick<EngineClient, 'listLabelled'>,
  session: string | undefined,
  place: ProcessPlace,
  isAlive: (pid: number) => boolean,
): Promise<Leftover[]> {
  const labels = [`${LABELS.managed}=true`, ...(session === undefined ? [] : [`${LABELS.session}=${session}`])];
  const resources = await engine.listLabelled(labels);
  return judgeOwners(resources, place, isAlive).sort(byRemovalOrder);
}
