import type { ComposeModel } from '../model.js';
import type { PublishedPort, PublishedService } from './host-env.js';
import type { RunStack } from './run-project.js';

/**
 * The published addresses of the running services (the first replica of a
 * scaled one), in the model's order, each port in the order the file lists
 * it. A port the engine did not publish is left out.
 */
export function publishedServices(
  model: ComposeModel,
  stack: RunStack,
  services: readonly string[],
): PublishedService[] {
  const result: PublishedService[] = [];
  for (const name of services) {
    const container = stack.replicas(name)[0];
    const service = model.services[name];
    if (!container || !service) continue;
    const ports: PublishedPort[] = [];
    for (const port of service.ports) {
      try {
        ports.push({
          target: port.target,
          protocol: port.protocol,
          hostPort: container.hostPort(`${port.target}/${port.protocol}`),
        });
      } catch {
        // Not published (e.g. a UDP port on an engine that refused it): nothing to say about it.
      }
    }
    result.push({ name, host: container.host, ports });
  }
  return result;
}
