import type { ComposeModel, DependsOnCondition } from '../model.js';
import { RUN_PREFIX } from './run-report.js';

const STRENGTH: readonly DependsOnCondition[] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

/**
 * What "ready" meant for each started service: the strictest `depends_on`
 * condition put on it by a `dependant` (a service started with it, or the
 * test service), since the stack waits for a condition when it starts the
 * service that asks for it.
 */
export function readinessOf(
  model: ComposeModel,
  services: readonly string[],
  dependants: readonly string[],
): Map<string, DependsOnCondition> {
  const conditions = new Map<string, DependsOnCondition>(services.map((name) => [name, 'service_started']));
  for (const dependant of dependants) {
    for (const [name, dependency] of Object.entries(model.services[dependant]?.dependsOn ?? {})) {
      const current = conditions.get(name);
      if (current !== undefined && STRENGTH.indexOf(dependency.condition) > STRENGTH.indexOf(current)) {
        conditions.set(name, dependency.condition);
      }
    }
  }
  return conditions;
}

const WORDS: Readonly<Record<DependsOnCondition, string>> = {
  service_started: 'started',
  service_healthy: 'healthy',
  service_completed_successfully: 'completed successfully',
};

/** One line per started service: `seaworthy:   db    healthy (service_healthy)`. */
export function readinessLines(
  model: ComposeModel,
  services: readonly string[],
  dependants: readonly string[],
): string[] {
  const width = Math.max(0, ...services.map((s) => s.length));
  return [...readinessOf(model, services, dependants)].map(
    ([name, condition]) => `${RUN_PREFIX}   ${name.padEnd(width)}  ${WORDS[condition]} (${condition})`,
  );
}
