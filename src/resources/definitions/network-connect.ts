import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import {
  AlreadyConnectedError,
  ContainerRemovedError,
  InvalidOptionError,
  NetworkNotFoundError,
} from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { assertKnownKeys, assertValidName } from './validation.js';

/** A container a network handle can connect: the handle `setup()` returned (a `Container`). */
export interface NetworkMember {
  /** Engine id. */
  readonly id: string;
  /** Full name on the engine. */
  readonly name: string;
  readonly definition?: { readonly name: string };
  /** Throws when the handle has been torn down (a `Container` has it). */
  assertNotRemoved?(action: string): void;
}

type ConnectEngine = Pick<EngineClient, 'connectNetwork' | 'inspectContainer'>;

/**
 * Attach `container` to a network with `aliases`. A repeat with aliases it
 * already has there is a no-op; one asking for aliases it lacks is an
 * `AlreadyConnectedError` (the engine can't change a live endpoint's aliases).
 * A network already removed is a `NetworkNotFoundError`; a container already
 * removed, a `ContainerRemovedError`.
 */
export async function connectToNetwork(
  engine: ConnectEngine,
  network: { readonly id: string; readonly name: string },
  container: NetworkMember,
  options: { readonly aliases?: readonly string[] },
): Promise<void> {
  const aliases = validAliases(options);
  const label = container.definition?.name ?? container.name;
  const action = `connect it to network '${network.name}'`;
  container.assertNotRemoved?.(action);
  try {
    await engine.connectNetwork(network.id, container.id, aliases);
  } catch (error) {
    if (statusCodeOf(error) === 404 && /no such container/i.test(daemonMessage(error))) {
      throw new ContainerRemovedError(label, action, error);
    }
    if (statusCodeOf(error) === 404) throw new NetworkNotFoundError(label, network.name, error);
    if (!/already exists in network/i.test(daemonMessage(error))) throw error;
    const current = await currentAliases(engine, network.name, container.id);
    if (aliases.every((alias) => current.includes(alias))) return;
    throw new AlreadyConnectedError(label, network.name, current, aliases, error);
  }
}

/** The aliases `containerId` has on `networkName`, without the short id the engine adds itself. */
async function currentAliases(engine: ConnectEngine, networkName: string, containerId: string): Promise<string[]> {
  const info = await engine.inspectContainer(containerId);
  const aliases = info.NetworkSettings.Networks?.[networkName]?.Aliases ?? [];
  return aliases.filter((alias) => alias !== containerId.slice(0, 12));
}

function validAliases(options: { readonly aliases?: readonly string[] }): string[] {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(
      'connect',
      `${describeValue(options)} is not an options object like { aliases: ['db'] }`,
    );
  }
  assertKnownKeys('connect', options, ['aliases']);
  const { aliases } = options;
  if (aliases === undefined) return [];
  if (!Array.isArray(aliases)) {
    throw new InvalidOptionError('connect.aliases', `${describeValue(aliases)} is not an array of names`);
  }
  aliases.forEach((alias, i) => {
    assertValidName(`connect.aliases[${i}]`, alias);
  });
  return [...aliases];
}
