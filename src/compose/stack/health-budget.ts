import type { HealthcheckOptions } from '../../resources/definitions/container-options.js';

/** The engine's own defaults for a healthcheck field left out (Docker's HEALTHCHECK defaults). */
const ENGINE_DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0 } as const;
/** Never less than this, as for any other wait. */
const FLOOR_MS = 30_000;
/** Room for the engine to run the last check and report it. */
const MARGIN_MS = 10_000;

/**
 * How long a `service_healthy` dependency may take, when no startup timeout
 * is given: as long as its own healthcheck can keep answering "starting"
 * (the start period, then every retry's interval and timeout), as docker
 * compose waits until the check says healthy or unhealthy. A check with many
 * retries on a slow service (a JVM on a busy CI machine) gets the time it
 * asks for instead of a fixed 30 s. The wait ends at once on healthy, and
 * fails at once on unhealthy, so a generous bound costs nothing.
 */
export function healthBudgetMs(healthcheck: HealthcheckOptions | 'disabled' | undefined): number {
  const check: Partial<HealthcheckOptions> = healthcheck === undefined || healthcheck === 'disabled' ? {} : healthcheck;
  const interval = check.intervalMs || ENGINE_DEFAULTS.intervalMs;
  const timeout = check.timeoutMs || ENGINE_DEFAULTS.timeoutMs;
  const retries = check.retries || ENGINE_DEFAULTS.retries;
  const start = check.startPeriodMs ?? ENGINE_DEFAULTS.startPeriodMs;
  return Math.max(FLOOR_MS, start + retries * (interval + timeout) + MARGIN_MS);
}
