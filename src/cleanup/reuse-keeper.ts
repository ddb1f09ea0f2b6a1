import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { parse } from 'node:path';
import { debugLogger } from '../debug/logger.js';
import type { EngineEndpoint } from '../engine/endpoint.js';
import { WatchdogStartError } from '../errors/index.js';
import { keeperAlive, type ReuseFiles } from './reuse-files.js';
import { REUSE_KEEPER_SOURCE } from './reuse-keeper-source.js';
import { watchdogEnv } from './watchdog.js';

const log = debugLogger('cleanup');

/** What a keeper needs to watch and, once idle, remove one reused container. */
export interface ReuseKeeperConfig {
  readonly endpoint: EngineEndpoint;
  readonly certDir: string;
  /** The container's id. */
  readonly id: string;
  /** Names the keeper process (`ps`) and its log lines: the container's name. */
  readonly name: string;
  readonly files: ReuseFiles;
  readonly idleMs: number;
  readonly logFile?: string | undefined;
}

/**
 * Make sure a keeper runs for this reused container: start one (detached,
 * never keeping this process alive) unless its pid file names a live one.
 * A keeper that cannot start is reported through `onProblem` as a
 * {@link WatchdogStartError}; the container then stays until `seaworthy
 * leftovers --reused` removes it, or a later run starts a keeper.
 */
export async function ensureReuseKeeper(
  config: ReuseKeeperConfig,
  onProblem: (error: WatchdogStartError) => void = (problem) => process.emitWarning(problem),
): Promise<void> {
  // The keeper speaks unix and tcp only: on an ssh engine idle reused containers wait for `seaworthy leftovers --reused`.
  if (config.endpoint.kind === 'ssh' || (await keeperAlive(config.files))) return;
  await mkdir(config.files.dir, { recursive: true }).catch(() => undefined);
  try {
    // Its log lines say they are the keeper's (the watchdog's share the log file).
    const program = JSON.stringify({ ...config, logExtra: { keeper: true } });
    const child = spawn(process.execPath, ['-e', REUSE_KEEPER_SOURCE, program], {
      detached: true,
      stdio: 'ignore',
      cwd: parse(process.cwd()).root,
      env: watchdogEnv(process.env),
      windowsHide: true,
    });
    child.once('error', (error) => onProblem(new WatchdogStartError(config.name, error)));
    child.unref();
    // Written here too (the keeper writes it as it starts), so a run just after this one sees it at once.
    if (child.pid !== undefined) await writeFile(config.files.keeper, String(child.pid)).catch(() => undefined);
    log('%s: reuse keeper started (pid %s, idle %d ms)', config.name, child.pid, config.idleMs);
  } catch (error) {
    onProblem(new WatchdogStartError(config.name, error));
  }
}
