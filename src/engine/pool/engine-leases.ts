import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import pRetry, { AbortError } from 'p-retry';
import { EngineLeaseError } from '../../errors/index.js';

/**
 * Which engine each worker of this machine uses, as one small file per
 * worker (process id and thread) in a shared directory: the engine's key and
 * how many of the worker's helpers hold it now. A worker keeps its engine
 * for its lifetime: a file with no holders left still says which engine the
 * worker used, so its next helper goes there again, but counts as no load.
 * Files of processes that no longer run are deleted when read.
 */
export interface LeaseRecord {
  readonly pid: number;
  readonly thread: number;
  /** The engine's key (see {@link engineKey}). */
  readonly engine: string;
  /** Helpers of this worker holding the engine now; 0: only a preference. */
  readonly holders: number;
}

export interface LeaseEnv {
  /** The lease directory. @default `<tmpdir>/seaworthy-engines` */
  readonly SEAWORTHY_ENGINE_LEASES?: string;
}

/** Where lease files are kept. */
export function leaseDirectory(env: LeaseEnv): string {
  return env.SEAWORTHY_ENGINE_LEASES?.trim() || join(tmpdir(), 'seaworthy-engines');
}

/** How long a lock may be held before it is taken as left by a killed process. */
const STALE_LOCK_MS = 10_000;
/** Not a lease: when each engine was last picked (ends in .picks, so lease reading skips it). */
const PICKS_FILE = 'last-picked.picks';

export class EngineLeases {
  private readonly me: { pid: number; thread: number };

  constructor(
    private readonly dir: string,
    private readonly isAlive: (pid: number) => boolean = processRuns,
    self: { pid: number; thread: number } = { pid: process.pid, thread: threadId },
  ) {
    this.me = self;
  }

  /**
   * Under the directory's lock: read every live lease, let `choose` pick an
   * engine key from them (or none), and hold it for this worker.
   */
  async acquire(
    choose: (
      leases: readonly LeaseRecord[],
      mine: LeaseRecord | undefined,
      lastPicked: ReadonlyMap<string, number>,
    ) => string | undefined,
  ) {
    return this.locked(() => {
      const leases = this.readLive();
      const mine = leases.find((l) => l.pid === this.me.pid && l.thread === this.me.thread);
      const others = leases.filter((l) => l !== mine);
      const picks = this.readPicks();
      const engine = choose(others, mine, new Map(Object.entries(picks.engines)));
      if (engine === undefined) return undefined;
      const holders = mine?.engine === engine ? mine.holders + 1 : 1;
      this.write({ ...this.me, engine, holders });
      if (mine?.engine !== engine) {
        // Which engine a new worker took last: the next tie goes to another one, also when workers come one by one.
        const next = picks.next + 1;
        this.writeFile(join(this.dir, PICKS_FILE), { next, engines: { ...picks.engines, [engine]: next } });
      }
      return engine;
    });
  }

  /** When each engine was last taken by a new worker (a counter), kept under the lock. */
  private readPicks(): { next: number; engines: Record<string, number> } {
    try {
      const value = JSON.parse(readFileSync(join(this.dir, PICKS_FILE), 'utf8')) as {
        next?: unknown;
        engines?: Record<string, unknown>;
      };
      const engines = Object.fromEntries(
        Object.entries(value.engines ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
      return { next: typeof value.next === 'number' ? value.next : 0, engines };
    } catch {
      return { next: 0, engines: {} };
    }
  }

  /** One helper of this worker lets its engine go; the worker still prefers it next time. */
  async release(engine: string): Promise<void> {
    await this.locked(() => {
      const mine = this.readLive().find((l) => l.pid === this.me.pid && l.thread === this.me.thread);
      if (mine?.engine !== engine) return;
      this.write({ ...mine, holders: Math.max(0, mine.holders - 1) });
    });
  }

  /** Forget this worker's lease on `engine` altogether (it did not answer). */
  async drop(engine: string): Promise<void> {
    await this.locked(() => {
      const file = this.fileOf(this.me);
      const mine = this.readLive().find((l) => l.pid === this.me.pid && l.thread === this.me.thread);
      if (mine?.engine !== engine) return;
      if (mine.holders > 1) this.write({ ...mine, holders: mine.holders - 1 });
      else rmSync(file, { force: true });
    });
  }

  /** Live leases, deleting the files of processes that are gone. */
  readLive(): LeaseRecord[] {
    const out: LeaseRecord[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const file = join(this.dir, name);
      const record = readRecord(file);
      if (!record) continue;
      if (!this.isAlive(record.pid)) {
        rmSync(file, { force: true });
        continue;
      }
      out.push(record);
    }
    return out;
  }

  private write(record: LeaseRecord): void {
    this.writeFile(this.fileOf(record), record);
  }

  private writeFile(file: string, value: unknown): void {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(value));
    // Same directory, so the rename is atomic: readers see the old file or the new one.
    renameSync(temporary, file);
  }

  private fileOf(who: { pid: number; thread: number }): string {
    return join(this.dir, `${who.pid}-${who.thread}.json`);
  }

  private async locked<T>(body: () => T): Promise<T> {
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new EngineLeaseError(this.dir, error);
    }
    const lock = join(this.dir, '.lock');
    await pRetry(
      () => {
        try {
          mkdirSync(lock);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new AbortError(error as Error);
          if (ageMs(lock) > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
          throw new Error('lease directory locked');
        }
      },
      { retries: 400, minTimeout: 5, maxTimeout: 50, factor: 1.3, randomize: true },
    ).catch((error: unknown) => {
      throw new EngineLeaseError(this.dir, error);
    });
    try {
      return body();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function readRecord(file: string): LeaseRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LeaseRecord>;
    if (typeof value.pid !== 'number' || typeof value.engine !== 'string') return undefined;
    return { pid: value.pid, thread: value.thread ?? 0, engine: value.engine, holders: value.holders ?? 0 };
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether a process runs (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
