import type { ProcessSpec } from '../processes/process-spec.js';
import type { PortSpec } from '../resources/definitions/ports.js';
import type { LogPattern } from '../waits/pattern.js';
import { toHaveExitCode, toHaveStderr, toHaveStdout } from './exec-matchers.js';
import { type FileExpectation, toHaveFile, toHaveFileContent } from './file-matchers.js';
import { toHaveHeader, toHaveJsonBody, toHaveStatus } from './http-matchers.js';
import { type ImageExpectation, toHaveImageConfig } from './image-matchers.js';
import {
  type LogExpectationOptions,
  type LogSequenceOptions,
  toHaveLoggedLine,
  toHaveLoggedLines,
} from './log-matchers.js';
import { toHaveProcess, toHaveProcessTree } from './process-matchers.js';

export type { FileExpectation } from './file-matchers.js';
export type { ImageExpectation } from './image-matchers.js';
export type { LogExpectationOptions, LogSequenceOptions } from './log-matchers.js';
export type { MatcherResult, MatcherState } from './matcher-result.js';

/**
 * Every seaworthy matcher, ready for `expect.extend(seaworthyMatchers)` in
 * Vitest or Jest. `seaworthy/vitest` and `seaworthy/jest` install them for you.
 */
export const seaworthyMatchers = {
  toHaveLoggedLine,
  toHaveLoggedLines,
  toHaveProcessTree,
  toHaveProcess,
  toHaveStatus,
  toHaveHeader,
  toHaveJsonBody,
  toHaveExitCode,
  toHaveStdout,
  toHaveStderr,
  toHaveFile,
  toHaveFileContent,
  toHaveImageConfig,
};

/**
 * The matchers' signatures, for declaration merging into a framework's
 * `Matchers` interface. Matchers that read from the engine return promises:
 * `await expect(container).toHaveFile(...)`.
 */
export interface SeaworthyMatchers<R = unknown> {
  /** Received: Container. A line matching `pattern` was logged (optionally within `timeoutMs`). */
  toHaveLoggedLine(pattern: LogPattern, options?: LogExpectationOptions): Promise<R>;
  /** Received: Container. Lines matching each pattern were logged, in order unless `ordered: false`. */
  toHaveLoggedLines(patterns: readonly LogPattern[], options?: LogSequenceOptions): Promise<R>;
  /** Received: Container or process list. The processes form one tree matching `spec`. */
  toHaveProcessTree(spec: ProcessSpec): Promise<R>;
  /** Received: Container or process list. Some process matches `spec`. */
  toHaveProcess(spec: ProcessSpec): Promise<R>;
  /** Received: HttpResponse. */
  toHaveStatus(status: number): R;
  /** Received: HttpResponse. A string value must be equal; a RegExp must match. */
  toHaveHeader(name: string, value?: LogPattern): R;
  /** Received: HttpResponse. The body is JSON equal to `expected` (asymmetric matchers allowed). */
  toHaveJsonBody(expected: unknown): R;
  /** Received: ExecResult. */
  toHaveExitCode(code: number): R;
  /** Received: ExecResult. stdout contains the string, or matches the RegExp. */
  toHaveStdout(pattern: LogPattern): R;
  /** Received: ExecResult. stderr contains the string, or matches the RegExp. */
  toHaveStderr(pattern: LogPattern): R;
  /** Received: Container. A file (or directory) exists at `path`, with these properties. */
  toHaveFile(path: string, expected?: FileExpectation): Promise<R>;
  /** Received: Container. The file's content contains the string, or matches the RegExp. */
  toHaveFileContent(path: string, pattern: LogPattern): Promise<R>;
  /** Received: Container. The container's image has this env, entrypoint, ports, user, workdir. */
  toHaveImageConfig(expected: ImageExpectation): Promise<R>;
}

export type { PortSpec };
