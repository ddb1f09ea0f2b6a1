import { PortNotPublishedError } from '../errors.js';
import type { ContainerInfo } from './container-info.js';
import { type PortSpec, portKey } from './ports.js';

/** The host port a container port is published on, preferring an IPv4 binding. */
export function hostPortOf(info: ContainerInfo, containerName: string, port: PortSpec): number {
  const key = portKey(port);
  const bindings = info.ports[key] ?? [];
  const binding = bindings.find((b) => !b.hostIp.includes(':')) ?? bindings[0];
  if (!binding) throw new PortNotPublishedError(containerName, key, Object.keys(info.ports));
  return binding.hostPort;
}

/** `http://host:port` for a published port; IPv6 hosts get brackets. */
export function baseUrlOf(host: string, hostPort: number, scheme = 'http'): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}:${hostPort}`;
}
