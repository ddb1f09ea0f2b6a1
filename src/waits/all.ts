import { InvalidOptionError } from '../errors/index.js';
import type { WaitContext, WaitStrategy } from '../resources/readiness.js';

/**
 * Ready once every strategy is: they run at the same time, and the first
 * failure fails the whole wait. The time limit is the longest of theirs, or
 * the definition's.
 */
export function all(...strategies: readonly WaitStrategy[]): WaitStrategy {
  if (strategies.length === 0 || strategies.some((s) => typeof s?.wait !== 'function')) {
    throw new InvalidOptionError('all', 'give one or more wait strategies');
  }
  const limits = strategies.map((s) => s.timeoutMs).filter((t): t is number => t !== undefined);
  return {
    description: strategies.map((s) => s.description).join(' and '),
    ...(limits.length ? { timeoutMs: Math.max(...limits) } : {}),
    async wait(context: WaitContext): Promise<void> {
      const progress = new Map<number, string>();
      const done = new Set<number>();
      const report = () =>
        context.progress(
          strategies
            .map((s, i) => (done.has(i) ? null : `${s.description}${progress.get(i) ? `: ${progress.get(i)}` : ''}`))
            .filter(Boolean)
            .join('; ') || 'all done',
        );
      await Promise.all(
        strategies.map(async (strategy, i) => {
          await strategy.wait({
            ...context,
            progress: (detail) => {
              progress.set(i, detail);
              report();
            },
          });
          done.add(i);
          report();
        }),
      );
    },
  };
}
