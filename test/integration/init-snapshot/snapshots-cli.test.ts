import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { DockerHelper } from '../../../src/index.js';
import { PostgresDefinition } from '../../../src/postgres.js';
import { Engine, listInitSnapshots, removeInitSnapshots } from '../../../src/tools.js';

/** Unique to this run of this file, so pruning never touches another test's or run's snapshots. */
const name = `snapcli-${randomBytes(3).toString('hex')}`;

async function cli(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), env: process.env };
  const code = await main(['snapshots', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterAll(async () => {
  const engine = await Engine.connect();
  await removeInitSnapshots(
    engine,
    (await listInitSnapshots(engine)).filter((s) => s.definition === name),
  );
});

// Each test sets up Postgres once or twice, a miss also runs its init container and commits: on a
// busy 2-core machine that can pass the default minute.
describe('seaworthy snapshots', { timeout: 120_000 }, () => {
  const postgres = new PostgresDefinition({ name, initSnapshot: true });

  it('lists the snapshot a definition committed, with its size and age', async () => {
    const helper = await DockerHelper.create();
    try {
      await postgres.setup(helper);
    } finally {
      await helper.teardown();
    }
    const [snapshot] = (await listInitSnapshots(helper.engine)).filter((s) => s.definition === name);
    expect(snapshot).toBeDefined();

    const listed = await cli(['--definition', name]);
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    const [header, row, ...rest] = listed.out.split('\n');
    expect(header).toMatch(/^IMAGE\s+ID\s+DEFINITION\s+KEY\s+SIZE\s+OWN\s+CREATED$/);
    expect(row).toMatch(
      new RegExp(
        `^${snapshot?.reference}\\s+${snapshot?.id.slice(7, 19)}\\s+${name}\\s+${snapshot?.key.slice(0, 16)}\\s+` +
          '\\d+(\\.\\d+)?[kMG]?B\\s+\\d+(\\.\\d+)?[kMG]?B\\s+\\d+[smhd] ago$',
      ),
    );
    expect(rest.join('\n')).toMatch(/^1 snapshot\(s\) of definition '.+', \S+ of their own/m);

    // Without --definition it is listed among any others.
    expect((await cli([])).out).toContain(snapshot?.reference ?? '?');
  });

  it('--prune keeps a snapshot a container still uses (exit 1, naming it), then removes it once free', async () => {
    const helper = await DockerHelper.create();
    let snapshotRef: string | undefined;
    try {
      const db = await postgres.setup(helper);
      const [snapshot] = (await listInitSnapshots(helper.engine)).filter((s) => s.definition === name);
      snapshotRef = snapshot?.reference;
      expect((await helper.engine.inspectContainer(db.id)).Image).toBe(snapshot?.id);

      const refused = await cli(['--prune', '--definition', name]);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('Removed 0 snapshot(s)');
      expect(refused.err).toContain('could not remove 1 snapshot image(s)');
      expect(refused.err).toContain(snapshotRef ?? '?');
      expect(refused.err).toMatch(/remove that container .* then run `seaworthy snapshots --prune` again/);
    } finally {
      await helper.teardown();
    }

    const pruned = await cli(['--prune', '--definition', name]);
    expect(pruned.err).toBe('');
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(/^Removed 1 snapshot\(s\) of definition '.+', about \S+\.$/m);
    expect((await cli(['--definition', name])).out).toMatch(/^No init snapshots of definition '.+' on /);
    expect(await helper.engine.findImage(snapshotRef ?? '?')).toBeUndefined();
  });

  it('rejects an unknown option with exit code 2 and its usage', async () => {
    const run = await cli(['--everything']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/Usage: seaworthy snapshots \[--prune\] \[--definition <name>\]/);
  });
});
