import { InvalidOptionError } from '../errors/index.js';
import type { WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { runWithinOwnLimit } from './own-timeout.js';

/**
 * Ready once every strategy is: they run at the same time, and the first
 * failure fails the whole wait. A strategy's own `timeoutMs` limits that
 * strategy alone (it fails the whole wait when it runs out); the whole wait
 * runs under the definition's `startupTimeoutMs` (or `waitFor()`'s
 * `timeoutMs`), whichever applies.
 */
export function all(...strategies: readonly WaitStrategy[]): WaitStrategy {
  if (strategies.length === 0) throw new InvalidOptionError('all', 'give one or more wait strategies');
  for (const [i, s] of strategies.entries()) {
    if (typeof s?.wait !== 'function') {
      throw new InvalidOptionError(`all[${i}]`, 'must be a wait strategy, e.g. waitFor.logLine(/ready/)');
    }
    if (s.onExit) {
      throw new InvalidOptionError(
        `all[${i}]`,
        `${s.description}: a one-shot wait ends when the container exits, so it must be the whole wait, not part of waitFor.all()`,
      );
    }
  }
  return {
    description: strategies.map((s) => s.description).join(' and '),
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
          await runWithinOwnLimit(strategy, context, (detail) => {
            progress.set(i, detail);
            report();
          });
          done.add(i);
          report();
        }),
      );
    },
  };
}
