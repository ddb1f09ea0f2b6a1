import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerExitedError, DockerHelper, InvalidOptionError } from '../../../src/index.js';
import { type PostgresContainer, PostgresDefinition, type PostgresOptions } from '../../../src/postgres.js';
import {
  BOOT_ID_LABEL,
  Engine,
  HELPER_ID_LABEL,
  LABELS,
  listInitSnapshots,
  PID_NAMESPACE_LABEL,
  removeInitSnapshots,
  SNAPSHOT_LABELS,
} from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

/**
 * Snapshot images outlive runs on purpose, so every definition name here is
 * unique to this run of this file, and afterAll removes their images: the
 * file never touches snapshots another test or run relies on.
 */
const run = randomBytes(3).toString('hex');
const names = { main: `snapit-${run}`, race: `snapit-race-${run}`, bad: `snapit-bad-${run}` };
const OWNERSHIP = [
  LABELS.managed,
  LABELS.namespace,
  LABELS.session,
  LABELS.pid,
  LABELS.host,
  LABELS.definition,
  HELPER_ID_LABEL,
  PID_NAMESPACE_LABEL,
  BOOT_ID_LABEL,
];

let engine: Engine;
let initDir: string;
const helpers: DockerHelper[] = [];

async function freshHelper(): Promise<DockerHelper> {
  const helper = await DockerHelper.create();
  helpers.push(helper);
  return helper;
}

/** Run `use` with a fresh helper, torn down afterwards even when `use` fails. */
async function withHelper<T>(use: (helper: DockerHelper) => Promise<T>): Promise<T> {
  const helper = await freshHelper();
  try {
    return await use(helper);
  } finally {
    await helper.teardown();
  }
}

function definition(name: string, options: Partial<PostgresOptions> = {}): PostgresDefinition {
  return new PostgresDefinition({ name, initSnapshot: true, initScriptsDir: initDir, ...options });
}

async function snapshotsOf(name: string) {
  return (await listInitSnapshots(engine)).filter((s) => s.definition === name);
}

/** Log lines of the container, as text. */
async function logText(db: PostgresContainer): Promise<string[]> {
  return (await db.logs()).lines.map((line) => line.text);
}

async function imageOf(db: PostgresContainer): Promise<string> {
  return (await engine.inspectContainer(db.id)).Image;
}

beforeAll(async () => {
  engine = await Engine.connect();
  initDir = await mkdtemp(join(tmpdir(), 'seaworthy-snapshot-init-'));
  // mkdtemp makes it 0700; the entrypoint reads it as the postgres user.
  await chmod(initDir, 0o755);
  await writeFile(
    join(initDir, '01-seed.sql'),
    "CREATE TABLE seeded (id int PRIMARY KEY, note text);\nINSERT INTO seeded VALUES (1, 'from init, version 1');\n",
  );
});

afterAll(async () => {
  await Promise.allSettled(helpers.map((h) => h.teardown()));
  const ours = (await listInitSnapshots(engine)).filter((s) => Object.values(names).includes(s.definition));
  await removeInitSnapshots(engine, ours);
  await rm(initDir, { recursive: true, force: true });
});

