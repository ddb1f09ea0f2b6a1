import type { EngineClient, NetworkInfo } from '../../engine/client.js';
import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { connectToNetwork, type NetworkMember } from './network-connect.js';
import { assertValidIpam, type NetworkIpamOptions } from './network-ipam.js';
import { assertKnownKeys, assertStringRecord, assertValidName } from './validation.js';

export type { NetworkEndpoint, NetworkInfo, NetworkIpamConfig } from '../../engine/client.js';
export type { NetworkMember } from './network-connect.js';
export type { NetworkIpamOptions } from './network-ipam.js';

export interface NetworkOptions {
  /** @default 'bridge' */
  readonly driver?: string;
  /** No route to the outside world. @default false */
  readonly internal?: boolean;
  /** Standalone containers may join it (overlay networks). @default false */
  readonly attachable?: boolean;
  /** Fixed addressing: `{ subnet, gateway?, ipRange? }` (IPv4). @default the engine picks a free range */
  readonly ipam?: NetworkIpamOptions;
  /** Driver options, e.g. `{ 'com.docker.network.driver.mtu': '1400' }`. */
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

const KNOWN_OPTIONS: readonly (keyof NetworkOptions)[] = [
  'driver',
  'internal',
  'attachable',
  'ipam',
  'driverOptions',
  'labels',
];

/** What `setup()` needs from a helper (`DockerHelper` is one). */
export interface NetworkHost {
  setupNetwork(definition: NetworkDefinition): Promise<Network>;
}

/** A network to create: containers that list it join it, with aliases. */
export class NetworkDefinition {
  readonly name: string;
  readonly options: NetworkOptions;

  constructor(name: string, options: NetworkOptions = {}) {
    assertValidName('network name', name);
    assertKnownKeys(name, options, KNOWN_OPTIONS);
    validateNetworkOptions(name, options);
    this.name = name;
    this.options = options;
  }

  /** Create it in `helper` (idempotent: a second call returns the same network). */
  setup(helper: NetworkHost): Promise<Network> {
    return helper.setupNetwork(this);
  }
}

/** The engine calls a network handle makes. */
export type NetworkEngine = Pick<
  EngineClient,
  'inspectNetwork' | 'connectNetwork' | 'disconnectNetwork' | 'inspectContainer'
>;

/** A live network. */
export class Network {
  constructor(
    readonly definition: NetworkDefinition,
    /** Engine id. */
    readonly id: string,
    /** Full name on the engine: `<namespace>_<definition name>`. */
    readonly name: string,
    private readonly remove: () => Promise<void>,
    private readonly engine: NetworkEngine,
  ) {}

  /** What the engine says about it now: driver, flags, address ranges, options, labels, attached containers. */
  inspect(): Promise<NetworkInfo> {
    return this.engine.inspectNetwork(this.id);
  }

  /**
   * Attach a container (the handle `setup()` returned), known on this network
   * by `aliases`. Resolves without a change when it is already attached with
   * every alias asked for; rejects with `AlreadyConnectedError` when it is
   * attached without some of them (aliases can't change on a live connection).
   */
  connect(container: NetworkMember, options: { readonly aliases?: readonly string[] } = {}): Promise<void> {
    return connectToNetwork(this.engine, { id: this.id, name: this.name }, container, options);
  }

  /** Detach a container. Idempotent: one that is not attached (or already removed) is fine. */
  async disconnect(container: NetworkMember): Promise<void> {
    await this.engine.disconnectNetwork(this.id, container.id);
  }

  /**
   * Remove it. Containers still attached (one connected by another helper,
   * say) are disconnected first. Idempotent; tolerates it being gone already.
   */
  teardown(): Promise<void> {
    return this.remove();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}

function validateNetworkOptions(name: string, options: NetworkOptions): void {
  for (const key of ['internal', 'attachable'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new InvalidOptionError(`${name}.${key}`, `${describeValue(value)} is not a boolean`);
    }
  }
  if (options.driver !== undefined && (typeof options.driver !== 'string' || options.driver === '')) {
    throw new InvalidOptionError(`${name}.driver`, `${describeValue(options.driver)} is not a driver name`);
  }
  if (options.ipam !== undefined) assertValidIpam(`${name}.ipam`, options.ipam);
  assertStringRecord(`${name}.driverOptions`, options.driverOptions);
  assertStringRecord(`${name}.labels`, options.labels);
}
