import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { NameConflictError } from '../../errors/index.js';
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
        Labels: { ...options.labels, ...this.deps.labels, [LABELS.definition]: definitionName },
      });
    } catch (error) {
      if (statusCodeOf(error) === 409 || /already exists/i.test(daemonMessage(error))) {
        throw new NameConflictError('network', name, error);
      }
      throw error;
    }
    this.tracked.track(id, undefined);
    return id;
  }

  /** Remove one tracked network once no container removed in the background can still be attached. */
  remove(id: string): Promise<void> {
    return this.tracked.remove(
      id,
      () => this.deps.containersRemoved(),
      () => this.deps.engine.removeNetwork(id),
    );
  }
}
