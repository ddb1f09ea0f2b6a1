import type { EngineClient } from '../../engine/client.js';
import { TrackedIds } from './tracked-ids.js';

export interface ContainerTrackerDeps {
  readonly engine: EngineClient;
  /** Resolves once network joins under way for this container are over (see `NetworkPlacement.settled`). */
  settled(id: string): Promise<void>;
}

/**
 * The containers of one helper: tracks their ids, removes them (stopping
 * first when they have a stop timeout), and retires them (rename, then
 * remove in the background).
 */
export class ContainerTracker {
  private readonly tracked = new TrackedIds<{ readonly stopTimeoutMs: number }>();
  /** Containers renamed out of the way so far (makes each retired name unique). */
  private retired = 0;

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
   * Take a container off the critical path: rename it (one quick call, so its
   * name is free for the next container of the same definition), then remove
   * it in the background. The removal stays tracked: networks and volumes
   * wait for it, and the helper's teardown awaits it and reports it if it
   * failed. Falls back to an awaited removal if the rename fails.
   */
  async retire(id: string, name: string): Promise<void> {
    if (!this.tracked.isLive(id)) return this.remove(id);
    try {
      await this.deps.engine.renameContainer(id, `${name}-removing-${++this.retired}`);
    } catch {
      return this.remove(id);
    }
    // A failure resets the entry, so the helper's teardown tries again and reports it.
    this.remove(id).catch(() => undefined);
  }
}
