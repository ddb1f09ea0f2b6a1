import type { ComposePort } from '../model.js';
import type { ServiceContext } from './context.js';
import { isMapping } from './read-yaml.js';
import { parseInteger } from './units.js';

/*
 * `ports:` and `expose:` entries into {@link ComposePort}s: the short syntax
 * `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` (ranges such as
 * `9000-9001:9000-9001` expanded to one entry per port; IPv6 host addresses
 * in brackets), a bare number, and the long syntax.
 */

type Protocol = ComposePort['protocol'];

function protocolOf(text: string | undefined, ctx: ServiceContext, key: string): Protocol {
  const p = (text ?? 'tcp').toLowerCase();
  if (p === 'tcp' || p === 'udp') return p;
  return ctx.unsupported(key, `protocol "${text}": seaworthy publishes tcp and udp`);
}

/** `8080` or `9000-9001` into the list of ports, or undefined. */
function portRange(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || to < from) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function shortPort(text: string, ctx: ServiceContext, key: string, publish: boolean): ComposePort[] {
  const slash = text.lastIndexOf('/');
  const protocol = protocolOf(slash >= 0 ? text.slice(slash + 1) : undefined, ctx, key);
  let rest = slash >= 0 ? text.slice(0, slash) : text;
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2] as string;
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (v6 && parts.length > 2))
    ctx.fail(key, `"${text}" is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`);
  if (parts.length === 3) hostIp = parts.shift();
  const containerText = parts.pop() as string;
  const hostText = parts.pop();
  if (!publish && hostText !== undefined) ctx.fail(key, `"${text}": expose takes container ports only`);
  const targets = portRange(containerText);
  if (!targets) return ctx.fail(key, `"${text}": container port "${containerText}" is not a port (1-65535) or range`);
  const hosts = hostText === undefined || hostText === '' ? undefined : portRange(hostText);
  if (hostText && !hosts) ctx.fail(key, `"${text}": host port "${hostText}" is not a port (1-65535) or range`);
  if (hosts && hosts.length !== targets.length) {
    ctx.unsupported(key, `"${text}": a host port range must have as many ports as the container range`);
  }
  return targets.map((target, i) => ({
    target,
    ...(hosts && { published: hosts[i] as number }),
    ...(hostIp !== undefined && hostIp !== '' && { hostIp }),
    protocol,
  }));
}

function longPort(entry: Record<string, unknown>, ctx: ServiceContext, key: string): ComposePort[] {
  const target = parseInteger(entry.target);
  if (target === undefined || target < 1 || target > 65535) ctx.fail(`${key}.target`, 'must be a port (1-65535)');
  const protocol = protocolOf(entry.protocol as string | undefined, ctx, `${key}.protocol`);
  let published: number | undefined;
  if (entry.published !== undefined && entry.published !== '') {
    const range = portRange(String(entry.published));
    if (!range) ctx.fail(`${key}.published`, 'must be a port (1-65535)');
    if (range.length !== 1) ctx.unsupported(`${key}.published`, 'a range of host ports for one container port');
    published = range[0];
  }
  const hostIp = entry.host_ip as string | undefined;
  return [
    {
      target,
      ...(published !== undefined && published !== 0 && { published }),
      ...(hostIp && { hostIp }),
      protocol,
    },
  ];
}

/** A service's `ports:` (publish) or `expose:` (publish false) list. */
export function parsePorts(
  list: readonly unknown[],
  ctx: ServiceContext,
  name: string,
  publish: boolean,
): ComposePort[] {
  return list.flatMap((entry, i) => {
    const key = `${name}[${i}]`;
    if (typeof entry === 'number') {
      if (!Number.isInteger(entry) || entry < 1 || entry > 65535) ctx.fail(key, 'must be a port (1-65535)');
      return [{ target: entry, protocol: 'tcp' as const }];
    }
    if (typeof entry === 'string') return shortPort(entry, ctx, key, publish);
    if (isMapping(entry) && publish) return longPort(entry, ctx, key);
    return ctx.fail(key, 'must be a port number or "HOST:CONTAINER" text');
  });
}

/** The unique key of a port (host IP, target, published, protocol), for merging. */
export function portKey(p: ComposePort): string {
  return `${p.hostIp ?? ''}|${p.target}|${p.published ?? ''}|${p.protocol}`;
}
