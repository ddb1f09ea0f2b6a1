import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';

/** A container port: `8080`, `'8080'`, `'8080/tcp'` or `'53/udp'`. */
export type PortSpec = number | `${number}` | `${number}/tcp` | `${number}/udp`;

/** Normalise to the engine's `"<port>/<proto>"` key, validating the range. */
export function portKey(spec: PortSpec | string, option = 'port'): string {
  const text = String(spec).trim();
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(text);
  const port = match ? Number(match[1]) : Number.NaN;
  if (!match || port < 1 || port > 65535) {
    throw new InvalidOptionError(
      option,
      `${describeValue(spec)} is not a container port; use a number from 1 to 65535, optionally with /tcp or /udp (e.g. 8080, '53/udp')`,
    );
  }
  return `${port}/${match[2] ?? 'tcp'}`;
}
