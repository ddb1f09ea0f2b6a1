import { Engine, type EngineOptions } from '../engine/docker/engine.js';
import { gateEngineError } from '../fixtures/docker-gate.js';

/**
 * Mark a test as needing Docker, for tests that talk to the engine without
 * seaworthy's fixtures: skips the test with the reason when no engine
 * answers, or fails it when `CI` is set. Returns the connected engine.
 *
 * ```ts
 * test('lists images', async (context) => {
 *   const engine = await requireDocker(context);
 * });
 * ```
 */
export async function requireDocker(
  context: { skip: (note?: string) => void },
  options: EngineOptions & { readonly ciEnv?: Readonly<Record<string, string | undefined>> } = {},
): Promise<Engine> {
  try {
    return await Engine.connect(options);
  } catch (error) {
    return gateEngineError(error, options.ciEnv ?? process.env, (reason) => context.skip(reason));
  }
}
