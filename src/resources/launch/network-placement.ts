import type { EngineClient } from '../../engine/client.js';
import { isNotFound } from '../../engine/error-mapping.js';
import { InvalidOptionError } from '../../errors/index.js';

/**
 * When a container joins its helper's network. `'when-needed'` (the
 * default): a container set up while no other container of the helper is
 * alive or starting goes on the engine's default bridge, which starts it
 * about 100 ms faster here; as soon as a second container is set up, the
 * lone ones are connected to the helper's network with their aliases
 * before the newcomer starts, so containers always reach each other by
 * name. `'always'`: every container joins the helper's network at create.
 *
 * The helper's own removals of a container wait for a connect of it in
 * flight. Freezing the lone container (pause) for its connect was tried and
 * dropped: a test using that container at the moment (exec is refused on a
 * paused container) failed (docs/helper.md).
 */
export type HelperNetworkMode = 'when-needed' | 'always';

export const HELPER_NETWORK_MODES: readonly HelperNetworkMode[] = ['when-needed', 'always'];

export function assertHelperNetworkMode(option: string, value: unknown): asserts value is HelperNetworkMode {
  if (!HELPER_NETWORK_MODES.includes(value as HelperNetworkMode)) {
    throw new InvalidOptionError(option, `${JSON.stringify(value)} must be 'when-needed' or 'always'`);
  }
}

/** One container's setup, as the placement sees it. */
export interface Placement {
  /** True: create it on the default bridge, with no alias; false: on the helper's network. */
  readonly alone: boolean;
  /**
   * Its id, once started (a connect racing the engine's start or removal of
   * the same container can leave the network with a stale endpoint, so joins
   * only ever see a running container); `joinable` false when its network
   * mode (host, none, container:…) keeps it off every network.
   */
  started(id: string, joinable: boolean): void;
  /** Setup over, started or failed. */
  end(): void;
}

interface Lone {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly id: Promise<string | undefined>;
  joined?: Promise<void>;
}

/** Joins under way, by container id, so a removal can wait for them. */
type Joining = Map<string, Promise<void>>;

export interface NetworkPlacementDeps {
  readonly engine: EngineClient;
  readonly mode: HelperNetworkMode;
  /** Containers tracked and not being removed. */
  liveContainers(): number;
  isLive(id: string): boolean;
}

/**
 * Decides, per container of one helper, whether it can start alone on the
 * default bridge, and brings lone containers onto the helper's network when
 * another container arrives.
 */
export class NetworkPlacement {
  private starting = 0;
  private readonly lone = new Set<Lone>();
  private readonly joining: Joining = new Map();

  constructor(private readonly deps: NetworkPlacementDeps) {}

  begin(name: string, aliases: readonly string[], needsNetwork: boolean): Placement {
    const alone =
      !needsNetwork &&
      this.deps.mode === 'when-needed' &&
      // In a sibling container the runner reaches containers over the helper's network.
      !this.deps.engine.reachesContainerPorts &&
      this.starting === 0 &&
      this.deps.liveContainers() === 0;
    this.starting++;
    let settle: (id: string | undefined) => void = () => undefined;
    if (alone) {
      const entry: Lone = { name, aliases, id: new Promise((resolve) => (settle = resolve)) };
      this.lone.add(entry);
    }
    let ended = false;
    return {
      alone,
      started: (id, joinable) => settle(joinable ? id : undefined),
      end: () => {
        if (ended) return;
        ended = true;
        this.starting--;
        settle(undefined);
      },
    };
  }

  /** Settles once no connect of this container is in flight; its removal waits for this. */
  async settled(id: string): Promise<void> {
    await this.joining.get(id);
  }

  /**
   * Connect every lone container still alive to the helper's network, with
   * its aliases, once each. Called before a container on that network starts,
   * so it can reach them by name (and they it).
   */
  async joinLone(networkId: string): Promise<void> {
    await Promise.all(
      [...this.lone].map((entry) => {
        entry.joined ??= (async () => {
          const id = await entry.id;
          this.lone.delete(entry);
          if (!id || !this.deps.isLive(id)) return;
          const connect = this.deps.engine.connectNetwork(networkId, id, [entry.name, ...entry.aliases]);
          this.joining.set(
            id,
            connect.then(
              () => undefined,
              () => undefined,
            ),
          );
          try {
            await connect;
          } catch (error) {
            // Removed meanwhile: nothing to reach.
            if (isNotFound(error) || !this.deps.isLive(id)) return;
            throw error;
          } finally {
            this.joining.delete(id);
          }
        })();
        return entry.joined;
      }),
    );
  }
}

/** Whether a container with this `HostConfig.NetworkMode` can be connected to networks (not host, none or container:…). */
export function joinsNetworks(networkMode: unknown): boolean {
  if (typeof networkMode !== 'string') return true;
  return networkMode !== 'host' && networkMode !== 'none' && !networkMode.startsWith('container:');
}
