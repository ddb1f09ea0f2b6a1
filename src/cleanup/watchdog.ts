import { type ChildProcess, spawn } from 'node:child_process';
import { parse } from 'node:path';
import type { EngineEndpoint } from '../engine/endpoint.js';
import { WatchdogStartError } from '../errors/index.js';
import { WATCHDOG_SOURCE } from './watchdog-source.js';

/** What the watchdog needs to find and remove one helper's resources. */
export interface WatchdogConfig {
  readonly endpoint: EngineEndpoint;
  /** Where ca.pem, cert.pem and key.pem are, for a TLS endpoint. */
  readonly certDir: string;
  /** The resources to remove carry all of these (`key=value`). */
  readonly labels: readonly string[];
  /** The helper's namespace: names the watchdog process (`ps`) and its log lines. */
  readonly name: string;
  /** Append one JSON line per removal here. */
  readonly logFile?: string | undefined;
}

/** A running watchdog, tied to this process through its stdin. */
export interface Watchdog {
  /** Its process id; `undefined` if it could not be started. */
  readonly pid: number | undefined;
  /** Teardown succeeded: tell it to exit without removing anything. */
  release(): void;
  /** Teardown failed: close its stdin without "done", so it removes what is left now. */
  abandon(): void;
}

/**
 * Start the watchdog for one helper: a detached Node process (its own process
 * group, so a terminal's Ctrl-C reaches the tests but not it) that removes the
 * helper's resources when this process dies without `release()`. It never
 * keeps this process alive. If it cannot start, `onProblem` gets a
 * {@link WatchdogStartError} and the helper works without it.
 */
export function startWatchdog(config: WatchdogConfig, onProblem: (error: WatchdogStartError) => void): Watchdog {
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, JSON.stringify({ ...config, parentPid: process.pid })], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // The root: never pins a directory a test may want to delete.
      cwd: parse(process.cwd()).root,
      env: watchdogEnv(process.env),
      windowsHide: true,
    });
  } catch (error) {
    onProblem(new WatchdogStartError(config.name, error));
    return { pid: undefined, release() {}, abandon() {} };
  }
  let settled = false;
  child.once('error', (error) => {
    if (!settled) onProblem(new WatchdogStartError(config.name, error));
    settled = true;
  });
  child.once('exit', (code, signal) => {
    if (!settled) onProblem(new WatchdogStartError(config.name, new Error(`it exited early (${signal ?? code})`)));
    settled = true;
  });
  // Writes after the watchdog is gone fail with EPIPE; that is reported through 'exit'.
  child.stdin?.on('error', () => {});
  child.unref();
  (child.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null)?.unref?.();
  return {
    pid: child.pid,
    release() {
      if (settled) return;
      settled = true;
      child.stdin?.end('done\n');
    },
    abandon() {
      if (settled) return;
      settled = true;
      child.stdin?.end();
    },
  };
}

/**
 * The environment without what would make a bare `node -e` do more than run
 * the script: loaders and inspector flags in NODE_OPTIONS (tsx, --inspect),
 * coverage collection.
 */
export function watchdogEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, NODE_V8_COVERAGE: _coverage, ...rest } = env;
  return rest;
}
