import { InvalidOptionError } from '../../errors/index.js';
import { type Network, NetworkDefinition } from '../../resources/definitions/network.js';
import { type Volume, VolumeDefinition } from '../../resources/definitions/volume.js';
import type { DockerHelper } from '../../resources/helper/helper.js';
import type { ComposeModel, ComposeNetwork, ComposeService } from '../model.js';
import { COMPOSE_LABELS } from './service-options.js';

/**
 * The networks and volumes of one stack in one helper: a `NetworkDefinition`
 * per network key (`default` too) and a `VolumeDefinition` per named volume
 * and per anonymous volume of each replica, all named `<stack>-<key>` so two
 * stacks in one helper never share one. External ones are used by name and
 * never created or removed. Set up on first use, before the containers that
 * need them; removed by `teardown()`, networks first.
 */
export class StackResources {
  private readonly networkDefinitions = new Map<string, NetworkDefinition | string>();
  private readonly volumeDefinitions = new Map<string, VolumeDefinition | string>();
  private readonly anonymous = new Map<string, VolumeDefinition>();
  private readonly networks = new Map<string, Promise<Network>>();
  private readonly volumes = new Map<string, Promise<Volume>>();
  private readonly liveNetworks = new Map<string, Network>();
  private readonly liveVolumes = new Map<string, Volume>();

  constructor(
    private readonly helper: DockerHelper,
    model: ComposeModel,
    private readonly stackName: string,
    private readonly project: string,
  ) {
    for (const network of Object.values(model.networks)) {
      this.networkDefinitions.set(network.key, this.networkDefinition(network));
    }
    for (const volume of Object.values(model.volumes)) {
      this.volumeDefinitions.set(
        volume.key,
        volume.external
          ? (volume.name ?? volume.key)
          : new VolumeDefinition(`${stackName}-${volume.key}`, {
              ...(volume.driver ? { driver: volume.driver } : {}),
              driverOptions: volume.driverOpts,
              labels: { ...volume.labels, [COMPOSE_LABELS.project]: project, [COMPOSE_LABELS.volume]: volume.key },
            }),
      );
    }
  }

  /** A network's definition, or an external network's name. */
  networkSource(key: string): NetworkDefinition | string {
    const found = this.networkDefinitions.get(key);
    if (found === undefined) {
      throw new InvalidOptionError(
        `networks.${key}`,
        'is used by a service but not defined under the top-level `networks`',
      );
    }
    return found;
  }

  /** The engine name of a network of this stack. */
  networkEngineName(key: string): string {
    const source = this.networkSource(key);
    return typeof source === 'string' ? source : `${this.helper.namespace}_${source.name}`;
  }

  /** A named volume's definition, or an external volume's name. */
  volumeSource(key: string): VolumeDefinition | string {
    const found = this.volumeDefinitions.get(key);
    if (found === undefined) {
      throw new InvalidOptionError(
        `volumes.${key}`,
        'is used by a service but not defined under the top-level `volumes`',
      );
    }
    return found;
  }

  /** The volume standing for anonymous volume `index` of replica `number` of a service. */
  anonymousVolume(service: string, number: number, index: number): VolumeDefinition {
    const key = `${service}-${number}-anon-${index}`;
    let definition = this.anonymous.get(key);
    if (!definition) {
      definition = new VolumeDefinition(`${this.stackName}-${key}`, {
        labels: { [COMPOSE_LABELS.project]: this.project, [COMPOSE_LABELS.service]: service },
      });
      this.anonymous.set(key, definition);
    }
    return definition;
  }

