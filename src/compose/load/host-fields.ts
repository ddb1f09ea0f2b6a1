import type { HostOptions, UlimitValue } from '../../resources/definitions/host-options.js';
import type { ServiceContext } from './context.js';
import { listOrDict, scalarText, stringList } from './list-or-dict.js';
import { isMapping, type RawMapping } from './read-yaml.js';
import { parseBoolean, parseInteger, parseSizeBytes } from './units.js';

/*
 * The service keys that become seaworthy's host options: `cap_add`,
 * `cap_drop`, `privileged`, `ulimits`, `extra_hosts`, `shm_size`, `cpus`,
 * `cpu_shares`, `cpuset`, `mem_reservation`, `memswap_limit`, `init`,
 * `read_only`, `sysctls`, `tmpfs`, `platform`, `logging`, `security_opt` and
 * `deploy.resources.limits.cpus`.
 */

export function booleanField(raw: RawMapping, key: string, ctx: ServiceContext): boolean | undefined {
  if (raw[key] === undefined) return undefined;
  const value = parseBoolean(raw[key]);
  if (value === undefined) ctx.fail(key, 'must be true or false');
  return value;
}

export function sizeField(value: unknown, ctx: ServiceContext, key: string): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseSizeBytes(value as string | number);
  if (bytes === undefined) ctx.fail(key, `"${String(value)}" is not a size (a number of bytes, or 512k, 64m, 1g)`);
  return bytes;
}

function cpusField(value: unknown, ctx: ServiceContext, key: string): number | undefined {
  if (value === undefined) return undefined;
  const cpus = Number(value);
  if (!Number.isFinite(cpus) || cpus <= 0) ctx.fail(key, 'must be a number of CPUs above 0, e.g. 0.5');
  return cpus;
}

function ulimitsField(value: unknown, ctx: ServiceContext): Record<string, number | UlimitValue> | undefined {
  if (value === undefined) return undefined;
  if (!isMapping(value)) return ctx.fail('ulimits', 'must be a mapping of limit names');
  const out: Record<string, number | UlimitValue> = {};
  for (const [name, limit] of Object.entries(value)) {
    const single = parseInteger(limit);
    if (single !== undefined) out[name] = single;
    else if (isMapping(limit)) {
      const soft = parseInteger(limit.soft);
      const hard = parseInteger(limit.hard);
      if (soft === undefined || hard === undefined) ctx.fail(`ulimits.${name}`, 'needs integer soft and hard');
      out[name] = { soft, hard };
    } else ctx.fail(`ulimits.${name}`, 'must be an integer or { soft, hard }');
  }
  return out;
}

/** `extra_hosts` as host → address; list entries are `host:ip` or `host=ip`, IPv6 may be in brackets. */
function extraHostsField(value: unknown, ctx: ServiceContext): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  const put = (host: string, address: string, key: string) => {
    const ip = address.replace(/^\[(.*)\]$/, '$1');
    if (!host || !ip) ctx.fail(key, `"${host}:${address}" is not HOST:ADDRESS`);
    out[host] = ip;
  };
  if (Array.isArray(value)) {
    value.forEach((entry, i) => {
      const text = scalarText(entry) ?? '';
      const eq = text.indexOf('=');
      const colon = text.indexOf(':');
      const at = eq >= 0 ? eq : colon;
      if (at < 0) ctx.fail(`extra_hosts[${i}]`, `"${text}" is not HOST:ADDRESS or HOST=ADDRESS`);
      put(text.slice(0, at), text.slice(at + 1), `extra_hosts[${i}]`);
    });
  } else if (isMapping(value)) {
    for (const [host, address] of Object.entries(value)) {
      if (Array.isArray(address)) {
        if (address.length !== 1) ctx.unsupported(`extra_hosts.${host}`, 'several addresses for one host name');
        put(host, String(address[0]), `extra_hosts.${host}`);
      } else put(host, scalarText(address) ?? '', `extra_hosts.${host}`);
    }
  } else ctx.fail('extra_hosts', 'must be a list of HOST:ADDRESS or a mapping');
  return out;
}

/** `tmpfs: /run` or `[/run, "/tmp:size=64m"]` as path → mount options. */
function tmpfsField(value: unknown, ctx: ServiceContext): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const entry of stringList(value, ctx, 'tmpfs')) {
    const at = entry.indexOf(':');
    const path = at < 0 ? entry : entry.slice(0, at);
    if (!path.startsWith('/')) ctx.fail('tmpfs', `"${entry}": the path must be absolute`);
    out[path] = at < 0 ? '' : entry.slice(at + 1);
  }
  return out;
}

function loggingField(value: unknown, ctx: ServiceContext): HostOptions['logDriver'] {
  if (value === undefined) return undefined;
  if (!isMapping(value)) return ctx.fail('logging', 'must be a mapping with driver and options');
  const driver = scalarText(value.driver) ?? 'json-file';
  const options =
    value.options === undefined || value.options === null
      ? undefined
      : listOrDict(value.options, ctx, 'logging.options');
  return { type: driver, ...(options && { options }) };
}

/** The host options a raw service sets (only the keys written). */
export function hostFields(raw: RawMapping, ctx: ServiceContext): HostOptions {
  const limits = (raw.deploy as RawMapping | undefined)?.resources as RawMapping | undefined;
  const deployCpus = (limits?.limits as RawMapping | undefined)?.cpus;
  const host: Record<string, unknown> = {
    capAdd: raw.cap_add === undefined ? undefined : stringList(raw.cap_add, ctx, 'cap_add'),
    capDrop: raw.cap_drop === undefined ? undefined : stringList(raw.cap_drop, ctx, 'cap_drop'),
    privileged: booleanField(raw, 'privileged', ctx),
    ulimits: ulimitsField(raw.ulimits, ctx),
    extraHosts: extraHostsField(raw.extra_hosts, ctx),
    shmSizeBytes: sizeField(raw.shm_size, ctx, 'shm_size'),
    cpus: cpusField(raw.cpus, ctx, 'cpus') ?? cpusField(deployCpus, ctx, 'deploy.resources.limits.cpus'),
    cpuShares:
      raw.cpu_shares === undefined
        ? undefined
        : (parseInteger(raw.cpu_shares) ?? ctx.fail('cpu_shares', 'must be an integer')),
    cpusetCpus: scalarText(raw.cpuset),
    memoryReservationBytes: sizeField(raw.mem_reservation, ctx, 'mem_reservation'),
    memorySwapBytes:
      raw.memswap_limit === -1 || raw.memswap_limit === '-1' ? -1 : sizeField(raw.memswap_limit, ctx, 'memswap_limit'),
    init: booleanField(raw, 'init', ctx),
    readOnlyRootFilesystem: booleanField(raw, 'read_only', ctx),
    sysctls: raw.sysctls === undefined ? undefined : listOrDict(raw.sysctls, ctx, 'sysctls'),
    tmpfs: tmpfsField(raw.tmpfs, ctx),
    platform: scalarText(raw.platform),
    logDriver: loggingField(raw.logging, ctx),
    securityOpts: raw.security_opt === undefined ? undefined : stringList(raw.security_opt, ctx, 'security_opt'),
  };
  for (const k of Object.keys(host)) if (host[k] === undefined) delete host[k];
  return host as HostOptions;
}
