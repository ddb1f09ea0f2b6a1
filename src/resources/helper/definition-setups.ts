import { asConnectionLost, type EngineIdentity } from '../../engine/error-mapping.js';
import { NameConflictError } from '../../errors/index.js';

/**
 * One live resource per definition in a helper: concurrent and repeated
 * setups of a definition share it, until it is removed.
 */
export class DefinitionSetups {
  private readonly live = new Map<object, Promise<unknown>>();

  /** `engine`: named in the error when it goes away mid-run. */
  constructor(private readonly engine: EngineIdentity) {}

  /** The setup of `definition` under way or done, else a new one made by `create`. */
  once<T>(definition: object, action: string, create: () => Promise<T>): Promise<T> {
    const existing = this.live.get(definition) as Promise<T> | undefined;
    if (existing) return existing;
    // The engine answered when the helper connected: failing to reach it now means it went away mid-run.
    const name = (definition as { readonly name?: unknown }).name;
    const created = create().catch((error: unknown) => {
      throw (
        this.sameHelperConflict(definition, name, error) ??
        asConnectionLost(error, this.engine, `${action} '${String(name)}'`)
      );
    });
    this.live.set(definition, created);
    created.catch(() => this.live.delete(definition));
    return created;
  }

  /** Drop `definition`'s resource (its next setup makes a new one), then run `remove`. */
  async forget(definition: object, remove: () => Promise<void>): Promise<void> {
    this.live.delete(definition);
    await remove();
  }

  /** Every setup under way or done. */
  all(): Promise<unknown>[] {
    return [...this.live.values()];
  }

  clear(): void {
    this.live.clear();
  }

  /** A name conflict with another live definition of this helper, said as such; else `undefined`. */
  private sameHelperConflict(definition: object, name: unknown, error: unknown): NameConflictError | undefined {
    if (!(error instanceof NameConflictError) || error.sameHelper || typeof name !== 'string') return undefined;
    const twin = [...this.live.keys()].some(
      (other) => other !== definition && (other as { readonly name?: unknown }).name === name,
    );
    if (!twin) return undefined;
    return new NameConflictError(error.kind, error.resourceName, error.cause ?? error, { definition: name });
  }
}
