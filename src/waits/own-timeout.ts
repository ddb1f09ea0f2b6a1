import { assertTimeout } from '../resources/readiness.js';

/**
 * The `timeoutMs` field of a wait strategy that has its own time limit,
 * checked when the strategy is made (a zero, negative or non-number limit
 * fails there, not when a container starts).
 */
export function ownTimeout(name: string, timeoutMs: number | undefined): { timeoutMs?: number } {
  if (timeoutMs === undefined) return {};
  assertTimeout(`${name} timeoutMs`, timeoutMs);
  return { timeoutMs };
}
