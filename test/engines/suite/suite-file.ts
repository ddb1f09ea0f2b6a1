// The body of each file of the several-engines suite (the *.case.ts files are
// one line each): a file-scoped container from debian:bookworm-slim running a
// one-line TCP server, reached on its published port from this process and
// through exec. Each test appends what it saw to $SW_ENGINES_RECORDS/<file>.json
// lines: the engine it ran on, this process's id.
//
// SW_ENGINES_HOLD names an engine (or `*` for any): a test on it writes
// $SW_ENGINES_RECORDS/holding-<file> once its container answers, then waits
// (bounded) for $SW_ENGINES_RECORDS/release before going on with an exec, so
// the parent can kill that engine, or the whole run, while it is in use.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from 'vitest';
import { ContainerDefinition, waitFor } from '../../../src/index.js';
import { container, withContainers } from '../../../src/vitest/index.js';
import { GREETER, greeting } from '../support/greeter.js';

const HOLD_BOUND_MS = 300_000;
async function hold(records: string, file: string): Promise<void> {
  writeFileSync(join(records, `holding-${file}`), String(process.pid));
  const until = Date.now() + HOLD_BOUND_MS;
  while (!existsSync(join(records, 'release')) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function suiteFile(file: string): void {
  const records = process.env.SW_ENGINES_RECORDS;
  if (!records) throw new Error('SW_ENGINES_RECORDS must be set');
  const holdOn = process.env.SW_ENGINES_HOLD ?? '';
  const test = withContainers(base, {
    box: container(
      () =>
        new ContainerDefinition('box', {
          image: 'debian:bookworm-slim',
          command: GREETER,
          ports: [8080],
          wait: waitFor.port(8080),
        }),
      { scope: 'file' },
    ),
  });

  test(`file ${file}: its container answers on a published port and through exec`, async ({ box }) => {
    const engine = box.engine.name;
    appendFileSync(
      join(records, `${file}.jsonl`),
      `${JSON.stringify({ file, engine, pid: process.pid, container: box.id })}\n`,
    );
    const hostname = (await box.exec(['hostname'])).stdout.trim();
    expect(await greeting(box.host, box.hostPort(8080))).toBe(`hello from ${hostname}\n`);
    if (holdOn === '*' || holdOn === engine) {
      await hold(records, file);
      try {
        expect((await box.exec(['echo', 'still here'])).stdout).toBe('still here\n');
      } catch (error) {
        const { code, engine: lost } = error as { code?: string; engine?: string };
        appendFileSync(
          join(records, `${file}.jsonl`),
          `${JSON.stringify({ file, engine, failed: { code, engine: lost, message: String(error) } })}\n`,
        );
        throw error;
      }
    }
  });
}
