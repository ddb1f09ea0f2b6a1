import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ContainerDefinition, DockerHelper, waitFor } from '../../../src/index.js';
import { builtImagesOf } from '../../../src/resources/images/image-setup.js';

/** Image names, contexts and cleanup for the image tests: unique per run, removed afterwards. */
export class BuildScratch {
  /** Unique per run, so parallel runs never share a cache entry. */
  private readonly run = Math.random().toString(36).slice(2, 8);
  private readonly names = new Set<string>();
  private dir: string | undefined;
  private serial = 0;

  /** `<base>-<run>`, remembered for {@link cleanup}. */
  name(base: string): string {
    const name = `${base}-${this.run}`;
    this.names.add(name);
    return name;
  }

  /** A fresh folder holding `files` (paths with `/`). */
  async context(files: Record<string, string>): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'sw-build-'));
    const folder = join(this.dir, `ctx-${++this.serial}`);
    await mkdir(folder, { recursive: true });
    await writeFiles(folder, files);
    return folder;
  }

  /** Every image still tagged under one of {@link name}'s names, tags first (cached images included), and the folders. */
  async cleanup(helper: DockerHelper): Promise<void> {
    for (const name of this.names) {
      const images = await builtImagesOf(helper.engine, name);
      for (const image of images) {
        for (const tag of image.repoTags) await helper.engine.removeImage(tag).catch(() => undefined);
        await helper.engine.removeImage(image.id).catch(() => undefined);
      }
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** Run `command` in `image` to its end and return what it wrote to stdout. */
  async output(helper: DockerHelper, image: string, command: string[]): Promise<string> {
    const box = await new ContainerDefinition(`run-${++this.serial}`, {
      image,
      command,
      wait: waitFor.successfulExit(),
    }).setup(helper);
    const logs = await box.logs();
    await box.teardown();
    return logs.stdout.toString('utf8');
  }
}

export async function writeFiles(folder: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
}

/** The images on the engine tagged `seaworthy-build/<name>:…`. */
export async function imagesOf(helper: DockerHelper, name: string) {
  return builtImagesOf(helper.engine, name);
}

/**
 * One quiet helper and one {@link BuildScratch} for a test file: made before
 * its tests, and after them the helper torn down and every image removed.
 */
export function useBuildScratch(): { readonly helper: DockerHelper; readonly scratch: BuildScratch } {
  const scratch = new BuildScratch();
  let helper: DockerHelper | undefined;
  beforeAll(async () => {
    helper = await DockerHelper.create({ progress: 'quiet' });
  });
  afterAll(async () => {
    if (!helper) return;
    await helper.teardown();
    await scratch.cleanup(helper);
  });
  return {
    scratch,
    get helper(): DockerHelper {
      if (!helper) throw new Error('useBuildScratch(): the helper exists only inside tests and hooks');
      return helper;
    },
  };
}
