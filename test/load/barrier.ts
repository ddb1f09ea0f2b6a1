import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A meeting point for the load files, which run in separate worker processes:
 * each writes `<stage>-<id>` into the run's records folder, then waits until
 * `count` files of that stage are there. It proves the workers really ran at
 * the same time; if they cannot (too few workers), it fails with how many
 * arrived instead of hanging.
 */
export async function meet(dir: string, stage: string, id: string, count: number, timeoutMs = 150_000): Promise<void> {
  await writeFile(join(dir, `${stage}-${id}`), '');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const arrived = (await readdir(dir)).filter((f) => f.startsWith(`${stage}-`)).length;
    if (arrived >= count) return;
    if (Date.now() > deadline) {
      throw new Error(
        `only ${arrived} of ${count} load workers reached '${stage}' within ${timeoutMs} ms: ` +
          'the load project needs that many workers at once (maxWorkers in vitest.config.ts)',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
