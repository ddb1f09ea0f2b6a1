import type { ProvidedContext } from 'vitest';
import { DockerHelper, type DockerHelperOptions } from '../resources/helper/helper.js';

type Settable = { setup(helper: DockerHelper): Promise<unknown>; clean?(container: never): Promise<void> };
type Started<S extends Record<string, Settable>> = { [K in keyof S]: Awaited<ReturnType<S[K]['setup']>> };

/** What Vitest hands a globalSetup function. */
export interface ProvideTarget {
  provide<K extends keyof ProvidedContext & string>(key: K, value: ProvidedContext[K]): void;
  /** Called before each re-run in watch mode (Vitest 4's `TestProject.onTestsRerun`). */
  onTestsRerun?(callback: () => Promise<void> | void): void;
}

/**
 * A Vitest globalSetup function that starts resources once for the whole run,
 * hands tests what they need through `provide` (read with `inject`), and
 * tears everything down when the run ends.
 *
 * ```ts
 * // test/global-setup.ts
 * export default runScope({ cache: cacheDefinition }, ({ cache }) => ({
 *   cacheUrl: `redis://${cache.host}:${cache.hostPort(6379)}`,
 * }));
 * declare module 'vitest' { interface ProvidedContext { cacheUrl: string } }
 * ```
 *
 * Everything starts in parallel. If any start fails, what did start is
 * removed and the run stops with that error.
 *
 * In watch mode Vitest runs a globalSetup once for the whole session, so
 * these containers live across re-runs; before each re-run, every one whose
 * definition has a `clean()` (Postgres, Redis, RabbitMQ, Kafka, the schema
 * registry) is reset with it, so each re-run starts from a clean state.
 */
export function runScope<S extends Record<string, Settable>>(
  definitions: S,
  provide: (started: Started<S>, helper: DockerHelper) => Partial<ProvidedContext> | Promise<Partial<ProvidedContext>>,
  options: DockerHelperOptions = {},
): (project: ProvideTarget) => Promise<() => Promise<void>> {
  return async (project) => {
    const helper = await DockerHelper.create(options);
    try {
      const names = Object.keys(definitions) as (keyof S & string)[];
      const values = await Promise.all(names.map((name) => (definitions[name] as Settable).setup(helper)));
      const started = Object.fromEntries(names.map((name, i) => [name, values[i]])) as Started<S>;
      const provided = await provide(started, helper);
      for (const [key, value] of Object.entries(provided)) {
        project.provide(key as keyof ProvidedContext & string, value as never);
      }
      project.onTestsRerun?.(async () => {
        await Promise.all(
          names.map((name) => (definitions[name] as Settable).clean?.(started[name] as never) ?? Promise.resolve()),
        );
      });
    } catch (error) {
      await helper.teardown().catch(() => undefined);
      throw error;
    }
    return () => helper.teardown();
  };
}
