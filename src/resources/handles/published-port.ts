import { AmbiguousPortError, PortNotPublishedError } from '../../errors/index.js';
import { type PortSpec, portKey } from '../definitions/ports.js';
import type { ContainerInfo } from './container-info.js';

/**
 * The host port a container port is published on, preferring an IPv4 binding.
 * With `direct` (a sibling container, which reaches containers at their own
 * address), the container port itself, once it is known to be published: a
 * definition behaves the same wherever the tests run.
 */
export function hostPortOf(info: ContainerInfo, containerName: string, port: PortSpec, direct = false): number {
  const key = portKey(port);
  const bindings = info.ports[key] ?? [];
  const binding = bindings.find((b) => !b.hostIp.includes(':')) ?? bindings[0];
  if (!binding) throw new PortNotPublishedError(containerName, key, Object.keys(info.ports));
  return direct ? Number(key.split('/')[0]) : binding.hostPort;
}

/** `http://host:port` for a published port; IPv6 hosts get brackets. */
export function baseUrlOf(host: string, hostPort: number, scheme = 'http'): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${h}:${hostPort}`;
}

/** Its one published port (`"<port>/<proto>"`); {@link AmbiguousPortError} naming them when there are none or several. */
export function onlyPublishedPort(info: ContainerInfo, containerName: string, action: string): PortSpec {
  const ports = Object.keys(info.ports).filter((key) => info.ports[key]?.length);
  const [only] = ports;
  if (ports.length !== 1 || only === undefined) throw new AmbiguousPortError(containerName, action, ports);
  return only as PortSpec;
}
