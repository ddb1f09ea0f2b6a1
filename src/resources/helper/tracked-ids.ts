import { isAlreadyGoingAway, isNotFound } from '../../engine/error-mapping.js';

interface Entry<T> {
  readonly data: T;
  /** Pending or finished removal, so removal is idempotent and shared. */
  removal?: Promise<void>;
}

/**
 * The ids of one kind of resource a helper created, each with its removal:
 * a removal started twice runs once, "already gone" counts as success, and
 * a failed removal keeps the id tracked so a later teardown tries again.
 */
export class TrackedIds<T = undefined> {
  private readonly entries = new Map<string, Entry<T>>();

  track(id: string, data: T): void {
    this.entries.set(id, { data });
  }

  /** Ids still tracked, removals under way included. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Tracked and no removal started. */
  isLive(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && !entry.removal;
  }

  /** How many are tracked with no removal started. */
  liveCount(): number {
    return [...this.entries.values()].filter((entry) => !entry.removal).length;
  }

  /** Whether removal has started (or the id is no longer tracked). */
  isRemoving(id: string): boolean {
    const entry = this.entries.get(id);
    return entry === undefined || entry.removal !== undefined;
  }

  /** Resolves once every removal under way now has finished, failed or not. */
  async removalsSettled(): Promise<void> {
    const pending = [...this.entries.values()].filter((entry) => entry.removal).map((entry) => entry.removal);
    await Promise.allSettled(pending);
  }

  /**
   * Remove one tracked id, at most once at a time: `before` then `removeNow`
   * run inside the shared removal. Untracked ids resolve at once.
   */
  remove(id: string, before: () => Promise<unknown>, removeNow: (data: T) => Promise<void>): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.resolve();
    entry.removal ??= (async () => {
      await before();
      try {
        await removeNow(entry.data);
      } catch (error) {
        if (!isNotFound(error) && !isAlreadyGoingAway(error)) {
          entry.removal = undefined;
          throw error;
        }
      }
      this.entries.delete(id);
    })();
    return entry.removal;
  }
}
