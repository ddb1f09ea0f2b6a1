import type { EngineClient } from '../../engine/client.js';
import { removeReferences } from '../images/image-setup.js';
import { TrackedIds } from './tracked-ids.js';

export interface ImageTrackerDeps {
  readonly engine: EngineClient;
  /** Resolves once containers removed in the background are gone (they may still use the image). */
  containersRemoved(): Promise<void>;
}

/**
 * The images one helper built for itself (`cache: false`), tracked by their
 * per-helper reference with every tag the setup gave them; removed at
 * teardown after the containers. Cached images are never tracked: keeping
 * them is the point.
 */
export class ImageTracker {
  private readonly tracked = new TrackedIds<readonly string[]>();

  constructor(private readonly deps: ImageTrackerDeps) {}

  ids(): string[] {
    return this.tracked.ids();
  }

  removalsSettled(): Promise<void> {
    return this.tracked.removalsSettled();
  }

  /** Track `references`; the first one names the entry. */
  track(references: readonly string[]): void {
    const [first] = references;
    if (first !== undefined) this.tracked.track(first, references);
  }

  /** Remove every tag of one tracked image (the image goes with its last tag). */
  remove(reference: string): Promise<void> {
    return this.tracked.remove(
      reference,
      () => this.deps.containersRemoved(),
      (references) => removeReferences(this.deps.engine, references),
    );
  }
}
