import { ContainerUnreachableError } from '../../errors/index.js';
import { type HostDecision, shortId } from './host-resolution.js';

/** The two engine calls the sibling mode needs. */
export interface NetworkAttachClient {
  connect(networkId: string, containerId: string): Promise<void>;
  /** Disconnect; resolves when it is not (or no longer) connected. */
  disconnect(networkId: string, containerId: string): Promise<void>;
}

/** A started container's networks, as inspect reports them (keyed by network name). */
export type InspectedNetworks = Readonly<Record<string, { readonly NetworkID?: string; readonly IPAddress?: string }>>;

/**
 * The sibling topology at run time. This process runs in a container of the
 * same engine (its socket mounted in), so published ports are on the
 * engine's host, out of reach. Instead, the runner's container joins every
 * network this engine connection creates (and leaves it before it is
 * removed), and each container is reached at its address on one of those
 * networks, on the container port itself.
 *
 * Addresses are recorded right after start, so `container.host` and a wait
 * context's `host` know them synchronously.
 */
export class SiblingAttachment {
  readonly runnerContainerId: string;
  private readonly client: NetworkAttachClient;
  /** Networks the runner was already on before any helper ran (e.g. a CI job network), by name. */
  private readonly ownNetworks: ReadonlySet<string>;
  /** Network ids joined because this connection created them. */
  private readonly joined = new Set<string>();
  /** Container id → its networks (name → { id, address }). */
  private readonly addresses = new Map<string, Map<string, { id: string; address: string }>>();

  /** The attachment when host resolution decided on the sibling mode (reach over container networks), else `undefined`. */
  static when(
    decision: HostDecision,
    ownNetworks: readonly string[],
    client: NetworkAttachClient,
  ): SiblingAttachment | undefined {
    const runner = decision.runnerContainerId;
    return decision.reach === 'container-network' && runner
      ? new SiblingAttachment(client, runner, ownNetworks)
      : undefined;
  }

  constructor(client: NetworkAttachClient, runnerContainerId: string, ownNetworks: readonly string[]) {
    this.client = client;
    this.runnerContainerId = runnerContainerId;
    this.ownNetworks = new Set(ownNetworks);
  }

  /** Join a network this connection just created. */
  async join(networkId: string): Promise<void> {
    await this.client.connect(networkId, this.runnerContainerId);
    this.joined.add(networkId);
  }

  /** Leave a network before it is removed; it cannot be removed while the runner is on it. */
  async leave(networkId: string): Promise<void> {
    this.joined.delete(networkId);
    await this.client.disconnect(networkId, this.runnerContainerId);
  }

  /** Remember a started container's addresses. */
  record(containerId: string, networks: InspectedNetworks): void {
    const byName = new Map<string, { id: string; address: string }>();
    for (const [name, network] of Object.entries(networks)) {
      if (network.IPAddress) byName.set(name, { id: network.NetworkID ?? '', address: network.IPAddress });
    }
    this.addresses.set(containerId, byName);
  }

  forget(containerId: string): void {
    this.addresses.delete(containerId);
  }

  /**
   * The container's address on a network the runner is on: one this
   * connection joined, else one the runner was on from the start.
   * Throws {@link ContainerUnreachableError} when they share none.
   */
  address(containerId: string, displayName: string): string {
    const networks = this.addresses.get(containerId);
    if (!networks) {
      throw new ContainerUnreachableError(displayName, shortId(this.runnerContainerId), [], 'it was not started here');
    }
    const entries = [...networks.entries()];
    const shared =
      entries.find(([, n]) => this.joined.has(n.id)) ?? entries.find(([name]) => this.ownNetworks.has(name));
    if (!shared)
      throw new ContainerUnreachableError(displayName, shortId(this.runnerContainerId), [...networks.keys()]);
    return shared[1].address;
  }
}
