import type { LabelledResource, ResourceKind } from '../engine/client.js';
import { BOOT_ID_LABEL, LABELS, PID_NAMESPACE_LABEL, REUSE_LABELS } from '../labels.js';
import { type ProcessPlace, parsePid } from './owner.js';

export type { LabelledResource, ResourceKind } from '../engine/client.js';

/**
 * What is known about the process that made a resource:
 * - `alive`: its pid runs on this host, in this PID namespace;
 * - `dead`: same host, boot and namespace, and no process has that pid;
 * - `other-host`: made on another machine (another host name or boot id; a machine that has rebooted since
 *   counts too), so its pid cannot be checked from here;
 * - `other-pid-namespace`: same host name, but another PID namespace (another container), or one of the two
 *   has no namespace label;
 * - `unlabelled`: the owner labels are missing or malformed;
 * - `reused`: a container kept alive across runs (`reuse`, docs/reuse.md): it belongs to no process; its
 *   keeper removes it once idle.
 */
export type OwnerStatus = 'alive' | 'dead' | 'other-host' | 'other-pid-namespace' | 'unlabelled' | 'reused';

/** A labelled resource and what is known about its owner. */
export interface Leftover extends LabelledResource {
  readonly owner: OwnerStatus;
}

/** The owner of a resource, judged from `place` with `isAlive` (a pid check). */
export function ownerStatus(
  labels: Readonly<Record<string, string>>,
  place: ProcessPlace,
  isAlive: (pid: number) => boolean,
): OwnerStatus {
  if (labels[REUSE_LABELS.key] !== undefined) return 'reused';
  const host = labels[LABELS.host];
  const pid = parsePid(labels[LABELS.pid]);
  if (!host || pid === undefined) return 'unlabelled';
  if (host !== place.host || labels[BOOT_ID_LABEL] !== place.bootId) return 'other-host';
  if (labels[PID_NAMESPACE_LABEL] !== place.pidNamespace) return 'other-pid-namespace';
  return isAlive(pid) ? 'alive' : 'dead';
}

/** Add the owner's status to each resource. */
export function judgeOwners(
  resources: readonly LabelledResource[],
  place: ProcessPlace,
  isAlive: (pid: number) => boolean,
): Leftover[] {
  // One check per pid, so a run with many resources costs one syscall each.
  const alive = new Map<number, boolean>();
  const check = (pid: number) => {
    let known = alive.get(pid);
    if (known === undefined) {
      known = isAlive(pid);
      alive.set(pid, known);
    }
    return known;
  };
  return resources.map((resource) => ({ ...resource, owner: ownerStatus(resource.labels, place, check) }));
}

export interface RemovalPlan {
  readonly remove: readonly Leftover[];
  readonly keep: readonly Leftover[];
}

/**
 * Which leftovers to remove. By default only those whose owner is `dead`:
 * the only ones known to belong to no live run. With `all`, also those whose
 * owner cannot be checked from here (other host, other PID namespace,
 * unlabelled). Reused containers only with `reused` (a run may adopt one
 * any moment; their keepers remove them once idle). A resource whose owner
 * is `alive` is never removed.
 */
export function planRemoval(
  leftovers: readonly Leftover[],
  options: { readonly all?: boolean; readonly reused?: boolean } = {},
): RemovalPlan {
  const remove: Leftover[] = [];
  const keep: Leftover[] = [];
  for (const leftover of leftovers) {
    const removable =
      leftover.owner === 'reused'
        ? options.reused === true
        : leftover.owner === 'dead' || (options.all === true && leftover.owner !== 'alive');
    (removable ? remove : keep).push(leftover);
  }
  return { remove, keep };
}

const KIND_ORDER: Record<ResourceKind, number> = { container: 0, network: 1, volume: 2 };

/** Containers, then networks, then volumes; by name within a kind. */
export function byRemovalOrder(a: LabelledResource, b: LabelledResource): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name);
}
