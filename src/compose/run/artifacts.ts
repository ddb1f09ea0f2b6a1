import { mkdir } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import { FileNotFoundError } from '../../errors/index.js';
import type { Container } from '../../resources/handles/container.js';

/** Where `--artifacts` copies go unless `--artifacts-dir` says otherwise, relative to the working folder. */
export const DEFAULT_ARTIFACTS_DIR = 'artifacts';

/** What the artifacts phase did. */
export type ArtifactsResult =
  | { readonly copied: true; readonly hostPath: string }
  | { readonly copied: false; readonly warning: string };

/**
 * Copy `containerPath` (a file or a folder) out of the test service's
 * container into `<dir>/<its base name>`, through the engine's API (so it
 * works wherever the engine is, the sibling topology included). Works on a
 * stopped container. A path that is not there is a warning, not a failure:
 * the run's exit code stays the test's.
 */
export async function copyArtifacts(
  container: Container,
  containerPath: string,
  dir: string,
): Promise<ArtifactsResult> {
  const base = posix.basename(posix.normalize(containerPath)) || 'root';
  const hostPath = resolve(dir, base);
  try {
    await mkdir(resolve(dir), { recursive: true });
    await container.copyOut(containerPath, hostPath);
    return { copied: true, hostPath };
  } catch (error) {
    const why =
      error instanceof FileNotFoundError
        ? `nothing at ${containerPath} in the test service's container`
        : (error as Error).message;
    return { copied: false, warning: `no artifacts copied: ${why}` };
  }
}
