import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  InvalidOptionError,
  ServiceAuthError,
  ServiceCommandError,
  WaitTimeoutError,
} from '../../../src/index.js';
import { PostgresDefinition } from '../../../src/postgres.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();
const initScriptsDir = fileURLToPath(new URL('./postgres-init', import.meta.url));

// No image option: SEAWORTHY_POSTGRES_IMAGE (set in vitest.config.ts) points the
// definition at our twin, the way a user points it at a mirror.
const postgres = new PostgresDefinition({ initScriptsDir });

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('PostgresDefinition', () => {
  it('is ready only once the final server runs, with the init scripts applied', async () => {
    const db = await postgres.setup(file.helper);
    expect(db.url()).toMatch(/^postgres:\/\/test:test@127\.0\.0\.1:\d+\/test$/);
    const rows = await withClient(db.url(), async (client) => (await client.query('SELECT name FROM seeded')).rows);
    expect(rows).toEqual([{ name: 'from the init script' }]);
    expect(await db.listTables()).toEqual(['seeded']);
    expect(await db.listDatabases()).toEqual(['postgres', 'test']);
    expect(await db.listUsers()).toEqual(['reader', 'test']);
  });

  it('answers psql and typed queries, and reports a bad statement with the server message', async () => {
    const db = await postgres.setup(file.helper);
    expect(await db.psql('SELECT 1 + 1')).toBe('2');
    expect(await db.query("SELECT 'a|b', 2")).toEqual([['a|b', '2']]);
    const error = await db.psql('SELECT * FROM missing_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCommandError);
    expect((error as ServiceCommandError).code).toBe('SEAWORTHY_SERVICE_COMMAND');
    expect((error as Error).message).toMatch(/relation "missing_table" does not exist/);
  });

  it('clean() drops what a test made, keeps what init made, and closes open connections', async () => {
    const db = await postgres.setup(file.helper);
    const client = new pg.Client({ connectionString: db.url() });
    await client.connect();
    const closed = new Promise<Error>((resolve) => client.on('error', resolve));
    await client.query('CREATE TABLE made_by_test (id int)');
    await client.query("INSERT INTO seeded VALUES (2, 'added by a test')");
    expect(await db.listTables()).toEqual(['made_by_test', 'seeded']);

    await db.clean();

    expect((await closed).message).toMatch(/terminat/i);
    await client.end().catch(() => undefined);
    expect(await db.listTables()).toEqual(['seeded']);
    const rows = await withClient(db.url(), async (c) => (await c.query('SELECT id FROM seeded ORDER BY id')).rows);
    expect(rows).toEqual([{ id: 1 }]);
    await db.clean();
    expect(await db.listTables()).toEqual(['seeded']);
  });

  it('clean() with a pool of 5 idle clients, and with a client idle in a transaction, gives a fresh database', async () => {
    const db = await postgres.setup(file.helper);
    const pool = new pg.Pool({ connectionString: db.url(), max: 5 });
    // clean() terminates the pool's idle clients; the pool reports it here and drops them.
    const poolErrors: Error[] = [];
    pool.on('error', (error) => poolErrors.push(error));
    try {
      for (let round = 0; round < 3; round++) {
        const clients = await Promise.all([1, 2, 3, 4, 5].map(() => pool.connect()));
        await clients[0]?.query(`CREATE TABLE made_in_round_${round} (id int)`);
        await clients[1]?.query("INSERT INTO seeded VALUES (2, 'added through the pool')");
        for (const client of clients) client.release();
        expect(pool.idleCount).toBe(5);
        expect(await db.listTables()).toEqual([`made_in_round_${round}`, 'seeded']);

        await db.clean();

        expect(await db.listTables()).toEqual(['seeded']);
        const rows = await withClient(db.url(), async (c) => (await c.query('SELECT id FROM seeded ORDER BY id')).rows);
        expect(rows).toEqual([{ id: 1 }]);
        await expect.poll(() => pool.totalCount, { timeout: 10_000 }).toBe(0);
      }
      expect(poolErrors.length).toBeGreaterThanOrEqual(15);
    } finally {
      await pool.end();
    }

    const inTransaction = new pg.Client({ connectionString: db.url() });
    await inTransaction.connect();
    const closed = new Promise<Error>((resolve) => inTransaction.on('error', resolve));
    await inTransaction.query('BEGIN');
    await inTransaction.query('CREATE TABLE made_in_a_transaction (id int)');
    await inTransaction.query("INSERT INTO seeded VALUES (3, 'not committed')");

    await db.clean();

    expect((await closed).message).toMatch(/terminat/i);
    await inTransaction.end().catch(() => undefined);
    expect(await db.listTables()).toEqual(['seeded']);
    expect(await db.psql('SELECT count(*) FROM seeded')).toBe('1');
    expect(await db.listDatabases()).toEqual(['postgres', 'test']);
    // The databases clean() moved out of the way are dropped in the background.
    const moved = "SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_\\_seaworthy\\_old\\_%'";
    await expect.poll(() => db.psql(moved, { database: 'postgres' }), { timeout: 30_000 }).toBe('0');
  });

  it('snapshot() and restore() keep and bring back the current data', async () => {
    const db = await postgres.setup(file.helper);
    await db.clean();
    await db.psql('CREATE TABLE kept (n int)');
    await db.psql('INSERT INTO kept VALUES (42)');
    await db.snapshot('with_kept');
    await db.psql('DELETE FROM kept');
    await db.psql('CREATE TABLE later (n int)');

    await db.restore('with_kept');

    expect(await db.listTables()).toEqual(['kept', 'seeded']);
    expect(await db.psql('SELECT n FROM kept')).toBe('42');
    expect(await db.listDatabases()).toEqual(['postgres', 'test']);
    await expect(db.restore('never_taken')).rejects.toBeInstanceOf(ServiceCommandError);
    await expect(db.snapshot('bad-name')).rejects.toBeInstanceOf(InvalidOptionError);
    await db.clean();
  });

  it('gives an in-network URL that another container on the helper network can use', async () => {
    const db = await postgres.setup(file.helper);
    // The same image as a client: psql, with a command that just keeps it alive.
    const client = await new ContainerDefinition('pg-client', {
      image: fixtureImage('postgres'),
      command: ['sleep', 'infinity'],
    }).setup(file.helper);
    expect(db.url('network')).toBe('postgres://test:test@postgres:5432/test');
    const result = await client.exec(['psql', db.url('network'), '-Atc', 'SELECT count(*) FROM seeded']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('1');
    await client.teardown();
  });

  it('refuses a wrong password in a URL with ServiceAuthError, and masks it', async () => {
    const db = await postgres.setup(file.helper);
    await db.checkUrl(db.url());
    const wrong = db.url().replace('test:test@', 'test:not-the-password@');
    const error = await db.checkUrl(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceAuthError);
    expect((error as ServiceAuthError).code).toBe('SEAWORTHY_SERVICE_AUTH');
    expect((error as Error).message).toMatch(/password authentication failed/);
    expect((error as Error).message).not.toContain('not-the-password');
    await expect(withClient(wrong, (c) => c.query('SELECT 1'))).rejects.toThrow(/password authentication failed/);
  });

  it('takes its own database, user and password', async () => {
    const custom = new PostgresDefinition({
      name: 'pg-custom',
      database: 'orders',
      user: 'shop',
      password: 'p@ss/word',
    });
    const db = await custom.setup(file.helper);
    expect(db.url()).toContain('shop:p%40ss%2Fword@');
    expect(await withClient(db.url(), async (c) => (await c.query('SELECT current_database() AS d')).rows)).toEqual([
      { d: 'orders' },
    ]);
    await db.psql('CREATE TABLE t (n int)');
    await db.clean();
    expect(await db.listTables()).toEqual([]);
    await db.teardown();
  });
});

describe('PostgresDefinition with bad input', () => {
  it('rejects a missing init-script directory before creating anything', () => {
    const error = (() => {
      try {
        return new PostgresDefinition({ initScriptsDir: '/no/such/dir' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).code).toBe('SEAWORTHY_INVALID_OPTION');
    expect((error as Error).message).toMatch(/initScriptsDir.*not a directory/);
    expect(() => new PostgresDefinition({ initScriptsDir: 'relative/dir' })).toThrow(/absolute path/);
    expect(() => new PostgresDefinition({ database: 'bad-name' })).toThrow(InvalidOptionError);
    expect(() => new PostgresDefinition({ password: '' })).toThrow(InvalidOptionError);
  });

  it('clean() on a stopped container says it is not running', async () => {
    const db = await new PostgresDefinition({ name: 'pg-stopped' }).setup(file.helper);
    await db.stop();
    const error = await db.clean().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect((error as ContainerNotRunningError).code).toBe('SEAWORTHY_CONTAINER_NOT_RUNNING');
    await db.teardown();
  });

  it('fails fast when the image exits instead of becoming ready', async () => {
    const before = await file.leftContainers();
    const broken = new PostgresDefinition({ name: 'pg-exits', image: fixtureImage('early-exit') });
    const error = await broken.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect((error as ContainerExitedError).exitCode).toBe(3);
    expect(await file.leftContainers()).toEqual(before);
  });

  it('times out with the last log lines when the server never becomes ready', async () => {
    const hangs = new PostgresDefinition({ name: 'pg-hangs', image: fixtureImage('logger'), startupTimeoutMs: 5_000 });
    const error = await hangs.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(/5432/);
    expect((error as WaitTimeoutError).lastLogLines.length).toBeGreaterThan(0);
  });
});
