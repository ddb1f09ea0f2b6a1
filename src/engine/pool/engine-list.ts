import { InvalidOptionError } from '../../errors/index.js';

/**
 * One engine of a list of several (`SEAWORTHY_ENGINES` or the `engine.engines`
 * option, docs/several-engines.md): where it is, its name, its weight, and
 * how its published ports are reached.
 */
export interface EngineListEntry {
  /** Names it in messages, leases and `engine.name`; unique within the list. */
  readonly name: string;
  /** An address (`tcp://`, `https://`, `ssh://`, `unix://` or a socket path), a Docker context, or the local sockets. */
  readonly target:
    | { readonly kind: 'address'; readonly address: string }
    | { readonly kind: 'context'; readonly context: string }
    | { readonly kind: 'default' };
  /** Share of the workers it takes: weight 2 gets twice the workers of weight 1. */
  readonly weight: number;
  /** TLS client files (ca.pem, cert.pem, key.pem) of this engine; implies TLS. */
  readonly certDir?: string;
  /** TLS with the usual client files (DOCKER_CERT_PATH, else ~/.docker). */
  readonly tls?: boolean;
  /** The engine-side interface container ports are published on (`publish=`). */
  readonly publishOn?: string;
  /** The address published ports are reached at from this process (`host=`). */
  readonly hostAddress?: string;
}

const PARAMS = ['weight', 'certs', 'tls', 'publish', 'host'] as const;

/**
 * Read a list of engines: entries separated by commas or new lines, each
 * `[name=]target[;param=value]...` (params: weight, certs, tls, publish, host).
 * `source` names where the text came from, for errors.
 */
export function parseEngineList(text: string | readonly string[], source: string): EngineListEntry[] {
  const items = (typeof text === 'string' ? text.split(/[,\n]/) : text).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) {
    throw new InvalidOptionError(source, 'lists no engine; give entries like `local=default, ci=tcp://10.0.0.5:2376`');
  }
  const entries = items.map((item) => parseEntry(item, source));
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.name)) {
      throw new InvalidOptionError(
        source,
        `names engine '${entry.name}' twice; give each entry a name of its own (name=target)`,
      );
    }
    seen.add(entry.name);
  }
  return entries;
}

function parseEntry(item: string, source: string): EngineListEntry {
  const [head = '', ...params] = item.split(';').map((s) => s.trim());
  // `name=target`: a name never holds ':' or '/', so `tcp://h:1` and `/path` are targets alone.
  const named = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/.exec(head);
  const targetText = (named ? named[2] : head)?.trim() ?? '';
  if (!targetText) throw new InvalidOptionError(source, `entry '${item}' names no engine`);
  const target = parseTarget(targetText);
  let entry: Mutable<EngineListEntry> = { name: named?.[1] ?? defaultName(target), target, weight: 1 };
  for (const param of params.filter(Boolean)) entry = applyParam(entry, param, item, source);
  if ((entry.certDir !== undefined || entry.tls) && target.kind !== 'address') {
    throw new InvalidOptionError(
      source,
      `entry '${item}': certs and tls apply to tcp:// addresses only (a context has its own TLS files)`,
    );
  }
  return entry;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function applyParam(
  entry: Mutable<EngineListEntry>,
  param: string,
  item: string,
  source: string,
): Mutable<EngineListEntry> {
  const eq = param.indexOf('=');
  const key = (eq < 0 ? param : param.slice(0, eq)).trim();
  const value = eq < 0 ? undefined : param.slice(eq + 1).trim();
  const bad = (why: string) => new InvalidOptionError(source, `entry '${item}': ${why}`);
  if (!(PARAMS as readonly string[]).includes(key)) {
    throw bad(`unknown parameter '${key}' (known: ${PARAMS.join(', ')})`);
  }
  if (key === 'tls') {
    if (value !== undefined && !['true', '1', 'yes'].includes(value.toLowerCase())) throw bad('tls takes no value');
    return { ...entry, tls: true };
  }
  if (!value) throw bad(`${key} needs a value (${key}=...)`);
  switch (key) {
    case 'weight': {
      const weight = Number(value);
      if (!Number.isFinite(weight) || weight <= 0) throw bad(`weight '${value}' must be a number above 0`);
      return { ...entry, weight };
    }
    case 'certs':
      return { ...entry, certDir: value };
    case 'publish':
      return { ...entry, publishOn: value };
    default:
      return { ...entry, hostAddress: value };
  }
}

function parseTarget(text: string): EngineListEntry['target'] {
  if (text === 'default') return { kind: 'default' };
  if (text.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'address', address: text };
  return { kind: 'context', context: text };
}

/** A context's name, `default`, or the address's `host:port` (a socket: its path). */
function defaultName(target: EngineListEntry['target']): string {
  if (target.kind === 'default') return 'default';
  if (target.kind === 'context') return target.context;
  const address = target.address;
  if (address.startsWith('/')) return address;
  try {
    const url = new URL(address);
    return url.protocol === 'unix:' ? decodeURIComponent(url.pathname || url.host) : url.host || address;
  } catch {
    return address;
  }
}

/** Where an entry's engine is, as the list says: its address, its Docker context, or the local sockets. */
export function describeTarget(entry: EngineListEntry): string {
  const target = entry.target;
  if (target.kind === 'address') return target.address;
  return target.kind === 'context' ? `Docker context '${target.context}'` : 'the local sockets';
}

/** How an entry is written, for messages: `'ci-a' (tcp://10.0.0.5:2376)`. */
export function describeEntry(entry: EngineListEntry): string {
  return `'${entry.name}' (${describeTarget(entry)})`;
}
