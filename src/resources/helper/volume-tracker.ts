import type { EngineClient } from '../../engine/client.js';
import { NameConflictError } from '../../errors/index.js';
import { LABELS } from '../../labels.js';
import { TrackedIds } from './tracked-ids.js';

export interface VolumeTrackerDeps {
  readonly engine: EngineClient;
  /** Labels put on every volume. */
  readonly labels: Readonly<Record<string, string>>;
  /** Resolves once containers removed in the background are gone (they may still mount it). */
  containersRemoved(): Promise<void>;
}

export interface VolumeCreateOptions {
  readonly driver?: string;
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The volumes of one helper (tracked by name: volumes have no other id). */
export class VolumeTracker {
  private readonly tracked = new TrackedIds();

  constructor(private readonly deps: VolumeTrackerDeps) {}

  ids(): string[] {
    return this.tracked.ids();
  }

  removalsSettled(): Promise<void> {
    return this.tracked.removalsSettled();
  }

  /** Create and track a volume; a name taken already is a {@link NameConflictError}. */
  async create(name: string, definitionName: string, options: VolumeCreateOptions): Promise<void> {
    const { engine } = this.deps;
    if (await engine.volumeExists(name)) throw new NameConflictError('volume', name);
    await engine.createVolume({
      Name: name,
      ...(options.driver ? { Driver: options.driver } : {}),
      ...(options.driverOptions ? { DriverOpts: { ...options.driverOptions } } : {}),
      Labels: { ...options.labels, ...this.deps.labels, [LABELS.definition]: definitionName },
    });
    this.tracked.track(name, undefined);
  }

  /** Remove one tracked volume once no container removed in the background can still mount it. */
  remove(name: string): Promise<void> {
    return this.tracked.remove(
      name,
      () => this.deps.containersRemoved(),
      () => this.deps.engine.removeVolume(name),
    );
  }
}
