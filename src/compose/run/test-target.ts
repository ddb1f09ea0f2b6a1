import { RunTargetError } from '../../errors/index.js';

/** What `seaworthy run` runs as the test, once the stack is up. */
export type TestTarget =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'command'; readonly command: string; readonly args: readonly string[] };

/** The services tried, in order, when neither `--service` nor a command is given. */
export const DEFAULT_TEST_SERVICES = ['tests', 'test'];

/**
 * The test to run: the host command after `--` if there is one, else
 * `--service`, else the service named `tests` or `test`. Throws
 * {@link RunTargetError} when `--service` names no service of the files, or
 * when nothing fits.
 */
export function testTarget(
  given: { readonly service?: string; readonly command?: readonly string[] },
  services: readonly string[],
): TestTarget {
  const [command, ...args] = given.command ?? [];
  if (command !== undefined) return { kind: 'command', command, args };
  if (given.service !== undefined) {
    if (!services.includes(given.service)) throw new RunTargetError(given.service, services);
    return { kind: 'service', service: given.service };
  }
  const found = DEFAULT_TEST_SERVICES.find((name) => services.includes(name));
  if (found === undefined) throw new RunTargetError(undefined, services);
  return { kind: 'service', service: found };
}
