import { debugLogger } from '../debug/logger.js';
import type { EngineClient } from '../engine/client.js';
import { type CertEnv, endpointCertDirectory } from '../engine/endpoint.js';
import { InvalidOptionError } from '../errors/index.js';
import { HELPER_ID_LABEL, LABELS } from '../labels.js';
import { teardownOnDisconnect } from './orphan.js';
import { currentPlace, isProcessAlive } from './owner.js';
import { reapDeadOwners } from './reaper.js';
import { teardownOnSignals } from './signals.js';
import { startWatchdog } from './watchdog.js';

const log = debugLogger('cleanup');
const reaperLog = debugLogger('reaper');

/** How a helper makes sure its resources go away even when its process does not end well. */
export interface CleanupOptions {
  /**
   * Start a watchdog process that removes this helper's resources if this
   * process dies without `teardown()` (SIGKILL, a crash, `process.exit()`).
   * @default true, or $SEAWORTHY_WATCHDOG
   */
  readonly watchdog?: boolean;
  /**
   * At `create()`, remove in the background what dead processes on this host
   * left behind. @default true, or $SEAWORTHY_REAP
   */
  readonly reap?: boolean;
  /**
   * On SIGINT or SIGTERM, tear down before the process dies, then die by the
   * same signal; in a test runner's worker process, also tear down when the
   * runner goes away (its IPC channel closes), then exit. @default true
   */
  readonly signals?: boolean;
}

export interface CleanupEnv extends CertEnv {
  /** `false` turns the watchdog off. */
  readonly SEAWORTHY_WATCHDOG?: string;
  /** `false` turns the reaper off. */
  readonly SEAWORTHY_REAP?: string;
  /** A file the watchdog appends one JSON line to per resource it removes. */
  readonly SEAWORTHY_CLEANUP_LOG?: string;
}

export interface ResolvedCleanup {
  readonly watchdog: boolean;
  readonly reap: boolean;
  readonly signals: boolean;
  readonly logFile: string | undefined;
}

/** Options, then environment, then defaults; validated before anything connects. */
export function resolveCleanupOptions(options: CleanupOptions = {}, env: CleanupEnv = {}): ResolvedCleanup {
  for (const key of Object.keys(options)) {
    if (!['watchdog', 'reap', 'signals'].includes(key)) {
      throw new InvalidOptionError(`cleanup.${key}`, 'unknown option (known: watchdog, reap, signals)');
    }
  }
  for (const key of ['watchdog', 'reap', 'signals'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new InvalidOptionError(`cleanup.${key}`, `${JSON.stringify(options[key])} must be true or false`);
    }
  }
  return {
    watchdog: options.watchdog ?? envFlag(env, 'SEAWORTHY_WATCHDOG') ?? true,
    reap: options.reap ?? envFlag(env, 'SEAWORTHY_REAP') ?? true,
    signals: options.signals ?? true,
    logFile: env.SEAWORTHY_CLEANUP_LOG?.trim() || undefined,
  };
}

function envFlag(env: CleanupEnv, name: 'SEAWORTHY_WATCHDOG' | 'SEAWORTHY_REAP'): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new InvalidOptionError(name, `${JSON.stringify(env[name])} must be true or false`);
}

/** The crash-safety of one live helper. */
export interface HelperCleanup {
  /**
   * Call once teardown has finished. Removes the signal and disconnect listeners, waits for
   * the reaper, and lets the watchdog go: quietly if teardown succeeded; if it
   * failed, the watchdog tries once more to remove what is left.
   */
  finish(teardownSucceeded: boolean): Promise<void>;
}

export interface HelperCleanupInput {
  /** The helper's engine: the reaper lists and removes through it; the watchdog gets its endpoint. */
  readonly engine: EngineClient;
  readonly env: CleanupEnv;
  readonly namespace: string;
  /** The helper's labels; the watchdog removes what carries its namespace, pid, host and helper id. */
  readonly labels: Readonly<Record<string, string>>;
  readonly settings: ResolvedCleanup;
  readonly teardown: () => Promise<void>;
}

/** Start the watchdog, the reaper and the signal listeners of a new helper. Never throws. */
export function startHelperCleanup(input: HelperCleanupInput): HelperCleanup {
  const { settings } = input;
  // The watchdog speaks unix and tcp only; after a crash on an ssh engine, leftovers or the reaper clean up (docs/engine.md#ssh).
  const watchdog =
    settings.watchdog && input.engine.endpoint.kind !== 'ssh'
      ? startWatchdog(
          {
            endpoint: input.engine.endpoint,
            certDir: endpointCertDirectory(input.engine.endpoint, input.env),
            labels: [LABELS.namespace, LABELS.pid, LABELS.host, HELPER_ID_LABEL].map(
              (key) => `${key}=${input.labels[key] ?? ''}`,
            ),
            name: input.namespace,
            logFile: settings.logFile,
          },
          (problem) => process.emitWarning(problem),
        )
      : undefined;
  const reaping = settings.reap
    ? reapDeadOwners(input.engine, currentPlace(), isProcessAlive).catch((error) =>
        reaperLog('reaping failed: %s', (error as Error)?.message),
      )
    : undefined;
  const stopListening = settings.signals ? teardownOnSignals(input.teardown) : undefined;
  const stopWatchingParent = settings.signals ? teardownOnDisconnect(input.teardown) : undefined;
  log(
    '%s: watchdog %s, reaper %s, signal teardown %s',
    input.namespace,
    watchdog ? `pid ${watchdog.pid}` : 'off',
    settings.reap ? 'started' : 'off',
    settings.signals ? 'on' : 'off',
  );
  let finished: Promise<void> | undefined;
  return {
    finish(teardownSucceeded) {
      finished ??= (async () => {
        stopListening?.();
        stopWatchingParent?.();
        if (teardownSucceeded) watchdog?.release();
        else watchdog?.abandon();
        if (watchdog)
          log('%s: watchdog %s', input.namespace, teardownSucceeded ? 'released' : 'told to remove what is left');
        await reaping;
      })();
      return finished;
    },
  };
}
