import type { ServiceContext } from './context.js';
import type { VariableLookup } from './interpolate.js';
import { isMapping } from './read-yaml.js';

/*
 * The Compose Specification's "list or dict" values (`environment`,
 * `labels`, build `args`, `sysctls`, `extra_hosts`) as one map. In list form
 * an entry is `KEY=VALUE`; `KEY` alone (or `KEY:` with no value in map form)
 * means "take it from the variables", or leave it out when unset (`labels`
 * keep it as an empty string).
 */

/** A scalar value as text: numbers and booleans as YAML wrote them, null as undefined. */
export function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export interface ListOrDictOptions {
  /** For entries with no value: look it up (environment, args), or keep '' (labels). */
  readonly lookup?: VariableLookup;
}

/** A list-or-dict value as a map; the key is the service key's name for errors. */
export function listOrDict(
  value: unknown,
  ctx: ServiceContext,
  key: string,
  options: ListOrDictOptions = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, text: string | undefined) => {
    if (text !== undefined) out[name] = text;
    else if (options.lookup) {
      const found = options.lookup(name);
      if (found !== undefined) out[name] = found;
    } else out[name] = '';
  };
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const text = scalarText(entry);
      if (text === undefined) ctx.fail(`${key}[${i}]`, 'must be KEY=VALUE text');
      const at = text.indexOf('=');
      if (at >= 0) put(text.slice(0, at), text.slice(at + 1));
      else put(text, undefined);
    });
    return out;
  }
  if (isMapping(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (v !== null && scalarText(v) === undefined) ctx.fail(`${key}.${name}`, 'must be a string, number or boolean');
      put(name, scalarText(v));
    }
    return out;
  }
  return ctx.fail(key, 'must be a list of KEY=VALUE or a mapping');
}

/** A string or a list of strings as a list. */
export function stringList(value: unknown, ctx: ServiceContext, key: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, i) => {
    const text = scalarText(entry);
    if (text === undefined) return ctx.fail(Array.isArray(value) ? `${key}[${i}]` : key, 'must be a string');
    return text;
  });
}
