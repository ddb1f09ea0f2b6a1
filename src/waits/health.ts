import { HealthcheckError } from '../errors/index.js';
import type { WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { ownTimeout } from './own-timeout.js';

export interface HealthWaitOptions {
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/**
 * Ready once Docker's healthcheck reports healthy. Listens to the engine's
 * health_status events (replayed from just before start, so none is missed)
 * rather than polling inspect. Fails fast if the check reports unhealthy,
 * with the check's last output, or if the container has no healthcheck.
 */
export function healthy(options: HealthWaitOptions = {}): WaitStrategy {
  return {
    description: 'Docker healthcheck to report healthy',
    ...ownTimeout('waitFor.healthy', options.timeoutMs),
    async wait(context: WaitContext): Promise<void> {
      const info = await context.inspect();
      if (info.state.health === undefined) {
        throw new HealthcheckError(
          context.containerName,
          'has no healthcheck, so it can never report healthy. Add `healthcheck` to the definition (or a HEALTHCHECK to the image), or use another wait.',
        );
      }
      if (info.state.health === 'healthy') return;
      context.progress(`health is ${info.state.health}`);
      for await (const event of context.events(['health_status'])) {
        const status = event.action.replace(/^health_status:\s*/, '');
        context.progress(`health is ${status}`);
        if (status === 'healthy') return;
        if (status === 'unhealthy') {
          const latest = await context.inspect();
          if (latest.state.health === 'healthy') return;
          const last = latest.state.healthLog.at(-1);
          const output = last ? ` Last check exited ${last.exitCode}: ${last.output.trim() || '(no output)'}` : '';
          throw new HealthcheckError(
            context.containerName,
            `reported unhealthy while waiting for healthy. Check the healthcheck command and the logs.${output}`,
          );
        }
      }
    },
  };
}
