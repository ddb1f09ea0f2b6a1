import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { InvalidOptionError, ServiceAuthError } from '../errors.js';
import { Container, type ContainerInit } from '../resources/container.js';
import { ContainerDefinition } from '../resources/container-definition.js';
import type { ContainerOptions, MountOptions } from '../resources/container-options.js';
import type { WaitContext, WaitStrategy } from '../resources/readiness.js';
import { all } from '../waits/all.js';
import { logLine } from '../waits/log.js';
import { port } from '../waits/port.js';
import { defaultImage } from './default-image.js';
import { PostgresAdmin } from './postgres-admin.js';
import { runTool, serviceStepError } from './run-tool.js';
import { maskPassword, serviceUrl, type UrlFrom } from './service-url.js';

export interface PostgresOptions {
  /** Definition name: the container's alias on the helper network. @default 'postgres' */
  readonly name?: string;
  /** @default `SEAWORTHY_POSTGRES_IMAGE` if set, else 'postgres:18' (the official image); any image with the same contract works */
  readonly image?: string;
  /** POSTGRES_DB. @default 'test' */
  readonly database?: string;
  /** POSTGRES_USER (a superuser). @default 'test' */
  readonly user?: string;
  /** POSTGRES_PASSWORD. @default 'test' */
  readonly password?: string;
  /** A directory on the engine's host mounted read-only at /docker-entrypoint-initdb.d (*.sql, *.sql.gz, *.sh). */
  readonly initScriptsDir?: string;
  /** Keep the data directory on tmpfs (fast, gone at teardown). @default true */
  readonly tmpfs?: boolean;
  /** @default 60_000 */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

/** The official image's default tag. */
export const POSTGRES_IMAGE = 'postgres:18';
/** Set explicitly, so it is the same in every image version (PostgreSQL 18's image moved its default). */
const PGDATA = '/var/lib/postgresql/data';
const IDENTIFIER_PROBLEM = 'must be 1 to 63 characters of letters, digits and _ (and not start with a digit)';

/**
 * A PostgreSQL server, configured through the official image's environment
 * (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA) and its
 * /docker-entrypoint-initdb.d scripts.
 *
 * Ready once the final server listens on TCP 5432: the temporary server the
 * entrypoint runs during initialisation listens only on its unix socket, so it
 * can't be mistaken for the real one. Then a copy of the freshly initialised
 * database is kept as the baseline `clean()` restores.
 */
export class PostgresDefinition extends ContainerDefinition<PostgresContainer> {
  readonly database: string;
  readonly user: string;
  readonly password: string;

  constructor(options: PostgresOptions = {}) {
    const database = options.database ?? 'test';
    const user = options.user ?? 'test';
    const password = options.password ?? 'test';
    for (const [option, value] of [
      ['database', database],
      ['user', user],
    ] as const) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(value)) {
        throw new InvalidOptionError(option, `${JSON.stringify(value)} ${IDENTIFIER_PROBLEM}`);
      }
    }
    if (password === '')
      throw new InvalidOptionError('password', 'must not be empty: the official image refuses to start without one');
    const extra = options.container ?? {};
    const mounts: MountOptions[] = [...(extra.mounts ?? [])];
    if (options.tmpfs ?? true) mounts.push({ type: 'tmpfs', target: PGDATA });
    if (options.initScriptsDir !== undefined) {
      mounts.push({
        type: 'bind',
        source: checkedDir(options.initScriptsDir),
        target: '/docker-entrypoint-initdb.d',
        readOnly: true,
      });
    }
    super(options.name ?? 'postgres', {
      ...extra,
      image: options.image ?? defaultImage('postgres', POSTGRES_IMAGE),
      env: { ...extra.env, POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: database, PGDATA },
      ports: [5432, ...(extra.ports ?? [])],
      mounts,
      wait: finalServerReady(database, user),
      startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    });
    this.database = database;
    this.user = user;
    this.password = password;
  }

  override createHandle(init: ContainerInit): PostgresContainer {
    return new PostgresContainer(init, this);
  }

  /** For clean fixtures: `cleanContainer(postgres)` calls this before each test. */
  clean(container: PostgresContainer): Promise<void> {
    return container.clean();
  }
}

