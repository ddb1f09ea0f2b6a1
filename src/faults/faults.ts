import { FaultSidecarError, ImageNotFoundError, ImagePullError, InvalidOptionError } from '../errors/index.js';
import { describeValue } from '../options/duration.js';
import { ContainerDefinition, type ContainerHost } from '../resources/definitions/container-definition.js';
import type { Container } from '../resources/handles/container.js';
import type { FaultSpec } from './fault-plan.js';
import { FaultSidecar } from './fault-sidecar.js';
import { netemImage } from './netem-image.js';

export interface FaultsOptions {
  /**
   * The sidecar image: one built from the netem Dockerfile (docs/faults.md).
   * @default $SEAWORTHY_NETEM_IMAGE, else 'seaworthy-netem:latest' (never pulled)
   */
  readonly image?: string;
  /** Where SEAWORTHY_NETEM_IMAGE is read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface DelayOptions {
  /** Added to every packet the container sends, in ms (above 0). */
  readonly ms: number;
  /** Random variation around `ms`, in ms. @default 0 */
  readonly jitterMs?: number;
}

export interface LossOptions {
  /** Share of the packets the container sends that are dropped: above 0, at most 100. */
  readonly percent: number;
}

export interface BandwidthOptions {
  /** The most the container sends, in kilobits per second (1 kbit = 1000 bits): a whole number above 0. */
  readonly kbit: number;
}

/** One fault in force on a container; `remove()` (or `await using`) undoes it. */
export interface Fault {
  readonly kind: FaultSpec['kind'];
  /** The container's definition name. */
  readonly container: string;
  /** Undo this fault, leaving the container's other faults in force. Idempotent. */
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Network faults on running containers (docs/faults.md), applied by a
 * sidecar that shares the container's network namespace with NET_ADMIN, so
 * the container's own image needs nothing. Make one per helper:
 * `const faults = new Faults(helper)`.
 *
 * The sidecar is a container of the helper like any other (labelled, so
 * crash cleanup removes it); it is removed, undoing every fault, by
 * `clear(container)`, by the container's teardown and by the helper's.
 */
export class Faults {
  private readonly image: string;
  private readonly pullNever: boolean;

  constructor(
    private readonly helper: ContainerHost,
    options: FaultsOptions = {},
  ) {
    const { image, isDefault } = netemImage(options.image, options.env);
    this.image = image;
    this.pullNever = isDefault;
  }

  /** Delay every packet the container sends (netem). Needs `sch_netem`: FaultUnsupportedError without it. */
  async delay(container: Container, options: DelayOptions): Promise<Fault> {
    const ms = positive('delay.ms', options?.ms);
    const jitterMs = options?.jitterMs === undefined ? 0 : positive('delay.jitterMs', options.jitterMs, true);
    return this.add(container, { kind: 'delay', ms, jitterMs });
  }

  /** Drop a share of the packets the container sends: netem where the kernel has it, else iptables. */
  async loss(container: Container, options: LossOptions): Promise<Fault> {
    const percent = positive('loss.percent', options?.percent);
    if (percent > 100) throw new InvalidOptionError('loss.percent', `${percent} is above 100`);
    return this.add(container, { kind: 'loss', percent });
  }

  /** Limit how fast the container sends (tbf). */
  async bandwidth(container: Container, options: BandwidthOptions): Promise<Fault> {
    const kbit = positive('bandwidth.kbit', options?.kbit);
    if (!Number.isInteger(kbit)) throw new InvalidOptionError('bandwidth.kbit', `${kbit} is not a whole number`);
    return this.add(container, { kind: 'bandwidth', kbit });
  }

  /**
   * Cut the container off: every packet in or out is dropped, loopback
   * excepted (iptables). It stays attached to its networks; connections
   * hang rather than being refused. `remove()` heals it.
   */
  async partition(container: Container): Promise<Fault> {
    return this.add(container, { kind: 'partition' });
  }

  /** Undo every fault on the container and remove its sidecar. Does nothing if it has none. */
  async clear(container: Container): Promise<void> {
    const holder = container as SidecarHolder;
    const sidecar = holder[SIDECAR];
    if (!sidecar) return;
    delete holder[SIDECAR];
    await (await sidecar).close({ undo: true });
  }

  private async add(container: Container, spec: FaultSpec): Promise<Fault> {
    const sidecar = await this.sidecarOf(container);
    const id = await sidecar.add(spec);
    const remove = () => sidecar.remove(id);
    return { kind: spec.kind, container: container.definition.name, remove, [Symbol.asyncDispose]: remove };
  }

  private sidecarOf(container: Container): Promise<FaultSidecar> {
    container.assertNotRemoved(`add a network fault to it`);
    if (container.startInfo.networks.host) {
      throw new InvalidOptionError(
        'container',
        `'${container.definition.name}' uses the host's network stack; a fault there would hit the engine's host. Put it on a network of its own`,
      );
    }
    // One sidecar per container, whichever Faults asks: two would overwrite each other's configuration.
    const holder = container as SidecarHolder;
    let sidecar = holder[SIDECAR];
    if (!sidecar) {
      const starting = this.startSidecar(container);
      holder[SIDECAR] = sidecar = starting;
      starting.catch(() => {
        if (holder[SIDECAR] === starting) delete holder[SIDECAR];
      });
    }
    return sidecar;
  }

  private async startSidecar(target: Container): Promise<FaultSidecar> {
    const definition = new ContainerDefinition(`${target.definition.name}-faults`, {
      image: this.image,
      networkMode: { container: target },
      labels: { 'dev.seaworthy.faults.target': target.name },
      // The entrypoint undoes the faults on SIGTERM; give it the time.
      stopTimeoutMs: 2_000,
      ...(this.pullNever ? { pull: 'never' as const } : {}),
      capAdd: ['NET_ADMIN'],
    });
    let container: Container;
    try {
      container = await definition.setup(this.helper);
    } catch (error) {
      if (error instanceof ImageNotFoundError || error instanceof ImagePullError) {
        throw new FaultSidecarError(target.definition.name, this.image, error);
      }
      throw error;
    }
    const sidecar = new FaultSidecar(target, container);
    // The container is going away: its network namespace goes with it, so just remove the sidecar.
    target.onTeardown(() => {
      delete (target as SidecarHolder)[SIDECAR];
      return sidecar.close({ undo: false });
    });
    return sidecar;
  }
}

/**
 * Where a container's sidecar is kept: on the container handle itself, so
 * every `Faults` (of any helper, or either build of the package) shares it,
 * and it goes with the handle.
 */
const SIDECAR = Symbol.for('dev.seaworthy.faults.sidecar');
type SidecarHolder = Container & { [SIDECAR]?: Promise<FaultSidecar> };

/** A finite number above 0 (or at least 0), else InvalidOptionError naming `option`. */
function positive(option: string, value: unknown, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} is not a number ${allowZero ? 'of 0 or more' : 'above 0'}`,
    );
  }
  return value;
}
