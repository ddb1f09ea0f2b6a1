import type { Client } from 'pg';

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

  constructor(private readonly target: () => PostgresAdminTarget) {}

  /** Run statements one after another (each outside a transaction). */
  async run(...statements: readonly string[]): Promise<void> {
    const client = await this.connected();
    for (const sql of statements) await client.query(sql);
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
    const { default: pg } = await import('pg');
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
