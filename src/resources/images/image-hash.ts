import { createHash } from 'node:crypto';
import type { BuildContext } from './build-context.js';
import type { ImageOptions } from './image-options.js';

/** Changes when what goes into the hash changes, so older cached images miss. */
const HASH_VERSION = 'seaworthy-build/1';
/** How many hex digits of the hash the cache tag carries. */
export const TAG_HASH_LENGTH = 16;

/**
 * The content hash of one build (SHA-256, hex): every context entry that is
 * sent (path, type, permission bits, and a file's content or a symlink's
 * target text), the Dockerfile's path and text, build args, target, labels
 * and platform. Ignored files, timestamps and owners are not part of it.
 */
export function buildHash(context: BuildContext, options: ImageOptions): string {
  const hash = createHash('sha256');
  const sorted = (record: Readonly<Record<string, string>> | undefined) =>
    Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header = {
    version: HASH_VERSION,
    dockerfile: context.dockerfile,
    dockerfileText: context.dockerfileText,
    args: sorted(options.args),
    target: options.target?.toLowerCase() ?? null,
    labels: sorted(options.labels),
    platform: options.platform ?? null,
  };
  hash.update(`${JSON.stringify(header)}\n`);
  for (const entry of context.entries) {
    const what = entry.type === 'file' ? entry.digest : entry.type === 'symlink' ? entry.target : '';
    hash.update(`${JSON.stringify([entry.type, entry.path, entry.mode.toString(8), what])}\n`);
  }
  return hash.digest('hex');
}

/** `seaworthy-build/<name>:<first 16 hex digits of the hash>`: the cache's tag for one content hash. */
export function cacheReference(name: string, hash: string): string {
  return `${cacheRepository(name)}:${hash.slice(0, TAG_HASH_LENGTH)}`;
}

/** `seaworthy-build/<name>`. */
export function cacheRepository(name: string): string {
  return `seaworthy-build/${name}`;
}
