/**
 * Debug logging through the `debug` package: `DEBUG=seaworthy*` turns every
 * namespace on, `DEBUG=seaworthy:engine,seaworthy:wait` picks some (see
 * docs/debugging.md). A leaf module: it imports nothing from the rest of src.
 *
 * A logger is `debug`'s own instance (stateless configuration; `debug` keeps
 * which namespaces are on). Check `log.enabled` before building an expensive
 * message; anything that may carry user values goes through `redact` first.
 */
import createDebug from 'debug';

/** The parts of seaworthy that log, one namespace each (`seaworthy:<area>`). */
export type LogArea =
  | 'engine'
  | 'wait'
  | 'host'
  | 'launch'
  | 'helper'
  | 'cleanup'
  | 'reaper'
  | 'faults'
  | 'compose'
  | 'reuse';

/** A `printf`-style logger (`%s`, `%d`, `%j`, `%o`), silent unless its namespace is enabled. */
export interface Logger {
  (format: string, ...args: unknown[]): void;
  /** Whether this namespace prints; check it before building costly arguments. */
  readonly enabled: boolean;
  readonly namespace: string;
}

/** The logger for one area: `debugLogger('engine')` prints under `seaworthy:engine`. */
export function debugLogger(area: LogArea): Logger {
  return createDebug(`seaworthy:${area}`);
}

/** docker-modem's own namespace: every raw request and response, container env included. */
export const DOCKER_MODEM_NAMESPACE = 'modem';

/**
 * Turn docker-modem's raw request logging off when only a wildcard turned it
 * on (`DEBUG=*`, `DEBUG=mod*`), so `DEBUG=*` does not print every container's
 * env, passwords included. Naming it (`DEBUG=*,modem`) keeps it on. Other
 * namespaces are untouched: the rule `-modem` is appended to what is enabled
 * (which `debug` also writes back to `process.env.DEBUG`, so child processes
 * inherit it). Returns whether it changed anything.
 */
export function quietDockerModem(debug: createDebug.Debug = createDebug): boolean {
  if (!debug.enabled(DOCKER_MODEM_NAMESPACE)) return false;
  const current = (debug as createDebug.Debug & { namespaces?: string }).namespaces ?? '';
  const rules = current.split(/[\s,]+/).filter(Boolean);
  if (rules.some((rule) => rule.startsWith(DOCKER_MODEM_NAMESPACE))) return false;
  debug.enable([...rules, `-${DOCKER_MODEM_NAMESPACE}`].join(','));
  return true;
}
