import { type ChildProcessByStdio, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { errorMessage } from '../../../src/errors/index.js';
import { isCi } from '../../../src/fixtures/docker-gate.js';
import { Engine } from '../../../src/tools.js';

const run = promisify(execFile);
const SETTLE_DEADLINE_MS = 300_000;
const script = join(import.meta.dirname, 'private-daemon.sh');

/**
 * A second dockerd of our own (private-daemon.sh), so a test can kill and
 * restart a daemon without touching the one every other test shares. It has
 * its own socket, data root, exec root and pidfile under one directory in
 * /tmp, and its own network namespace.
 *
 * A guard process (`private-daemon.sh guard`) holds a pipe from this process:
 * when `stop()` closes it, or when this process dies in any way, the guard
 * stops the daemon and everything it started, unmounts and removes the
 * directory and the namespace.
 */
export class PrivateDaemon {
  private constructor(
    readonly dir: string,
    private readonly guard: ChildProcessByStdio<Writable, null, null>,
    private readonly guardExited: Promise<void>,
  ) {}

  /** `unix://…`, for DOCKER_HOST or the engine's `host` option. */
  get host(): string {
    return `unix://${join(this.dir, 'docker.sock')}`;
  }

  /** Start one, with `images` copied in from the shared daemon (`docker save | docker load`). */
  static async start(images: readonly string[] = []): Promise<PrivateDaemon> {
    const dir = `/tmp/sw-private-dockerd-${randomBytes(4).toString('hex')}`;
    // The guard first: whatever happens from here on, the directory is removed.
    const guard = spawn('bash', [script, 'guard', dir], { detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
    const guardExited = new Promise<void>((resolve) => guard.once('exit', () => resolve()));
    guard.unref();
    const daemon = new PrivateDaemon(dir, guard, guardExited);
    try {
      await daemon.script('start');
      await daemon.settled();
      for (const image of images) await daemon.load(image);
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return daemon;
  }

  /** SIGKILL the daemon, as a crash would, and wait until it and its containerd are gone. */
  async kill(): Promise<void> {
    await this.script('kill');
  }

  /** Start it again on the same directories, and wait until it answers. */
  async restart(): Promise<void> {
    await this.script('start');
    await this.settled();
  }

  /**
   * Make sure it runs and answers, starting it again if a test killed it and
   * failed before restarting it (so one failure does not fail the next tests).
   */
  async up(): Promise<void> {
    await this.script('up');
    await this.settled();
  }

  /**
   * Wait until it answers what a helper asks first (`GET /version`, then a
   * list). A restarted dockerd answers its ping before it has finished
   * coming back; under load, the 3 s a helper gives an engine to answer is
   * then not enough. Generous: a shared CI machine can be very slow.
   */
  private async settled(): Promise<void> {
    const deadline = Date.now() + SETTLE_DEADLINE_MS;
    for (;;) {
      try {
        const engine = await Engine.connect({ host: this.host, connectTimeoutMs: 30_000 });
        await engine.listByLabel('dev.seaworthy.private-daemon-probe');
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`the private dockerd did not answer within ${SETTLE_DEADLINE_MS} ms`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Copy an image from the shared daemon into this one. */
  async load(image: string): Promise<void> {
    await run('bash', ['-c', 'set -o pipefail; docker save "$1" | docker --host "$2" load -q', '-', image, this.host], {
      maxBuffer: 10_000_000,
    });
  }

  /** Stop it and remove everything it had. Idempotent. */
  async stop(): Promise<void> {
    this.guard.stdin.end();
    await this.guardExited;
  }

  private async script(command: 'start' | 'up' | 'kill'): Promise<void> {
    try {
      await run('bash', [script, command, this.dir], { maxBuffer: 10_000_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`private-daemon.sh ${command} failed: ${(error as Error).message}\n${stderr}`, { cause: error });
    }
  }
}

/**
 * One private daemon for a test file, started before its tests (with
 * `images` loaded) and stopped after them. If it cannot be started here (no
 * root, no dockerd), the file's tests are skipped with the reason; with `CI`
 * set, `beforeAll` fails instead, so CI never skips them silently.
 */
export function usePrivateDaemon(images: readonly string[]): {
  /** The daemon, inside a test; skips the test (outside CI) when there is none. */
  get(context: { skip(note?: string): void }): PrivateDaemon;
} {
  let daemon: PrivateDaemon | undefined;
  let unavailable = 'the private dockerd was not started';
  beforeAll(async () => {
    try {
      daemon = await PrivateDaemon.start(images);
    } catch (error) {
      if (isCi(process.env)) throw error;
      unavailable = `needs a second dockerd, which could not be started here: ${errorMessage(error)}`;
    }
  }, 600_000);
  // A test that killed the daemon and then failed leaves it down: bring it back for the next one.
  afterEach(async () => {
    await daemon?.up();
  }, 600_000);
  afterAll(async () => {
    await daemon?.stop();
  }, 120_000);
  return {
    get(context) {
      if (!daemon) {
        context.skip(unavailable);
        throw new Error(unavailable);
      }
      return daemon;
    },
  };
}
