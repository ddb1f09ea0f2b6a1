import type { ComposeNetwork, ComposeVolume } from '../model.js';
import type { ServiceContext } from './context.js';
import { listOrDict, scalarText } from './list-or-dict.js';
import { isMapping, type RawMapping } from './read-yaml.js';
import { parseBoolean } from './units.js';

/*
 * Top-level `networks:` and `volumes:` entries into {@link ComposeNetwork}
 * and {@link ComposeVolume}. Files merge these by key, later files' fields
 * over earlier ones (mergeNetwork / mergeVolume).
 */

function flag(raw: RawMapping, key: string, ctx: ServiceContext): boolean {
  if (raw[key] === undefined || raw[key] === null) return false;
  const value = parseBoolean(raw[key]);
  if (value === undefined) ctx.fail(key, 'must be true or false');
  return value;
}

/** `external: true`, or the old `external: { name }` form (its name becomes `name`). */
function externalOf(raw: RawMapping, ctx: ServiceContext): { external: boolean; name?: string } {
  const name = scalarText(raw.name);
  if (isMapping(raw.external)) {
    const legacy = scalarText(raw.external.name);
    return { external: true, ...((legacy ?? name) !== undefined && { name: (legacy ?? name) as string }) };
  }
  return { external: flag(raw, 'external', ctx), ...(name !== undefined && { name }) };
}

export function parseNetwork(key: string, value: unknown, ctx: ServiceContext): ComposeNetwork {
  const raw: RawMapping = isMapping(value) ? value : {};
  const driver = scalarText(raw.driver);
  const ipam = isMapping(raw.ipam) ? raw.ipam : undefined;
  const ipamDriver = ipam ? scalarText(ipam.driver) : undefined;
  return {
    key,
    ...externalOf(raw, ctx),
    ...(driver !== undefined && { driver }),
    driverOpts: raw.driver_opts ? listOrDict(raw.driver_opts, ctx, 'driver_opts') : {},
    internal: flag(raw, 'internal', ctx),
    attachable: flag(raw, 'attachable', ctx),
    enableIpv6: flag(raw, 'enable_ipv6', ctx),
    labels: raw.labels ? listOrDict(raw.labels, ctx, 'labels') : {},
    ...(ipam && {
      ipam: {
        ...(ipamDriver !== undefined && { driver: ipamDriver }),
        config: (Array.isArray(ipam.config) ? ipam.config : []).map((entry: unknown) => {
          const c: RawMapping = isMapping(entry) ? entry : {};
          const subnet = scalarText(c.subnet);
          const ipRange = scalarText(c.ip_range);
          const gateway = scalarText(c.gateway);
          return {
            ...(subnet !== undefined && { subnet }),
            ...(ipRange !== undefined && { ipRange }),
            ...(gateway !== undefined && { gateway }),
          };
        }),
      },
    }),
  };
}

export function parseVolume(key: string, value: unknown, ctx: ServiceContext): ComposeVolume {
  const raw: RawMapping = isMapping(value) ? value : {};
  const driver = scalarText(raw.driver);
  return {
    key,
    ...externalOf(raw, ctx),
    ...(driver !== undefined && { driver }),
    driverOpts: raw.driver_opts ? listOrDict(raw.driver_opts, ctx, 'driver_opts') : {},
    labels: raw.labels ? listOrDict(raw.labels, ctx, 'labels') : {},
  };
}

/** A later file's network over an earlier one: fields replaced, maps merged by key. */
export function mergeNetwork(base: ComposeNetwork, over: ComposeNetwork, overRaw: RawMapping): ComposeNetwork {
  const written = (k: string) => overRaw[k] !== undefined;
  return {
    ...base,
    ...Object.fromEntries(
      (['external', 'internal', 'attachable', 'enableIpv6'] as const)
        .filter((k) => written(k === 'enableIpv6' ? 'enable_ipv6' : k))
        .map((k) => [k, over[k]]),
    ),
    ...(over.name !== undefined && { name: over.name }),
    ...(over.driver !== undefined && { driver: over.driver }),
    ...(over.ipam !== undefined && { ipam: over.ipam }),
    driverOpts: { ...base.driverOpts, ...over.driverOpts },
    labels: { ...base.labels, ...over.labels },
  };
}

export function mergeVolume(base: ComposeVolume, over: ComposeVolume, overRaw: RawMapping): ComposeVolume {
  return {
    ...base,
    ...(overRaw.external !== undefined && { external: over.external }),
    ...(over.name !== undefined && { name: over.name }),
    ...(over.driver !== undefined && { driver: over.driver }),
    driverOpts: { ...base.driverOpts, ...over.driverOpts },
    labels: { ...base.labels, ...over.labels },
  };
}