/** Name of the copy of the freshly initialised database that `clean()` clones. */
export function baselineName(database: string): string {
  return `${database.slice(0, 40)}__seaworthy_baseline`;
}

/** Name of the clone kept ready for the next `clean()`. */
function spareName(database: string): string {
  return `${database.slice(0, 40)}__seaworthy_spare`;
}

function snapshotName(database: string, name: string): string {
  if (!/^[A-Za-z0-9_]{1,30}$/.test(name)) {
    throw new InvalidOptionError('snapshot name', `${JSON.stringify(name)} must be 1 to 30 letters, digits or _`);
  }
  return `${database.slice(0, 20)}__snap_${name}`;
}

function finalServerReady(database: string, user: string): WaitStrategy {
  const server = all(logLine('database system is ready to accept connections'), port(5432));
  return {
    description: `PostgreSQL accepting TCP connections on 5432 (the final server, after init)`,
    async wait(context: WaitContext): Promise<void> {
      await server.wait(context);
      context.progress('keeping a copy of the initialised database for clean()');
      const copy = await context.exec(
        psqlArgs(
          'postgres',
          [
            `CREATE DATABASE ${quote(baselineName(database))} TEMPLATE ${quote(database)}`,
            `CREATE DATABASE ${quote(spareName(database))} TEMPLATE ${quote(baselineName(database))}`,
          ],
          user,
        ),
      );
      if (copy.exitCode !== 0) throw new Error(`could not copy the initialised database: ${copy.stderr.trim()}`);
    },
  };
}

/** A live PostgreSQL: URLs, `psql`, listings, and fast `clean()` / `snapshot()` / `restore()`. */
export class PostgresContainer extends Container {
  readonly database: string;
  readonly user: string;
  readonly password: string;
  private readonly admin: PostgresAdmin;
  /** The next clone for `clean()`, made in the background after each clean. */
  private spare: Promise<void> = Promise.resolve();

  constructor(init: ContainerInit, definition: PostgresDefinition) {
    super(init);
    this.database = definition.database;
    this.user = definition.user;
    this.password = definition.password;
    this.admin = new PostgresAdmin(() => ({
      host: this.host,
      port: this.hostPort(5432),
      user: this.user,
      password: this.password,
    }));
    this.onTeardown(async () => {
      await this.spare.catch(() => undefined);
      await this.admin.close();
    });
  }

  /** `postgres://user:password@host:port/database`, from the host (default) or another container on the network. */
  url(from: UrlFrom = 'host', database = this.database): string {
    return serviceUrl(
      this,
      { scheme: 'postgres', user: this.user, password: this.password, port: 5432, path: database },
      from,
    );
  }

  /** Run SQL with psql (unix socket, as the configured user) and return its output: rows, one per line, fields joined by `|`. */
  async psql(sql: string, options: { database?: string } = {}): Promise<string> {
    return (await runTool(this, psqlArgs(options.database ?? this.database, [sql], this.user))).replace(/\n$/, '');
  }

  /** Rows of a query, each an array of field texts. */
  async query(sql: string, options: { database?: string } = {}): Promise<string[][]> {
    const output = await runTool(this, [
      ...psqlArgs(options.database ?? this.database, [sql], this.user),
      '--field-separator=\u001f',
    ]);
    return output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\u001f'));
  }

  /** Databases users made (not templates, not seaworthy's copies). */
  async listDatabases(): Promise<string[]> {
    const rows = await this.query(
      "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname NOT LIKE '%\\_\\_seaworthy\\_%' AND datname NOT LIKE '%\\_\\_snap\\_%' ORDER BY 1",
      { database: 'template1' },
    );
    return rows.map(([name]) => name ?? '');
  }

  /** Tables of a schema in the configured database. @param schema @default 'public' */
  async listTables(schema = 'public'): Promise<string[]> {
    const rows = await this.query(`SELECT tablename FROM pg_tables WHERE schemaname = ${literal(schema)} ORDER BY 1`);
    return rows.map(([name]) => name ?? '');
  }

