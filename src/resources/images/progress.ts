import type { RawProgressEvent } from '../../engine/progress-types.js';

/**
 * How builds, pulls and pushes show progress:
 * - `tty`: one line, rewritten in place (step, or layers and bytes);
 * - `lines`: one line per build step or finished layer, for CI logs;
 * - `quiet`: nothing;
 * - `auto` (default): `tty` on a terminal outside CI, else `lines`.
 * `$SEAWORTHY_PROGRESS` sets the default.
 */
export type ProgressMode = 'auto' | 'tty' | 'lines' | 'quiet';

export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'tty', 'lines', 'quiet'];

/** Where progress goes: process.stderr unless given. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  readonly mode?: ProgressMode;
  readonly output?: ProgressOutput;
  /** Reads `SEAWORTHY_PROGRESS` and `CI`; `process.env` unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Shows one build, pull or push: feed it each engine message, then call `done()`. */
export interface ProgressReporter {
  readonly mode: Exclude<ProgressMode, 'auto'>;
  event(event: RawProgressEvent): void;
  /** Ends the display (a tty line gets its newline); `failed` marks it as failed. */
  done(failed?: boolean): void;
}

/** The mode `auto` stands for here, after `$SEAWORTHY_PROGRESS`. */
export function resolveProgressMode(options: ProgressOptions = {}): Exclude<ProgressMode, 'auto'> {
  const env = options.env ?? process.env;
  const fromEnv = env.SEAWORTHY_PROGRESS as ProgressMode | undefined;
  const mode = options.mode ?? (fromEnv && PROGRESS_MODES.includes(fromEnv) ? fromEnv : 'auto');
  if (mode !== 'auto') return mode;
  const output = options.output ?? process.stderr;
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return output.isTTY === true && !ci ? 'tty' : 'lines';
}

/** Statuses that end a layer's part in a pull or push. */
const LAYER_DONE = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from|Download complete)/;
const BUILD_STEP = /^Step \d+\/\d+ : /;

/**
 * A reporter for one action, named like `build web`, `pull redis:7` or
 * `push localhost:5000/app:1.2.3`; each line it writes starts with
 * `[seaworthy] <action>:`.
 */
export function progressReporter(action: string, options: ProgressOptions = {}): ProgressReporter {
  const mode = resolveProgressMode(options);
  const output = options.output ?? process.stderr;
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  let step = '';
  let last = '';
  let ended = false;
  const prefix = `[seaworthy] ${action}:`;

  const summary = (): string => {
    if (step) return step;
    if (layers.size === 0) return last;
    let current = 0;
    let total = 0;
    let done = 0;
    for (const layer of layers.values()) {
      current += layer.done ? layer.total || layer.current : layer.current;
      total += layer.total;
      if (layer.done) done += 1;
    }
    const bytes = total > 0 ? `, ${formatBytes(current)} / ${formatBytes(total)}` : '';
    return `${done}/${layers.size} layers${bytes}`;
  };
  const rewrite = () => output.write(`\r\x1b[K${truncate(`${prefix} ${summary()}`, 120)}`);
  const line = (text: string) => output.write(`${prefix} ${text}\n`);

  return {
    mode,
    event(event) {
      if (mode === 'quiet' || ended) return;
      const text = event.stream?.trim();
      if (text && BUILD_STEP.test(text)) {
        step = text;
        if (mode === 'lines') line(text);
        else rewrite();
        return;
      }
      const error = event.errorDetail?.message ?? event.error;
      if (error !== undefined) {
        if (mode === 'tty') output.write('\n');
        line(`error: ${error}`);
        return;
      }
      if (event.status === undefined) return;
      if (event.id === undefined || !/^[0-9a-f]{12,}$/.test(event.id)) {
        // A status about the whole image: `Digest: …`, `Status: Downloaded newer image…`, a push's tag.
        last = event.id ? `${event.id}: ${event.status}` : event.status;
        if (mode === 'lines') line(last);
        else rewrite();
        return;
      }
      const layer = layers.get(event.id) ?? { current: 0, total: 0, done: false };
      layers.set(event.id, layer);
      if (event.progressDetail?.total) layer.total = event.progressDetail.total;
      if (event.progressDetail?.current !== undefined) layer.current = event.progressDetail.current;
      if (LAYER_DONE.test(event.status) && !layer.done) {
        layer.done = event.status !== 'Download complete';
        if (mode === 'lines' && layer.done) line(`${event.id} ${event.status}`);
      }
      if (mode === 'tty') rewrite();
    },
    done(failed = false) {
      if (mode === 'quiet' || ended) return;
      ended = true;
      if (mode === 'tty') output.write(`\r\x1b[K${truncate(`${prefix} ${failed ? 'failed' : 'done'}`, 120)}\n`);
      else line(failed ? 'failed' : 'done');
    },
  };
}

/** `1.5 MB`, `320 kB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
