import { WaitTimeoutError } from '../errors/index.js';
import {
  assertTimeout,
  describeTimedOut,
  type WaitContext,
  type WaitStrategy,
} from '../resources/handles/readiness.js';

/**
 * The `timeoutMs` field of a wait strategy that has its own time limit,
 * checked when the strategy is made (a zero, negative, non-number or
 * over-long limit fails there, not when a container starts).
 */
export function ownTimeout(name: string, timeoutMs: number | undefined): { timeoutMs?: number } {
  if (timeoutMs === undefined) return {};
  assertTimeout(`${name} timeoutMs`, timeoutMs);
  return { timeoutMs };
}

/** The same context with its own signal and progress; other members (the lazy `host`) still read the original. */
export function deriveContext(
  context: WaitContext,
  signal: AbortSignal,
  progress: (detail: string) => void,
): WaitContext {
  return Object.create(context, {
    signal: { value: signal, enumerable: true },
    progress: { value: progress, enumerable: true },
  }) as WaitContext;
}

/**
 * Run one strategy of a combination under its own `timeoutMs`, if it has one:
 * when that runs out, it fails with a `WaitTimeoutError` naming this strategy
 * and its limit, and its work is stopped. The outer limit still applies.
 */
export async function runWithinOwnLimit(
  strategy: WaitStrategy,
  context: WaitContext,
  progress: (detail: string) => void,
): Promise<void> {
  const own = strategy.timeoutMs;
  if (own === undefined) return strategy.wait(deriveContext(context, context.signal, progress));
  const controller = new AbortController();
  const stop = () => controller.abort(context.signal.reason);
  if (context.signal.aborted) stop();
  else context.signal.addEventListener('abort', stop, { once: true });
  let detail = '';
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new WaitTimeoutError(
          context.containerName,
          describeTimedOut(strategy.description, detail, { ms: own, source: 'its own timeoutMs' }),
          Math.round(performance.now() - started),
          context.logs.lastLines(),
        ),
      );
    }, own);
  });
  try {
    await Promise.race([
      strategy.wait(
        deriveContext(context, controller.signal, (text) => {
          detail = text;
          progress(text);
        }),
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', stop);
    controller.abort();
    expired.catch(() => undefined);
  }
}