  /** Roles that can log in. */
  async listUsers(): Promise<string[]> {
    const rows = await this.query('SELECT rolname FROM pg_roles WHERE rolcanlogin ORDER BY 1', {
      database: 'template1',
    });
    return rows.map(([name]) => name ?? '');
  }

  /**
   * Back to the freshly initialised state (after init scripts). The database
   * is dropped (open connections to it are closed) and a clone of the copy
   * taken when it became ready is renamed into its place; the next clone is
   * then made in the background, off the test's critical path.
   */
  async clean(): Promise<void> {
    const target = quote(this.database);
    const spare = quote(spareName(this.database));
    await this.adminStep('clean', async () => {
      // A clone that failed in the background is made again now.
      await this.spare.catch(() =>
        this.admin.run(
          `DROP DATABASE IF EXISTS ${spare}`,
          `CREATE DATABASE ${spare} TEMPLATE ${quote(baselineName(this.database))}`,
        ),
      );
      await this.admin.run(
        `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`,
        `ALTER DATABASE ${spare} RENAME TO ${target}`,
      );
    });
    this.spare = this.admin.run(`CREATE DATABASE ${spare} TEMPLATE ${quote(baselineName(this.database))}`);
    // Seen by the next clean() (which awaits it) or ignored at teardown.
    this.spare.catch(() => undefined);
  }

  /** Keep a copy of the database's current data under `name` (replacing an older one). Open connections are closed. */
  async snapshot(name = 'default'): Promise<void> {
    const copy = quote(snapshotName(this.database, name));
    await this.adminStep('snapshot', () =>
      this.admin.run(
        `DROP DATABASE IF EXISTS ${copy}`,
        terminateSql(this.database),
        `CREATE DATABASE ${copy} TEMPLATE ${quote(this.database)}`,
      ),
    );
  }

  /** Put back the data saved by `snapshot(name)`. Open connections are closed. */
  async restore(name = 'default'): Promise<void> {
    await this.replaceDatabase('restore', snapshotName(this.database, name));
  }

  /**
   * Check that a URL's credentials are accepted; throws {@link ServiceAuthError}
   * if not. psql runs in the container but connects to the container's own
   * network alias, not to loopback: the official image trusts every local and
   * loopback connection without a password, so only that path really checks it.
   */
  async checkUrl(url: string): Promise<void> {
    const parsed = new URL(url);
    parsed.hostname = this.definition.name;
    parsed.port = '5432';
    const result = await this.exec(['psql', parsed.toString(), '-Atc', 'SELECT 1']);
    if (result.exitCode !== 0 || result.stdout.trim() !== '1') {
      throw new ServiceAuthError(this.definition.name, maskPassword(url), result.stderr || result.stdout);
    }
  }

  /** Run a step of the admin session; a server that is not running gives ContainerNotRunningError. */
  private async adminStep(action: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      throw await serviceStepError(this, action, error);
    }
  }

  private async replaceDatabase(action: string, source: string): Promise<void> {
    const target = quote(this.database);
    await this.adminStep(action, () =>
      this.admin.run(
        `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`,
        `CREATE DATABASE ${target} TEMPLATE ${quote(source)}`,
      ),
    );
  }
}

/** psql over the unix socket; each statement runs on its own (CREATE DATABASE can't run in a transaction). */
function psqlArgs(database: string, statements: readonly string[], user?: string): string[] {
  return [
    'psql',
    '-v',
    'ON_ERROR_STOP=1',
    '-X',
    '-q',
    '-At',
    ...(user ? ['-U', user] : []),
    '-d',
    database,
    ...statements.flatMap((sql) => ['-c', sql]),
  ];
}

function terminateSql(database: string): string {
  return `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ${literal(database)} AND pid <> pg_backend_pid()`;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function checkedDir(dir: string): string {
  if (!isAbsolute(dir)) {
    throw new InvalidOptionError('initScriptsDir', `${JSON.stringify(dir)} must be an absolute path`);
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InvalidOptionError(
      'initScriptsDir',
      `${JSON.stringify(dir)} is not a directory on this machine. Create it, or fix the path ` +
        '(with a remote engine, the directory must exist on the engine host).',
    );
  }
  return dir;
}
