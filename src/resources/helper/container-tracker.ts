import type { EngineClient } from '../../engine/client.js';
import { TrackedIds } from './tracked-ids.js';

export interface ContainerTrackerDeps {
  readonly engine: EngineClient;
  /** Resolves once network joins under way for this container are over (see `NetworkPlacement.settled`). */
  settled(id: string): Promise<void>;
}

/**
 * The containers of one helper: tracks their ids, removes them (stopping
 * first when they have a stop timeout), and retires them (remove in the
 * background, the name held until the removal is over).
 */
export class ContainerTracker {
  private readonly tracked = new TrackedIds<{ readonly stopTimeoutMs: number }>();
  /** Names of containers being removed in the background: the engine still holds them. */
  private readonly held = new Set<string>();
  /** Suffixes handed out so far (makes each name given instead of a held one unique). */
  private suffixes = 0;

  constructor(private readonly deps: ContainerTrackerDeps) {}

  track(id: string, stopTimeoutMs: number): void {
    this.tracked.track(id, { stopTimeoutMs });
  }

  ids(): string[] {
    return this.tracked.ids();
  }

  /** Containers tracked and not being removed. */
  liveCount(): number {
    return this.tracked.liveCount();
  }

  isLive(id: string): boolean {
    return this.tracked.isLive(id);
  }

  /** Whether removal of this container has started (or it is no longer tracked). */
  isRemoving(id: string): boolean {
    return this.tracked.isRemoving(id);
  }

  /** Resolves once every container removal under way (in the background too) has finished, failed or not. */
  removalsSettled(): Promise<void> {
    return this.tracked.removalsSettled();
  }

  /** Remove one tracked container; shared and idempotent, and "already gone" counts as success. */
  remove(id: string): Promise<void> {
    const { engine } = this.deps;
    return this.tracked.remove(
      id,
      () => this.deps.settled(id),
      async ({ stopTimeoutMs }) => {
        if (stopTimeoutMs > 0) {
          await engine.stopContainer(id, Math.ceil(stopTimeoutMs / 1000)).catch(() => undefined);
        }
        await engine.removeContainer(id);
      },
    );
  }

  /**
   * Take a container off the critical path: remove it in the background and
   * return at once. The removal stays tracked: networks and volumes wait for
   * it, and the helper's teardown awaits it and reports it if it failed.
   * Nothing is renamed (renaming a container while others on its network come
   * and go is one more network-store update on the engine): until the
   * removal is over, the name stays held and {@link freeName} gives the next
   * container of the same definition a name of its own.
   */
  async retire(id: string, name: string): Promise<void> {
    if (!this.tracked.isLive(id)) return this.remove(id);
    this.held.add(name);
    // A failure resets the entry, so the helper's teardown tries again and reports it.
    this.remove(id)
      .catch(() => undefined)
      .finally(() => this.held.delete(name));
  }

  /** `name`, or `name-<n>` while a container being removed in the background still holds it. */
  freeName(name: string): string {
    if (!this.held.has(name)) return name;
    let candidate: string;
    do candidate = `${name}-${++this.suffixes}`;
    while (this.held.has(candidate));
    return candidate;
  }
}
