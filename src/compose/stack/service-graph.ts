import { ComposeServiceError, InvalidOptionError } from '../../errors/index.js';
import type { ComposeModel, ComposeService, DependsOnCondition } from '../model.js';

/**
 * Which services a service needs before it can start, and with which
 * condition: its `depends_on` entries, the services it takes volumes from
 * (`volumes_from`) and the one whose network it shares
 * (`network_mode: service:<name>`), those two as `service_started` unless
 * `depends_on` asks for more. A dependency with `required: false` that is
 * not in the model (a disabled profile) is left out. Pure.
 */
export function directDependencies(
  model: ComposeModel,
  service: ComposeService,
): ReadonlyMap<string, DependsOnCondition> {
  const out = new Map<string, DependsOnCondition>();
  for (const [name, dependency] of Object.entries(service.dependsOn)) {
    if (!model.services[name]) {
      if (!dependency.required) continue;
      throw new ComposeServiceError(
        name,
        'unknown',
        `is not defined in the compose files, but service '${service.name}' depends on it. ` +
          `Defined: ${Object.keys(model.services).join(', ') || 'none'}.`,
      );
    }
    out.set(name, dependency.condition);
  }
  const implied = [
    ...service.volumesFrom.flatMap((entry) => ('service' in entry.source ? [entry.source.service] : [])),
    ...(service.networkMode?.startsWith('service:') ? [service.networkMode.slice('service:'.length)] : []),
  ];
  for (const name of implied) {
    if (!model.services[name]) {
      throw new ComposeServiceError(
        name,
        'unknown',
        `is not defined in the compose files, but service '${service.name}' uses it (volumes_from or network_mode).`,
      );
    }
    if (!out.has(name)) out.set(name, 'service_started');
  }
  return out;
}

/**
 * `names` and everything they need, transitively, in the model's service
 * order. Throws for a name the model does not define, or for a dependency cycle.
 */
export function dependencyClosure(model: ComposeModel, names: Iterable<string>, option = 'services'): string[] {
  const wanted = new Set<string>();
  const visit = (name: string, path: readonly string[]) => {
    if (path.includes(name)) {
      throw new InvalidOptionError(
        `services.${name}.depends_on`,
        `is a dependency cycle: ${[...path.slice(path.indexOf(name)), name].join(' -> ')}; compose can't start any of them first`,
      );
    }
    if (wanted.has(name)) return;
    const service = model.services[name];
    if (!service) throw unknownService(model, name, option);
    for (const dependency of directDependencies(model, service).keys()) visit(dependency, [...path, name]);
    wanted.add(name);
  };
  for (const name of names) visit(name, []);
  return Object.keys(model.services).filter((name) => wanted.has(name));
}

/** The error for a service name the model does not define, naming the option it came from. */
export function unknownService(model: ComposeModel, name: string, option: string): ComposeServiceError {
  return new ComposeServiceError(
    name,
    'unknown',
    `(given in \`${option}\`) is not defined in the compose files. ` +
      `Defined: ${Object.keys(model.services).join(', ') || 'none'}.`,
  );
}
