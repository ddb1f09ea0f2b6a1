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

/** Deep-merge `patches` over `base`, left to right. Inputs are not modified. */
export function deepMerge<T extends object>(base: T, ...patches: readonly (object | undefined)[]): T {
  let result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const patch of patches) {
    if (patch === undefined) continue;
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
