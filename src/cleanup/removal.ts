import type { EngineClient, LabelledResource, ResourceKind } from '../engine/client.js';
import { EngineRequestError } from '../errors/index.js';

export interface RemovalReport<R extends LabelledResource = LabelledResource> {
  /** Removed, or already gone when asked. */
  readonly removed: readonly R[];
  readonly failed: readonly { readonly resource: R; readonly error: unknown }[];
}

export interface RemovalOptions {
  /**
   * Pauses before trying a busy resource again: a network whose containers
   * are still going away, a volume still mounted. @default 100, 200, 400, 800, 1600, 2000 ms
   */
  readonly retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 2000];

/**
 * Remove resources in order: containers (killed, with their anonymous
 * volumes), then networks, then volumes, each kind in parallel. "Already
 * gone" counts as removed; busy resources are tried again after a pause.
 * Never throws: failures are in the report.
 */
export async function removeResources<R extends LabelledResource>(
  engine: Pick<EngineClient, 'removeResource'>,
  resources: readonly R[],
  options: RemovalOptions = {},
): Promise<RemovalReport<R>> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const removed: R[] = [];
  const failed: { resource: R; error: unknown }[] = [];
  for (const kind of ['container', 'network', 'volume'] as const satisfies readonly ResourceKind[]) {
    let pending = resources.filter((r) => r.kind === kind);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const results = await Promise.allSettled(pending.map((r) => engine.removeResource(r.kind, r.id)));
      const delay = delays[attempt];
      const busy: R[] = [];
      results.forEach((result, i) => {
        const resource = pending[i] as R;
        if (result.status === 'fulfilled') removed.push(resource);
        else if (isBusy(result.reason) && delay !== undefined) busy.push(resource);
        else failed.push({ resource, error: result.reason });
      });
      pending = busy;
      if (busy.length > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return { removed, failed };
}

/**
 * A refusal that should pass: a container someone else is removing (409), a
 * volume still mounted (409), a network with endpoints still attached (403).
 */
export function isBusy(error: unknown): boolean {
  if (!(error instanceof EngineRequestError)) return false;
  return error.statusCode === 409 || (error.statusCode === 403 && error.operation.startsWith('remove network'));
}
