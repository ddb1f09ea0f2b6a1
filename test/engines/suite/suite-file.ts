// The body of each file of the several-engines suite (the *.case.ts files are
// one line each): a file-scoped container from debian:bookworm-slim running a
// one-line TCP server, reached on its published port from this process and
// through exec, and by its name from a second container that needs it (a
// fixture graph is on one engine). Each test appends what it saw to $SW_ENGINES_RECORDS/<file>.json
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
/** Perl for the peer: connect to `box:8080` by its name and print what it says. */
const GREETING_BY_NAME = '$s = IO::Socket::INET->new("box:8080") or die "connect: $!"; print <$s>';
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
    // Needs box and reaches it by name: a fixture graph is on one engine, whichever the worker has.
    peer: container(
      () => new ContainerDefinition('peer', { image: 'debian:bookworm-slim', command: ['sleep', 'infinity'] }),
      { scope: 'file', needs: ['box'] },
    ),
  });

  test(`file ${file}: its container answers on a published port, through exec and by name from its peer`, async ({
    box,
    peer,
  }) => {
    const engine = box.engine.name;
    expect(peer.engine.name).toBe(engine);
    appendFileSync(
      join(records, `${file}.jsonl`),
      `${JSON.stringify({ file, engine, pid: process.pid, container: box.id })}\n`,
    );
    const hostname = (await box.exec(['hostname'])).stdout.trim();
    expect(await greeting(box.host, box.hostPort(8080))).toBe(`hello from ${hostname}\n`);
    const byName = await peer.exec(['perl', '-MIO::Socket::INET', '-e', GREETING_BY_NAME]);
    expect(byName.stdout).toBe(`hello from ${hostname}\n`);
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
