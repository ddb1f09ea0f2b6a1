import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type CrowdRecord, duplicates, LOAD_FILES, PER_FILE } from './crowd.js';

/**
 * The run-wide half of the load check. Workers meet and record in a folder
 * made here; at the end this checks across all of them that they ran in
 * separate processes and that no two containers shared a name, a host port or
 * a network address. A teardown that throws does not fail a Vitest run, so a
 * problem sets the exit code instead. (Leaks are the session check's job:
 * test/support/global-setup.ts.)
 */
export default async function setup(_project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'seaworthy-load-'));
  process.env.SEAWORTHY_LOAD_RECORDS = dir;
  return async () => {
    const files = (await readdir(dir)).filter((f) => f.startsWith('record-'));
    const records: CrowdRecord[] = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8'))),
    );
    await rm(dir, { recursive: true, force: true });
    if (records.length === 0) return; // the load files were not part of this run (filtered out)
    const containers = records.flatMap((r) => r.containers);
    const shared = (label: string, values: readonly (string | number)[]) => {
      const twice = duplicates(values);
      return twice.length ? `shared ${label}: ${twice.join(', ')}` : '';
    };
    const problems = [
      records.length === LOAD_FILES ? '' : `${records.length} of ${LOAD_FILES} load files recorded their containers`,
      new Set(records.map((r) => r.pid)).size === records.length ? '' : 'two load files ran in one worker process',
      containers.length === records.length * (PER_FILE + 1) ? '' : `${containers.length} containers recorded`,
      shared(
        'names',
        containers.map((c) => c.name),
      ),
      shared(
        'addresses',
        containers.map((c) => c.address),
      ),
      shared(
        'host ports',
        containers.map((c) => c.hostPort).filter((p) => p !== 0),
      ),
    ].filter(Boolean);
    if (problems.length) {
      console.error(`[load] run-wide check failed: ${problems.join('; ')}`);
      process.exitCode = 1;
    }
  };
}