// Each test sets up Postgres once or twice, a miss also runs its init container and commits: on a
// busy 2-core machine that can pass the default minute.
describe('PostgresDefinition({ initSnapshot: true })', { timeout: 120_000 }, () => {
  let baseImageId: string;
  let first: { key: string; id: string; ownerLabels: Readonly<Record<string, string>> };

  it('makes the snapshot on first use (init container, clean stop, commit), and starts from it', async () => {
    baseImageId = (await engine.inspectImage(fixtureImage('postgres'))).Id;
    expect(await snapshotsOf(names.main)).toEqual([]);
    await withHelper(async (helper) => {
      const db = await definition(names.main).setup(helper);

      const snapshots = await snapshotsOf(names.main);
      expect(snapshots).toHaveLength(1);
      const [snapshot] = snapshots;
      expect(snapshot?.key).toMatch(/^[0-9a-f]{64}$/);
      expect(snapshot?.reference).toBe(`seaworthy-snapshot/${names.main}:${snapshot?.key.slice(0, 16)}`);
      expect(snapshot?.baseImage).toBe(baseImageId);
      expect((await engine.inspectImage(snapshot?.reference ?? '')).Config?.Labels?.[SNAPSHOT_LABELS.key]).toBe(
        snapshot?.key,
      );
      first = { key: snapshot?.key ?? '', id: snapshot?.id ?? '', ownerLabels: helper.labels };

      // The test's own container already runs from the snapshot; the init container is gone.
      expect(await imageOf(db)).toBe(snapshot?.id);
      expect(await logText(db)).toContain(
        'PostgreSQL Database directory appears to contain a database; Skipping initialization',
      );
      expect(helper.trackedResources().containers).toEqual([db.id]);
      expect(await db.query('SELECT note FROM seeded')).toEqual([['from init, version 1']]);
    });
  });

  it("carries none of its init container's ownership labels, and keeps its base image's", async () => {
    const labels = (await engine.inspectImage(first.id)).Config?.Labels ?? {};
    for (const key of OWNERSHIP) {
      if (key in labels) expect(labels[key], key).toBe('');
    }
    for (const value of Object.values(first.ownerLabels)) {
      if (value !== 'true') expect(Object.values(labels)).not.toContain(value);
    }
    const base = (await engine.inspectImage(baseImageId)).Config?.Labels ?? {};
    expect(Object.keys(base).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(base)) expect(labels[key]).toBe(value);
    expect(labels[SNAPSHOT_LABELS.definition]).toBe(names.main);
  });

  it('starts a later setup in a fresh helper from the snapshot: no init, the init data there, its own labels', async () => {
    await withHelper(async (helper) => {
      const db = await definition(names.main).setup(helper);

      expect(await imageOf(db)).toBe(first.id);
      const lines = await logText(db);
      expect(lines).toContain('PostgreSQL Database directory appears to contain a database; Skipping initialization');
      expect(lines).not.toContain('PostgreSQL init process complete; ready for start up.');
      expect(lines.filter((l) => l.includes('database system is ready to accept connections'))).toHaveLength(1);
      // Shut down cleanly before the commit: nothing to recover.
      expect(lines.some((l) => /automatic recovery in progress|not properly shut down/.test(l))).toBe(false);
      expect(await db.query('SELECT note FROM seeded')).toEqual([['from init, version 1']]);
      expect(await db.listDatabases()).toEqual(['postgres', 'test']);
      expect((await snapshotsOf(names.main)).map((s) => s.id)).toEqual([first.id]);

      const labels = (await engine.inspectContainer(db.id)).Config.Labels ?? {};
      for (const key of OWNERSHIP) {
        if (key in helper.labels) expect(labels[key], key).toBe(helper.labels[key]);
      }
      expect(labels[LABELS.definition]).toBe(names.main);
      // (The session is the whole test run's, the same for both helpers.)
      for (const key of [LABELS.namespace, HELPER_ID_LABEL]) {
        expect(labels[key]).not.toBe(first.ownerLabels[key]);
      }
    });
  });

  it('clean() works from a snapshot: back to the init state, again and again', async () => {
    await withHelper(async (helper) => {
      const db = await definition(names.main).setup(helper);
      expect(await imageOf(db)).toBe(first.id);

      await db.psql('CREATE TABLE made_by_test (id int)');
      await db.psql("INSERT INTO seeded VALUES (2, 'added by a test')");
      await db.clean();
      expect(await db.listTables()).toEqual(['seeded']);
      expect(await db.query('SELECT id FROM seeded ORDER BY id')).toEqual([['1']]);
      await db.psql("INSERT INTO seeded VALUES (3, 'again')");
      await db.clean();
      expect(await db.query('SELECT id FROM seeded ORDER BY id')).toEqual([['1']]);
    });
  });

  it('a changed env value gives a new key: a new snapshot, never the old one, which is removed', async () => {
    const changed = definition(names.main, { container: { env: { TZ: 'Europe/Paris' } } });
    await withHelper(async (helper) => {
      const db = await changed.setup(helper);
      const snapshots = await snapshotsOf(names.main);
      expect(snapshots).toHaveLength(1);
      expect(snapshots[0]?.key).not.toBe(first.key);
      expect(await imageOf(db)).toBe(snapshots[0]?.id);
      expect(await db.psql('SHOW timezone')).toBe('Europe/Paris');
      // The older snapshot of this definition name is gone (nothing used it any more).
      expect(await engine.findImage(first.id)).toBeUndefined();
      first = { ...first, key: snapshots[0]?.key ?? '', id: snapshots[0]?.id ?? '' };
    });
  });

  it("a changed init script gives a new key, and every later setup serves the new script's data", async () => {
    await writeFile(
      join(initDir, '01-seed.sql'),
      "CREATE TABLE seeded (id int PRIMARY KEY, note text);\nINSERT INTO seeded VALUES (1, 'from init, version 2');\n",
    );
    const changed = definition(names.main, { container: { env: { TZ: 'Europe/Paris' } } });
    await withHelper(async (helper) => {
      const db = await changed.setup(helper);
      expect(await db.query('SELECT note FROM seeded')).toEqual([['from init, version 2']]);
    });
    const snapshots = await snapshotsOf(names.main);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.key).not.toBe(first.key);
    await withHelper(async (helper) => {
      const db = await changed.setup(helper);
      expect(await imageOf(db)).toBe(snapshots[0]?.id);
      expect(await db.query('SELECT note FROM seeded')).toEqual([['from init, version 2']]);
    });
  });

  // Three inits at once: on a busy machine that can take minutes.
  it('setups racing on a new key all succeed and leave exactly one snapshot', { timeout: 300_000 }, async () => {
    const racing = definition(names.race);
    // Three helpers, as three test files' workers would be: each runs its own init container, one commits.
    const [a, b, c] = await Promise.all([freshHelper(), freshHelper(), freshHelper()]);
    try {
      const dbs = await Promise.all([racing.setup(a), racing.setup(b), racing.setup(c)]);
      for (const db of dbs) expect(await db.query('SELECT count(*) FROM seeded')).toEqual([['1']]);
      // All three run on the one snapshot: no setup's containers hold an image of their own.
      const snapshots = await snapshotsOf(names.race);
      expect(snapshots).toHaveLength(1);
      for (const db of dbs) expect(await imageOf(db)).toBe(snapshots[0]?.id);
    } finally {
      await Promise.all([a.teardown(), b.teardown(), c.teardown()]);
    }
    const snapshots = await snapshotsOf(names.race);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.reference).toBeDefined();
    // Nothing of the race is left: no init container, no claim.
    for (const helper of [a, b, c]) {
      expect(await engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`)).toEqual({
        containers: [],
        networks: [],
        volumes: [],
      });
    }
  });

  it('an init that fails fails the setup with the init container’s exit and logs, leaving nothing', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'seaworthy-snapshot-broken-'));
    try {
      await chmod(broken, 0o755);
      await writeFile(join(broken, '01-bad.sql'), 'CREATE TABLE oops (;\n');
      await withHelper(async (helper) => {
        const error = await definition(names.bad, { initScriptsDir: broken })
          .setup(helper)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ContainerExitedError);
        expect((error as Error).message).toContain(`container '${names.bad}.snapshot-init' exited with code`);
        expect((error as Error).message).toMatch(/syntax error/);
        expect(helper.trackedResources().containers).toEqual([]);
      });
      expect(await snapshotsOf(names.bad)).toEqual([]);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

describe('initSnapshot refuses setups whose data a commit would leave out', () => {
  it('rejects tmpfs: true at once', () => {
    const error = (() => {
      try {
        definition(names.bad, { tmpfs: true });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('initSnapshot');
    expect((error as Error).message).toMatch(/tmpfs: true.*Drop `tmpfs`/);
  });

  it('rejects a mount over the data directory before creating anything', async () => {
    const bad = definition(names.bad, {
      container: { mounts: [{ type: 'tmpfs', target: '/var/lib/seaworthy-pgdata' }] },
    });
    await withHelper(async (helper) => {
      const error = await bad.setup(helper).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(`${names.bad}.initSnapshot`);
      expect((error as Error).message).toMatch(/tmpfs mount at \/var\/lib\/seaworthy-pgdata.*a commit leaves mounts/);
      expect(helper.trackedResources().containers).toEqual([]);
    });
    expect(await snapshotsOf(names.bad)).toEqual([]);
  });
});
