import type { Engine } from '../engine/engine.js';
import { LABELS } from '../resources/labels.js';
import { type CertEnv, type CleanupClient, cleanupClient } from './engine-api.js';
import { byRemovalOrder, judgeOwners, type Leftover } from './leftovers.js';
import { currentPlace, isProcessAlive, type ProcessPlace } from './owner.js';
import { type RemovalReport, removeResources } from './removal.js';

export interface FindLeftoversOptions {
  /** Only resources of this run (`dev.seaworthy.session`). @default every run */
  readonly session?: string;
  /** Where a TLS engine's client files are (DOCKER_CERT_PATH, HOME). @default process.env */
  readonly env?: CertEnv;
}

/**
 * Every container, network and volume seaworthy made on this engine that
 * still exists, with what is known about the process that made it, in
 * removal order (containers, networks, volumes).
 */
export function findLeftovers(engine: Engine, options: FindLeftoversOptions = {}): Promise<Leftover[]> {
  return listLeftovers(cleanupClient(engine.endpoint, options.env), options.session, currentPlace(), isProcessAlive);
}

/**
 * Remove the given leftovers (choose them with `planRemoval`), containers
 * first. Never throws: what could not be removed is in the report.
 */
export function removeLeftovers(
  engine: Engine,
  leftovers: readonly Leftover[],
  options: Pick<FindLeftoversOptions, 'env'> = {},
): Promise<RemovalReport<Leftover>> {
  return removeResources(cleanupClient(engine.endpoint, options.env), leftovers);
}

/** @internal {@link findLeftovers} with its collaborators passed in. */
export async function listLeftovers(
  client: CleanupClient,
  session: string | undefined,
  place: ProcessPlace,
  isAlive: (pid: number) => boolean,
): Promise<Leftover[]> {
  const labels = [`${LABELS.managed}=true`, ...(session === undefined ? [] : [`${LABELS.session}=${session}`])];
  const resources = await client.list(labels);
  return judgeOwners(resources, place, isAlive).sort(byRemovalOrder);
}
