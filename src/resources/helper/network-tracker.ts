import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { NameConflictError, SubnetOverlapError } from '../../errors/index.js';
import { LABELS } from '../../labels.js';
import { TrackedIds } from './tracked-ids.js';

export interface NetworkTrackerDeps {
  readonly engine: EngineClient;
  readonly namespace: string;
  /** Labels put on every network. */
  readonly labels: Readonly<Record<string, string>>;
  /** Resolves once containers removed in the background are gone (they may still be attached). */
  containersRemoved(): Promise<void>;
}

export interface NetworkCreateOptions {
  readonly driver?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly ipam?: { readonly subnet: string; readonly gateway?: string; readonly ipRange?: string };
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The networks of one helper: creates them labelled, its default network included, and removes them. */
export class NetworkTracker {
  private readonly tracked = new TrackedIds();
  private defaultNet: Promise<{ id: string; name: string }> | undefined;

  constructor(private readonly deps: NetworkTrackerDeps) {}

  ids(): string[] {
    return this.tracked.ids();
  }

  removalsSettled(): Promise<void> {
    return this.tracked.removalsSettled();
  }

  /** The creation of the default network, if one was asked for (for teardown to wait on). */
  get defaultCreation(): Promise<unknown> | undefined {
    return this.defaultNet;
  }

  /** The helper's own network, `<namespace>_default`, created once on first use (again after a failure). */
  defaultNetwork(): Promise<{ id: string; name: string }> {
    this.defaultNet ??= (async () => {
      const name = `${this.deps.namespace}_default`;
      return { id: await this.create(name, '(default)', {}), name };
    })();
    this.defaultNet.catch(() => {
      this.defaultNet = undefined;
    });
    return this.defaultNet;
  }

  /** Create and track a network; a name taken already is a {@link NameConflictError}. */
  async create(name: string, definitionName: string, options: NetworkCreateOptions): Promise<string> {
    let id: string;
    try {
      id = await this.deps.engine.createNetwork({
        Name: name,
        Driver: options.driver ?? 'bridge',
        ...(options.internal ? { Internal: true } : {}),
        ...(options.attachable ? { Attachable: true } : {}),
        ...(options.driverOptions ? { Options: { ...options.driverOptions } } : {}),
        ...(options.ipam ? { IPAM: { Config: [ipamConfig(options.ipam)] } } : {}),
        Labels: { ...options.labels, ...this.deps.labels, [LABELS.definition]: definitionName },
      });
    } catch (error) {
      if (options.ipam && /pool overlaps/i.test(daemonMessage(error))) {
        throw new SubnetOverlapError(name, options.ipam.subnet, error);
      }
      if (statusCodeOf(error) === 409 || /already exists/i.test(daemonMessage(error))) {
        throw new NameConflictError('network', name, error);
      }
      throw error;
    }
    this.tracked.track(id, undefined);
    return id;
  }

  /**
   * Remove one tracked network once no container removed in the background
   * can still be attached. Containers still attached (connected by another
   * helper or by hand) are disconnected, and the removal tried once more.
   */
  remove(id: string): Promise<void> {
    return this.tracked.remove(
      id,
      () => this.deps.containersRemoved(),
      async () => {
        try {
          await this.deps.engine.removeNetwork(id);
        } catch (error) {
          if (!/active endpoints/i.test(daemonMessage(error))) throw error;
          await this.detachAll(id);
          await this.deps.engine.removeNetwork(id);
        }
      },
    );
  }

  private async detachAll(id: string): Promise<void> {
    const { engine } = this.deps;
    const { containers } = await engine.inspectNetwork(id);
    await Promise.all(containers.map((container) => engine.disconnectNetwork(id, container.id)));
  }
}

function ipamConfig(ipam: NonNullable<NetworkCreateOptions['ipam']>) {
  return {
    Subnet: ipam.subnet,
    ...(ipam.gateway !== undefined ? { Gateway: ipam.gateway } : {}),
    ...(ipam.ipRange !== undefined ? { IPRange: ipam.ipRange } : {}),
  };
}
