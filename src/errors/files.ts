import { SeaworthyError } from './base.js';

/**
 * Copying files into or out of a container failed after the entries were
 * checked: the engine refused the archive (a read-only root filesystem, a
 * file where a folder is needed), a host file could not be read, or the host
 * destination could not be written. A path missing in the container is a
 * `FileNotFoundError` instead; bad entries are an `InvalidOptionError`.
 */
export class FileCopyError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FILE_COPY_FAILED';
  readonly container: string;
  /** `in`: host to container; `out`: container to host. */
  readonly direction: 'in' | 'out';
  /** The container paths involved (the targets, or the one path copied out). */
  readonly paths: readonly string[];
  /** What went wrong, in the engine's or the host's words. */
  readonly reason: string;

  constructor(container: string, direction: 'in' | 'out', paths: readonly string[], reason: string, cause?: unknown) {
    const what = paths.map((p) => `'${p}'`).join(', ');
    const action =
      direction === 'in'
        ? `copy ${what} into container '${container}'`
        : `copy ${what} out of container '${container}'`;
    const hint =
      direction === 'in'
        ? 'Check that no target (or a parent of one) is an existing file where a folder is needed, that the root filesystem is writable, and that host sources are readable.'
        : 'Check that the host destination is writable and is not a file where a folder is needed.';
    super('SEAWORTHY_FILE_COPY_FAILED', `could not ${action}: ${reason}. ${hint}`, { cause });
    this.container = container;
    this.direction = direction;
    this.paths = paths;
    this.reason = reason;
  }
}
