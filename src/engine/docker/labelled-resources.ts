import type Dockerode from 'dockerode';
import type { LabelledResource, ResourceKind } from '../client.js';

/** Every container, network and volume carrying all `labels`, with their labels and creation times. */
export async function listLabelled(docker: Dockerode, labels: readonly string[]): Promise<LabelledResource[]> {
  const filters = JSON.stringify({ label: labels });
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return [
    ...containers.map(
      (c): LabelledResource => ({
        kind: 'container',
        id: c.Id,
        name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
        labels: c.Labels ?? {},
        createdAt: c.Created ? new Date(c.Created * 1000) : undefined,
      }),
    ),
    ...networks.map(
      (n): LabelledResource => ({
        kind: 'network',
        id: n.Id,
        name: n.Name,
        labels: n.Labels ?? {},
        createdAt: parseDate((n as { Created?: string }).Created),
      }),
    ),
    ...(volumes.Volumes ?? []).map(
      (v): LabelledResource => ({
        kind: 'volume',
        id: v.Name,
        name: v.Name,
        labels: v.Labels ?? {},
        createdAt: parseDate((v as { CreatedAt?: string }).CreatedAt),
      }),
    ),
  ];
}

/**
 * Remove one resource whoever made it: a container forcibly, with its
 * anonymous volumes; a network that still has endpoints (a container of
 * another owner joined it, e.g. the runner's own container in the sibling
 * topology) after detaching them. Rejects with the engine's error.
 */
export async function removeAnyResource(docker: Dockerode, kind: ResourceKind, id: string): Promise<void> {
  const remove = (): Promise<unknown> =>
    kind === 'container'
      ? docker.getContainer(id).remove({ force: true, v: true })
      : kind === 'network'
        ? docker.getNetwork(id).remove()
        : docker.getVolume(id).remove();
  try {
    await remove();
  } catch (error) {
    if (kind !== 'network' || (error as { statusCode?: number }).statusCode !== 403) throw error;
    await detachEndpoints(docker, id);
    await remove();
  }
}

/** Disconnect (forcibly) every container still attached to a network; one that is already gone is fine. */
export async function detachEndpoints(docker: Dockerode, networkId: string): Promise<void> {
  const network = docker.getNetwork(networkId);
  let attached: string[];
  try {
    attached = Object.keys(((await network.inspect()) as { Containers?: object | null }).Containers ?? {});
  } catch {
    return;
  }
  await Promise.all(
    attached.map((container) => network.disconnect({ Container: container, Force: true }).catch(() => undefined)),
  );
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
