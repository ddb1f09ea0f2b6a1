import { InvalidOptionError } from '../../errors/index.js';
import type { MountOptions } from '../../resources/definitions/container-options.js';

/**
 * The mounts of a service whose data directory goes on tmpfs unless its
 * `tmpfs` option is false. A mount the caller put on that directory
 * themselves (a volume to keep the data, say) wins: no tmpfs is added.
 */
export function withDataTmpfs(
  tmpfs: boolean | undefined,
  target: string,
  mounts: readonly MountOptions[] = [],
): MountOptions[] {
  const enabled = tmpfs ?? true;
  if (typeof enabled !== 'boolean') {
    throw new InvalidOptionError('tmpfs', `${JSON.stringify(enabled)} must be true or false`);
  }
  const taken = mounts.some((mount) => mount?.target === target);
  return [...mounts, ...(enabled && !taken ? [{ type: 'tmpfs' as const, target }] : [])];
}
