import { SeaworthyError } from './base.js';

/**
 * Building an image failed: a step's command failed, the Dockerfile was
 * refused (bad syntax, unknown instruction), or the engine reported an error
 * inside its build output (it answers HTTP 200 first, then the error).
 */
export class ImageBuildError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_BUILD_FAILED';
  /** The image definition's name. */
  readonly definition: string;
  /** The step that failed, as the engine printed it (`Step 3/5 : RUN make`); `undefined` before the first step. */
  readonly step: string | undefined;
  /** The step's last output lines (at most 20), oldest first. */
  readonly lastLines: readonly string[];
  /** What the engine said went wrong. */
  readonly detail: string;

  constructor(
    definition: string,
    detail: string,
    step: string | undefined,
    lastLines: readonly string[],
    cause?: unknown,
  ) {
    const output = lastLines.length ? `; its last output lines:\n${lastLines.map((l) => `  ${l}`).join('\n')}\n` : '. ';
    super(
      'SEAWORTHY_IMAGE_BUILD_FAILED',
      `could not build image '${definition}'${step ? ` at ${step}` : ''}: ${detail}${output}` +
        'Fix the Dockerfile or the files it uses; `docker build` on the same context shows the same failure.',
      { cause },
    );
    this.definition = definition;
    this.step = step;
    this.lastLines = lastLines;
    this.detail = detail;
  }
}
