import type { ComposeService } from '../model.js';

/*
 * Profiles: a service with no `profiles:` is always active; one with profiles
 * only when one of them is enabled (`*` enables all). A service an active
 * service depends on (`depends_on` with `required: true`, `links`,
 * `volumes_from`, `network_mode: service:…`) is activated too; a
 * `required: false` dependency on a service that is not active (or not
 * there at all) is dropped.
 */

/** `COMPOSE_PROFILES=a,b` as a list. */
export function profilesFromVariable(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The active services, their dependency maps without dropped optional dependencies. */
export function activeServices(
  services: Readonly<Record<string, ComposeService>>,
  enabled: readonly string[],
): Record<string, ComposeService> {
  const all = enabled.includes('*');
  const active = new Set(
    Object.values(services)
      .filter((s) => s.profiles.length === 0 || all || s.profiles.some((p) => enabled.includes(p)))
      .map((s) => s.name),
  );
  const queue = [...active];
  while (queue.length > 0) {
    const service = services[queue.shift() as string] as ComposeService;
    for (const [dep, spec] of Object.entries(service.dependsOn)) {
      if (spec.required && services[dep] && !active.has(dep)) {
        active.add(dep);
        queue.push(dep);
      }
    }
  }
  const out: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(services)) {
    if (!active.has(name)) continue;
    const dependsOn = Object.fromEntries(Object.entries(service.dependsOn).filter(([dep]) => active.has(dep)));
    out[name] = { ...service, dependsOn };
  }
  return out;
}
