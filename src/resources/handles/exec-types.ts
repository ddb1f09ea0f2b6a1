/** Output of a command run in the container. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * stdout and stderr together, in the order the engine sent them (with
   * `tty: true`, everything the terminal showed, which is also `stdout`).
   */
  readonly output: string;
}

export interface ExecOptions {
  /** User (name or uid[:gid]) to run as. @default the container's user */
  readonly user?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. @default the container's */
  readonly workdir?: string;
  /** Stops waiting for the command when aborted (the process is not killed; see `timeoutMs`). */
  readonly signal?: AbortSignal;
  /** Written to the command's stdin, which is then closed. @default stdin is not attached */
  readonly stdin?: string | Buffer;
  /**
   * Run it on a terminal: output comes raw (stderr is merged into stdout,
   * line ends are `\r\n`), and `stdin` is echoed. @default false
   */
  readonly tty?: boolean;
  /**
   * Give up after this long: the exec is abandoned, its processes are
   * killed (see docs/exec.md for how, and the limits) and it fails with
   * `ExecTimeoutError`. @default no limit
   */
  readonly timeoutMs?: number;
}

/**
 * A command started with `container.execDetached()`, still running or
 * done. Its output is collected as it comes; `wait()` gives the result.
 */
export interface DetachedExec {
  /** The engine's exec id. */
  readonly id: string;
  readonly command: readonly string[];
  /** Resolves once it has finished, with its exit code and output (or rejects, e.g. `ExecTimeoutError`). */
  wait(): Promise<ExecResult>;
  /** Its exit code, once it has finished. */
  exitCode(): Promise<number>;
  /** Whether the engine still reports it running (one request). */
  running(): Promise<boolean>;
  /** stdout and stderr so far, in the order the engine sent them. */
  outputSoFar(): string;
  /**
   * Kill its processes (SIGKILL, from inside the container; see docs/exec.md).
   * Resolves with whether the engine then reports it ended.
   */
  kill(): Promise<boolean>;
}
