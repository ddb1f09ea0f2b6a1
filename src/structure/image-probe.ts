import { isNotFound } from '../engine/error-mapping.js';
import { readTar, type TarEntry } from '../files/tar.js';
import { ContainerDefinition } from '../resources/definitions/container-definition.js';
import type { Container } from '../resources/handles/container.js';
import type { DockerHelper } from '../resources/helper/helper.js';

/** The command a probe container is created with; it is never started (the Go tool's placeholder). */
const NOOP = ['NOOP_COMMAND_DO_NOT_RUN'];

/**
 * One container created from the image and never started, whose files are
 * read through the engine's archive endpoint: works for images with no
 * shell and no tools. Made through the helper, so it is labelled and
 * removed with it; `close()` removes it sooner.
 */
export class ImageProbe {
  private constructor(private readonly container: Container) {}

  static async create(helper: DockerHelper, image: string): Promise<ImageProbe> {
    const name = `structure-files-${helper.nextSerial('structure-files')}`;
    const definition = new ContainerDefinition(name, { image, command: NOOP, pull: 'never' });
    return new ImageProbe(await definition.create(helper));
  }

  /** Every entry of the archive of `path` (the path itself first), or `undefined` when it does not exist. */
  async archive(path: string): Promise<TarEntry[] | undefined> {
    try {
      return readTar(await this.container.engine.containerArchive(this.container.id, path));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The entry at `path` itself (a symlink is not followed), or `undefined`. */
  async stat(path: string): Promise<TarEntry | undefined> {
    return (await this.archive(path))?.[0];
  }

  /**
   * A regular file's content, following symlinks as the Go tool does;
   * throws with the Go tool's reason when it is missing or a directory.
   */
  async readFile(path: string): Promise<Buffer> {
    let target = path;
    for (let hops = 0; hops < 40; hops++) {
      const entry = await this.stat(target);
      if (!entry) throw new Error(`File ${target} not found in image`);
      if (entry.type === 'directory') {
        throw new Error(`Cannot read specified path: ${target} is a directory, not a file`);
      }
      if (entry.type !== 'symlink') return entry.content;
      target = entry.linkTarget.startsWith('/')
        ? entry.linkTarget
        : `${target.slice(0, target.lastIndexOf('/') + 1)}${entry.linkTarget}`;
    }
    throw new Error(`Too many levels of symbolic links at ${path}`);
  }

  close(): Promise<void> {
    return this.container.teardown();
  }
}
