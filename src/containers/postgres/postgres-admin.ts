import type { Client } from 'pg';
import { loadPeer, type PeerUse } from '../shared/optional-peer.js';

/** `pg`, an optional peer dependency: what the error says when it is missing. */
const PG: PeerUse = {
  packageName: 'pg',
  feature: 'PostgresDefinition',
  purpose: 'talk to the server (the readiness check, clean(), snapshot() and restore())',
};

/** Load `pg`; rejects with MissingPeerDependencyError when it is not installed. */
export function loadPg() {
  return loadPeer(PG, () => import('pg'));
}

/** How long {@link PostgresAdmin.closeConnections} waits for terminated backends to end. */
const CLOSE_TIMEOUT_MS = 5_000;

/** Where and how the admin session connects (the published port, the definition's superuser). */
export interface PostgresAdminTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/**
 * One long-lived SQL session to the server's `postgres` database, opened on
 * first use, for the statements `clean()` runs. Going over TCP rather than
 * `docker exec psql` saves an exec round trip and a psql start per call.
 * It never connects to the test database or to template1, so it neither
 * blocks their use as templates nor is dropped with them.
 */
export class PostgresAdmin {
  private session: Promise<Client> | undefined;
  /** The calls to `run`, one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly target: () => PostgresAdminTarget) {}

  /** Open the session now, in the background, so a first statement soon after doesn't wait for it. */
  warm(): void {
    this.connected().catch(() => undefined);
  }

  /**
   * Run statements one after another (each outside a transaction). Calls
   * made while one is running wait their turn: a session runs one query at a time.
   */
  run(...statements: readonly string[]): Promise<void> {
    const turn = this.queue.then(async () => {
      const client = await this.connected();
      for (const sql of statements) await client.query(sql);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Terminate every other session connected to `database`, wait until they
   * have ended, then run `then` (statements allowed in a transaction, such as
   * `ALTER DATABASE … RENAME`), all in one round trip: a `DO` block that
   * polls `pg_stat_activity` every millisecond. `DROP DATABASE … WITH (FORCE)`
   * (and `CREATE DATABASE … TEMPLATE` on a database in use) signals them too,
   * but then checks again only every 100 ms, while an idle backend (in a
   * transaction or not) ends within a millisecond or two. Sessions still
   * there after 5 s are left to the statements that follow. Works on every
   * supported server version (the timeout argument of `pg_terminate_backend`
   * needs PostgreSQL 14 and waits in 10 ms steps, one backend after another).
   */
  async closeConnections(database: string, ...then: readonly string[]): Promise<void> {
    const others = `FROM pg_stat_activity WHERE datname = ${literal(database)} AND pid <> pg_backend_pid()`;
    await this.run(`DO $seaworthy$
DECLARE deadline timestamptz := clock_timestamp() + interval '${CLOSE_TIMEOUT_MS} milliseconds';
BEGIN
  PERFORM pg_terminate_backend(pid) ${others};
  LOOP
    -- pg_stat_activity is read once per transaction unless the snapshot is dropped.
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN NOT EXISTS (SELECT 1 ${others}) OR clock_timestamp() > deadline;
    PERFORM pg_sleep(0.001);
  END LOOP;
  ${then.map((sql) => `${sql};`).join('\n  ')}
END
$seaworthy$`);
  }

  /** Close the session; the next `run` opens a new one. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    const client = await session?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (!this.session) {
      const session = this.open();
      this.session = session;
      // A failed or dropped session (server stopped, container gone) is replaced on next use.
      const forget = () => {
        if (this.session === session) this.session = undefined;
      };
      session.then((client) => {
        client.on('error', forget);
        client.on('end', forget);
      }, forget);
    }
    return this.session;
  }

  private async open(): Promise<Client> {
    const { default: pg } = await loadPg();
    const { host, port, user, password } = this.target();
    const client = new pg.Client({
      host,
      port,
      user,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 5_000,
      application_name: 'seaworthy',
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }
}

/** A string literal for SQL. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
