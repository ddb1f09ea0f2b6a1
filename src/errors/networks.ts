import { SeaworthyError } from './base.js';

/** The engine refused a network's fixed subnet: another network already uses an overlapping range. */
export class SubnetOverlapError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_SUBNET_OVERLAP';
  /** The network's full name on the engine. */
  readonly network: string;
  /** The subnet asked for, e.g. `10.213.5.0/24`. */
  readonly subnet: string;

  constructor(network: string, subnet: string, cause?: unknown) {
    super(
      'SEAWORTHY_SUBNET_OVERLAP',
      `network '${network}' can't use subnet ${subnet}: it overlaps a subnet another network on the engine ` +
        'already uses (the engine said "Pool overlaps with other one on this address space"). ' +
        "Pick another subnet (`docker network inspect $(docker network ls -q) --format '{{.Name}} {{json .IPAM.Config}}'` " +
        'lists the ones in use), or remove the network that holds it.',
      { cause },
    );
    this.network = network;
    this.subnet = subnet;
  }
}

/**
 * `network.connect(container, { aliases })` found the container already on
 * that network without every alias asked for. The engine cannot change an
 * endpoint's aliases in place.
 */
export class AlreadyConnectedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ALREADY_CONNECTED';
  /** The container's definition name. */
  readonly container: string;
  /** The network's full name on the engine. */
  readonly network: string;
  /** The aliases it has there now (without the short id the engine adds). */
  readonly currentAliases: readonly string[];
  /** The aliases asked for. */
  readonly requestedAliases: readonly string[];

  constructor(
    container: string,
    network: string,
    current: readonly string[],
    requested: readonly string[],
    cause?: unknown,
  ) {
    super(
      'SEAWORTHY_ALREADY_CONNECTED',
      `container '${container}' is already connected to network '${network}' with aliases ` +
        `[${current.join(', ')}], not [${requested.join(', ')}]; aliases can't be changed on a live connection: ` +
        '`disconnect()` it first, then `connect()` with the aliases you want.',
      { cause },
    );
    this.container = container;
    this.network = network;
    this.currentAliases = current;
    this.requestedAliases = requested;
  }
}
