import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { ComposeMount, ComposeVolumesFrom } from '../model.js';
import type { ServiceContext } from './context.js';
import { isMapping } from './read-yaml.js';
import { parseBoolean, parseSizeBytes } from './units.js';

/*
 * A service's `volumes:` (short `SOURCE:TARGET[:MODE]`, anonymous `TARGET`,
 * and the long syntax with `type: bind | volume | tmpfs`) into
 * {@link ComposeMount}s, and `volumes_from:` into {@link ComposeVolumesFrom}.
 * Bind sources are made absolute against the file's base folder, `~` is the
 * home folder.
 */

/** An absolute host path: `~` expanded, relative paths resolved against `base`. */
export function hostPath(path: string, base: string): string {
  if (path === '~' || path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(base, path);
}

function isPathSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

function readOnlyOf(modes: string | undefined, ctx: ServiceContext, key: string, text: string): boolean {
  let readOnly = false;
  for (const mode of (modes ?? '').split(',').filter(Boolean)) {
    if (mode === 'ro') readOnly = true;
    else if (mode === 'rw' || mode === 'cached' || mode === 'delegated' || mode === 'consistent') continue;
    else ctx.unsupported(key, `mount option "${mode}" in "${text}"; seaworthy knows ro and rw`);
  }
  return readOnly;
}

function shortMount(text: string, ctx: ServiceContext, key: string): ComposeMount {
  const parts = text.split(':');
  if (parts.length === 1) {
    if (!text.startsWith('/')) ctx.fail(key, `"${text}": an anonymous volume's target must be an absolute path`);
    return { type: 'volume', target: text, readOnly: false };
  }
  if (parts.length > 3) ctx.fail(key, `"${text}" is not SOURCE:TARGET[:MODE]`);
  const [source, target, modes] = parts as [string, string, string | undefined];
  if (!target.startsWith('/')) ctx.fail(key, `"${text}": the target "${target}" must be an absolute path`);
  const readOnly = readOnlyOf(modes, ctx, key, text);
  if (source === '') ctx.fail(key, `"${text}": the source is empty`);
  if (isPathSource(source)) return { type: 'bind', source: hostPath(source, ctx.baseDirectory), target, readOnly };
  return { type: 'volume', source, target, readOnly };
}

/** `tmpfs.mode` is octal as written (`1777`, `"0755"`, `0o700`): the digits are read in base 8. */
function octalMode(value: unknown): number | undefined {
  const text = String(value).trim().replace(/^0o/i, '');
  return /^[0-7]{1,5}$/.test(text) ? Number.parseInt(text, 8) : undefined;
}

function longMount(entry: Record<string, unknown>, ctx: ServiceContext, key: string): ComposeMount {
  const type = entry.type as string;
  const target = entry.target as string | undefined;
  if (typeof target !== 'string' || !target.startsWith('/')) ctx.fail(`${key}.target`, 'must be an absolute path');
  const readOnly = parseBoolean(entry.read_only ?? false);
  if (readOnly === undefined) ctx.fail(`${key}.read_only`, 'must be true or false');
  const source = entry.source as string | undefined;
  if (type === 'bind') {
    if (!source) ctx.fail(`${key}.source`, 'a bind mount needs a source path');
    const bind = isMapping(entry.bind) ? entry.bind : {};
    const create = bind.create_host_path === undefined ? undefined : parseBoolean(bind.create_host_path);
    if (bind.create_host_path !== undefined && create === undefined) {
      ctx.fail(`${key}.bind.create_host_path`, 'must be true or false');
    }
    return {
      type: 'bind',
      source: hostPath(source, ctx.baseDirectory),
      target,
      readOnly,
      ...(create !== undefined && { createHostPath: create }),
    };
  }
  if (type === 'volume') return { type: 'volume', ...(source && { source }), target, readOnly };
  if (type === 'tmpfs') {
    const tmpfs = isMapping(entry.tmpfs) ? entry.tmpfs : {};
    const size = tmpfs.size === undefined ? undefined : parseSizeBytes(tmpfs.size as string | number);
    if (tmpfs.size !== undefined && size === undefined) ctx.fail(`${key}.tmpfs.size`, 'must be a size such as 64m');
    const mode = tmpfs.mode === undefined ? undefined : octalMode(tmpfs.mode);
    if (tmpfs.mode !== undefined && mode === undefined) {
      ctx.fail(`${key}.tmpfs.mode`, 'must be octal permission bits such as 1777 or "0755"');
    }
    if (source) ctx.fail(`${key}.source`, 'a tmpfs mount has no source');
    return {
      type: 'tmpfs',
      target,
      ...(size !== undefined && { sizeBytes: size }),
      ...(mode !== undefined && { mode }),
    };
  }
  return ctx.unsupported(`${key}.type`, `mount type "${type}"; seaworthy mounts bind, volume and tmpfs`);
}

/** A service's `volumes:` list. */
export function parseMounts(list: readonly unknown[], ctx: ServiceContext): ComposeMount[] {
  return list.map((entry, i) => {
    const key = `volumes[${i}]`;
    if (typeof entry === 'string') return shortMount(entry, ctx, key);
    if (isMapping(entry)) return longMount(entry, ctx, key);
    return ctx.fail(key, 'must be "SOURCE:TARGET[:MODE]" text or a mapping with type and target');
  });
}

/** A service's `volumes_from:` list: `service`, `service:ro`, `container:name[:ro]`. */
export function parseVolumesFrom(list: readonly unknown[], ctx: ServiceContext): ComposeVolumesFrom[] {
  return list.map((entry, i) => {
    const key = `volumes_from[${i}]`;
    const text = String(entry);
    const parts = text.split(':');
    const isContainer = parts[0] === 'container';
    if (isContainer) parts.shift();
    const [name, mode, extra] = parts;
    if (!name || extra !== undefined || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
      ctx.fail(key, `"${text}" is not SERVICE[:ro|rw] or container:NAME[:ro|rw]`);
    }
    return {
      source: isContainer ? { container: name } : { service: name },
      readOnly: mode === 'ro',
    };
  });
}

/** Mounts merge by their target path. */
export function mountKey(m: ComposeMount): string {
  return m.target;
}