  /** Set up every network and volume replicas `1..replicas` of `service` use, in parallel. */
  async prepare(service: ComposeService, replicas: number): Promise<void> {
    const work: Promise<unknown>[] = [];
    for (const key of Object.keys(service.networks)) {
      const source = this.networkSource(key);
      if (typeof source !== 'string') {
        work.push(this.once(this.networks, this.liveNetworks, key, () => source.setup(this.helper)));
      }
    }
    service.mounts.forEach((mount, index) => {
      if (mount.type !== 'volume') return;
      if (mount.source !== undefined) {
        const source = this.volumeSource(mount.source);
        if (typeof source !== 'string') {
          work.push(this.once(this.volumes, this.liveVolumes, mount.source, () => source.setup(this.helper)));
        }
        return;
      }
      for (let n = 1; n <= replicas; n++) {
        const definition = this.anonymousVolume(service.name, n, index);
        work.push(
          this.once(this.volumes, this.liveVolumes, `#${definition.name}`, () => definition.setup(this.helper)),
        );
      }
    });
    await Promise.all(work);
  }

  /** A live network of this stack, by key. */
  network(key: string): Network | undefined {
    return this.liveNetworks.get(key);
  }

  /** A live named volume of this stack, by key. */
  volume(key: string): Volume | undefined {
    return this.liveVolumes.get(key);
  }

  /** Keys of the live networks and named volumes. */
  keys(): { networks: string[]; volumes: string[] } {
    const volumes = [...this.liveVolumes.keys()].filter((k) => !k.startsWith('#'));
    return { networks: [...this.liveNetworks.keys()], volumes };
  }

  /** Remove the networks, then the volumes, this stack set up; failures are returned, not thrown. */
  async teardown(): Promise<{ resource: string; error: unknown }[]> {
    const failures: { resource: string; error: unknown }[] = [];
    for (const [kind, map] of [
      ['network', this.networks],
      ['volume', this.volumes],
    ] as const) {
      const entries = [...map.entries()];
      map.clear();
      (kind === 'network' ? this.liveNetworks : this.liveVolumes).clear();
      const results = await Promise.allSettled(
        entries.map(async ([, live]) => {
          const resource = await live.catch(() => undefined);
          await resource?.teardown();
        }),
      );
      results.forEach((result, i) => {
        if (result.status === 'rejected') {
          failures.push({ resource: `${kind} '${entries[i]?.[0].replace(/^#/, '')}'`, error: result.reason });
        }
      });
    }
    return failures;
  }

  private networkDefinition(network: ComposeNetwork): NetworkDefinition | string {
    if (network.external) return network.name ?? network.key;
    if (network.enableIpv6) {
      throw new InvalidOptionError(
        `networks.${network.key}.enable_ipv6`,
        'is not supported by seaworthy stacks yet; drop it (IPv4 addressing works as written)',
      );
    }
    const ipam = network.ipam?.config[0];
    if ((network.ipam?.config.length ?? 0) > 1) {
      throw new InvalidOptionError(`networks.${network.key}.ipam.config`, 'may hold one address range only');
    }
    return new NetworkDefinition(`${this.stackName}-${network.key}`, {
      ...(network.driver ? { driver: network.driver } : {}),
      internal: network.internal,
      attachable: network.attachable,
      driverOptions: network.driverOpts,
      labels: { ...network.labels, [COMPOSE_LABELS.project]: this.project, [COMPOSE_LABELS.network]: network.key },
      ...(ipam?.subnet ? { ipam: { subnet: ipam.subnet, ...pick(ipam) } } : {}),
    });
  }

  private once<T>(
    map: Map<string, Promise<T>>,
    live: Map<string, T>,
    key: string,
    create: () => Promise<T>,
  ): Promise<T> {
    let promise = map.get(key);
    if (!promise) {
      promise = create().then((value) => {
        live.set(key, value);
        return value;
      });
      map.set(key, promise);
    }
    return promise;
  }
}

function pick(ipam: { readonly ipRange?: string; readonly gateway?: string }) {
  return { ...(ipam.gateway ? { gateway: ipam.gateway } : {}), ...(ipam.ipRange ? { ipRange: ipam.ipRange } : {}) };
}
