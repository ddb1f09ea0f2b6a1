import type Dockerode from 'dockerode';
import type { NetworkEndpoint, NetworkInfo, VolumeInfo } from '../client.js';

/** The slice of the engine's network inspect JSON read here. */
interface RawNetworkInspect {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Attachable?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<
    string,
    { Name?: string; MacAddress?: string; IPv4Address?: string; IPv6Address?: string }
  > | null;
}

/** The slice of the engine's volume inspect JSON read here. */
interface RawVolumeInspect {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Scope?: string;
  CreatedAt?: string;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** Inspect a network (by id or name) and convert the answer to seaworthy's own shape. */
export async function inspectNetwork(docker: Dockerode, id: string): Promise<NetworkInfo> {
  return toNetworkInfo((await docker.getNetwork(id).inspect()) as RawNetworkInspect);
}

/** Inspect a volume by name and convert the answer to seaworthy's own shape. */
export async function inspectVolume(docker: Dockerode, name: string): Promise<VolumeInfo> {
  return toVolumeInfo((await docker.getVolume(name).inspect()) as RawVolumeInspect);
}

export function toNetworkInfo(raw: RawNetworkInspect): NetworkInfo {
  const containers = Object.entries(raw.Containers ?? {}).map(
    ([id, endpoint]): NetworkEndpoint => ({
      id,
      name: endpoint.Name ?? id,
      ipv4Address: withoutPrefix(endpoint.IPv4Address),
      ipv6Address: withoutPrefix(endpoint.IPv6Address),
      macAddress: endpoint.MacAddress || undefined,
    }),
  );
  return {
    id: raw.Id,
    name: raw.Name,
    driver: raw.Driver ?? '',
    scope: raw.Scope ?? '',
    internal: raw.Internal ?? false,
    attachable: raw.Attachable ?? false,
    ipv6: raw.EnableIPv6 ?? false,
    ipam: {
      driver: raw.IPAM?.Driver ?? 'default',
      config: (raw.IPAM?.Config ?? []).map((c) => ({
        subnet: c.Subnet || undefined,
        gateway: c.Gateway || undefined,
        ipRange: c.IPRange || undefined,
      })),
    },
    options: raw.Options ?? {},
    labels: raw.Labels ?? {},
    containers,
    createdAt: parseDate(raw.Created),
  };
}

export function toVolumeInfo(raw: RawVolumeInspect): VolumeInfo {
  return {
    name: raw.Name,
    driver: raw.Driver ?? '',
    mountpoint: raw.Mountpoint ?? '',
    scope: raw.Scope ?? '',
    options: raw.Options ?? {},
    labels: raw.Labels ?? {},
    createdAt: parseDate(raw.CreatedAt),
  };
}

/** `10.213.5.2` from `10.213.5.2/24`; empty becomes `undefined`. */
function withoutPrefix(cidr: string | undefined): string | undefined {
  if (!cidr) return undefined;
  return cidr.split('/')[0] || undefined;
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
