import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import type { CreateRequest } from './create-request.js';
import type { NetworkPlan } from './network-mode.js';
import { type PortSpec, portKey } from './ports.js';
import type { StartedContainerRef } from './resource-refs.js';
import { assertKnownKeys, assertValidName } from './validation.js';

/**
 * What a container shares with its neighbours without the host seeing it
 * (compose support, issue 15): `volumesFrom` (another container's volumes,
 * `HostConfig.VolumesFrom`) and `expose` (ports recorded in
 * `ExposedPorts`, never bound on the host).
 */

/** One `volumesFrom` entry. */
export interface VolumesFromEntry {
  /** A started container (the handle `setup()` returned), or an existing container's name or id. */
  readonly container: StartedContainerRef | string;
  /** Mount them read-only. @default false */
  readonly readOnly?: boolean;
}

/** The two options, as `ContainerOptions` holds them. */
export interface SharedOptions {
  readonly volumesFrom?: readonly VolumesFromEntry[] | undefined;
  readonly expose?: readonly PortSpec[] | undefined;
}

const ENTRY_KEYS = ['container', 'readOnly'];

/** Check `volumesFrom` and `expose` before any engine call. `at` prefixes option paths. */
export function validateSharedOptions(options: SharedOptions, plan: NetworkPlan, at: (key: string) => string): void {
  validateVolumesFrom(at('volumesFrom'), options.volumesFrom);
  const expose: unknown = options.expose;
  if (expose === undefined) return;
  if (!Array.isArray(expose)) {
    throw new InvalidOptionError(
      at('expose'),
      `${describeValue(expose)} must be an array of ports, e.g. [8080, '53/udp']`,
    );
  }
  for (const [i, port] of expose.entries()) portKey(port, `${at('expose')}[${i}]`);
  // The engine refuses exposed ports on a container that uses another's network stack.
  if (expose.length && plan.kind === 'container') {
    throw new InvalidOptionError(
      at('expose'),
      `can't be used with networkMode container:${plan.container}: the container uses that container's network stack (expose the ports on that container's definition)`,
    );
  }
}

function validateVolumesFrom(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be an array, e.g. [{ container: started }, { container: 'app-data', readOnly: true }]`,
    );
  }
  for (const [i, entry] of value.entries()) {
    const where = `${option}[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new InvalidOptionError(
        where,
        `${describeValue(entry)} must be { container: <a started container or an existing container's name>, readOnly? }`,
      );
    }
    assertKnownKeys(where, entry, ENTRY_KEYS);
    const { container, readOnly } = entry as { container?: unknown; readOnly?: unknown };
    if (typeof container === 'string') {
      if (!container.trim()) {
        throw new InvalidOptionError(
          `${where}.container`,
          "an empty name names no container; give the container's name or id",
        );
      }
      assertValidName(`${where}.container`, container);
    } else if (!isStarted(container)) {
      throw new InvalidOptionError(
        `${where}.container`,
        `${container !== null && typeof container === 'object' && 'setup' in container ? 'a container definition has no container yet' : `${describeValue(container)} is not a container`}; pass the handle \`await definition.setup(helper)\` returned, or an existing container's name or id`,
      );
    }
    if (readOnly !== undefined && typeof readOnly !== 'boolean') {
      throw new InvalidOptionError(`${where}.readOnly`, `${describeValue(readOnly)} must be true or false`);
    }
  }
}

function isStarted(value: unknown): value is { readonly id: string } {
  if (value === null || typeof value !== 'object') return false;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id !== '';
}

/** `'<id or name>[:ro]'`, as `HostConfig.VolumesFrom` takes it. */
export function volumesFromSpec(entry: VolumesFromEntry): string {
  const ref = typeof entry.container === 'string' ? entry.container : entry.container.id;
  return entry.readOnly ? `${ref}:ro` : ref;
}

/** Add `HostConfig.VolumesFrom` and the `expose` ports (no `PortBindings`) to a create request. */
export function applySharedOptions(request: CreateRequest, options: SharedOptions): void {
  if (options.volumesFrom?.length) {
    request.HostConfig = { ...request.HostConfig, VolumesFrom: options.volumesFrom.map(volumesFromSpec) };
  }
  if (options.expose?.length) {
    const exposed = { ...request.ExposedPorts };
    for (const port of options.expose) exposed[portKey(port)] = {};
    request.ExposedPorts = exposed;
  }
}
