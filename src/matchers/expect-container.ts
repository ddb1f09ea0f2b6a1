import { InvalidOptionError } from '../errors/index.js';
import { Container } from '../resources/handles/container.js';
import { describeValue } from './matcher-result.js';

/** The received value as a Container, or a clear error naming the matcher. */
export function expectContainer(received: unknown, matcher: string): Container {
  if (received instanceof Container) return received;
  throw new InvalidOptionError(
    'received',
    `${matcher} needs a seaworthy Container (the value a fixture or definition.setup() gives), got ${describeValue(received)}`,
  );
}
