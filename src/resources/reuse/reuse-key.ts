import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidOptionError } from '../../errors/index.js';
import { ContainerDefinition } from '../definitions/container-definition.js';
import { networkPlan } from '../definitions/network-mode.js';
import { canonicalJson, contentDigest } from '../snapshots/init-snapshot-key.js';

/** Bumped whenever what goes into a reuse key changes: every older reused container then misses. */
export const REUSE_FORMAT_VERSION = 1;

/**
 * Refuse definitions whose container can't outlive the run: they refer to
 * networks or volumes that a helper creates for this run alone, and removes
 * at its teardown. Throws {@link InvalidOptionError}.
 */
export function assertReusable(definition: ContainerDefinition): void {
  const { options } = definition;
  const refuse = (what: string) => {
    throw new InvalidOptionError(
      'reuse',
      `'${definition.name}' ${what}, which a helper makes for one run and removes at its end, so its container ` +
        'cannot outlive the run. Use a network or volume by its name (a string) instead, or drop `reuse`.',
    );
  };
  const plan = networkPlan(options).kind;
  if (plan === 'network') refuse('has `networkMode` set to a network definition');
  if (plan === 'container') refuse("shares another container's network (`networkMode: { container }`), a container");
  if (
    (options.networks ?? []).some(
      (entry) => typeof (('network' in entry ? entry.network : entry) as unknown) !== 'string',
    )
  ) {
    refuse('joins a network definition in `networks`');
  }
  if ((options.mounts ?? []).some((mount) => mount.type !== 'tmpfs' && typeof mount.source !== 'string')) {
    refuse('mounts a volume definition');
  }
  for (const entry of options.files ?? []) {
    if ('archive' in entry && !(entry.archive instanceof Uint8Array)) refuse('copies a stream in `files`');
  }
}

/**
 * The part of the key that names the container: everything about the
 * definition (its class and the class's source, its name, its own fields,
 * its options with functions by their source text; the content of host
 * files it copies or bind-mounts) and the engine's address, but not the
 * image's id. Two definitions alike in all of that share one name; the full
 * key ({@link reuseKey}) adds the image id, so a rebuilt image replaces the
 * container rather than adopting it.
 */
export async function reuseNameKey(definition: ContainerDefinition, engineAddress: string): Promise<string> {
  const { options } = definition;
  const files = await Promise.all(
    (options.files ?? []).map(async (entry) =>
      'source' in entry ? { ...entry, source: await hostContent(entry.source) } : entry,
    ),
  );
  const mounts = await Promise.all(
    (options.mounts ?? []).map(async (mount) =>
      mount.type === 'bind' && typeof mount.source === 'string'
        ? { ...mount, source: await hostContent(mount.source) }
        : mount,
    ),
  );
  const own: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(definition)) {
    if (key === 'options') continue;
    own[typeof key === 'symbol' ? `@@${key.description ?? ''}` : key] = (
      definition as unknown as Record<PropertyKey, unknown>
    )[key];
  }
  const material = {
    format: REUSE_FORMAT_VERSION,
    engine: engineAddress,
    classes: classChain(definition),
    own: keyMaterial(own),
    options: keyMaterial({ ...options, files, mounts }),
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

/** The full key: the name key and the image's id. Pure. */
export function reuseKey(nameKey: string, imageId: string): string {
  return createHash('sha256').update(`${nameKey}\0${imageId}`).digest('hex');
}

/** The namespace of a reused container: `sw-reuse-<first 16 hex of the name key>`. */
export function reuseNamespace(nameKey: string): string {
  return `sw-reuse-${nameKey.slice(0, 16)}`;
}

/** The definition's class and its ancestors up to ContainerDefinition, by name and source text. */
function classChain(definition: ContainerDefinition): string[] {
  const chain: string[] = [];
  for (let proto = Object.getPrototypeOf(definition); proto && proto !== ContainerDefinition.prototype; ) {
    const ctor = proto.constructor as { name?: string; toString(): string } | undefined;
    if (ctor && Object.hasOwn(proto, 'constructor')) {
      chain.push(`${ctor.name ?? ''}:${createHash('sha256').update(ctor.toString()).digest('hex')}`);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return chain;
}

/** A host path's content digest (a bind source or a copied file). */
async function hostContent(source: string | URL): Promise<{ path: string; content: string }> {
  const path = source instanceof URL ? fileURLToPath(source) : resolve(source);
  try {
    return { path, content: await contentDigest(path) };
  } catch {
    // Missing: the launch reports it; the key only needs to differ from a present one.
    return { path, content: 'missing' };
  }
}

/**
 * Plain JSON data standing for `value`: functions by their source text,
 * bytes by their digest, class instances by class name and own fields.
 */
export function keyMaterial(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
    case 'symbol':
      return String(value);
    case 'function':
      return `function ${value.toString()}`;
  }
  if (value instanceof Uint8Array) return `bytes:${createHash('sha256').update(value).digest('hex')}`;
  if (value instanceof RegExp || value instanceof URL) return `${value.constructor.name}:${String(value)}`;
  if (value instanceof Date) return `Date:${value.toISOString()}`;
  const object = value as Record<PropertyKey, unknown>;
  if (seen.has(object)) return '[cycle]';
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((item) => keyMaterial(item, seen) ?? null);
    const out: Record<string, unknown> = {};
    const proto = Object.getPrototypeOf(object);
    if (proto !== null && proto !== Object.prototype) out['@class'] = proto.constructor?.name ?? 'anonymous';
    for (const key of Reflect.ownKeys(object)) {
      out[typeof key === 'symbol' ? `@@${key.description ?? ''}` : key] = keyMaterial(object[key], seen);
    }
    return out;
  } finally {
    seen.delete(object);
  }
}
