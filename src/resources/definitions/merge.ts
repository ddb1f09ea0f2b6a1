import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';

/**
 * A partial object to deep-merge over another, as Python Seaworthy's
 * `merge_kwargs` does for `base_kwargs`:
 * - plain objects merge key by key, recursively;
 * - any other value (arrays included) replaces the base value;
 * - `undefined` leaves the base value alone;
 * - `null` removes the key.
 */
export type DeepPatch<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K] | null
    : T[K] extends object
      ? DeepPatch<T[K]> | null
      : T[K] | null;
} & Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-merge `patches` over `base`, left to right. Inputs are not modified.
 * The base and each patch must be plain objects (`undefined` patches are skipped).
 */
export function deepMerge<T extends object>(base: T, ...patches: readonly (object | undefined)[]): T {
  if (!isPlainObject(base)) {
    throw new InvalidOptionError('deepMerge base', `${describeValue(base)} must be a plain object`);
  }
  let result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [i, patch] of patches.entries()) {
    if (patch === undefined) continue;
    if (!isPlainObject(patch)) {
      throw new InvalidOptionError(
        `deepMerge patches[${i}]`,
        `${describeValue(patch)} must be a plain object of fields to merge (or undefined to skip it)`,
      );
    }
    result = mergeInto(result, patch as Record<string, unknown>);
  }
  return result as T;
}

function mergeInto(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeInto(current, value) : value;
  }
  return out;
}
