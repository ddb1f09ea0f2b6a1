import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidOptionError, MissingPeerDependencyError, ServiceAuthError } from '../../errors/index.js';
import { ContainerDefinition } from '../../resources/definitions/container-definition.js';
import type { ContainerOptions, MountOptions } from '../../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { INIT_SNAPSHOT, type InitSnapshotSpec } from '../../resources/snapshots/init-snapshot.js';
import { logLines } from '../../waits/log.js';
import { defaultImage } from '../shared/default-image.js';
import { runTool, serviceStepError } from '../shared/run-tool.js';
import { maskPassword, serviceUrl, type UrlFrom } from '../shared/service-url.js';
import { literal, loadPg, PostgresAdmin } from './postgres-admin.js';
import { baselineName, DatabaseCopies, ignoreExisting, quote, sqlState } from './postgres-copies.js';

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
  /** Keep the data directory on tmpfs (fast, gone at teardown). @default true, false with `initSnapshot` */
  readonly tmpfs?: boolean;
  /**
   * Start from an init snapshot: a local image (`seaworthy-snapshot/<name>:<key>`)
   * committed right after the first-time init, keyed by the image's id and
   * everything that decides what init writes (environment, command, the init
   * scripts' content…). When there is none for the key yet, a throwaway init
   * container runs the init, is shut down cleanly and committed first. Every
   * container then skips initdb, the init scripts and the temporary server
   * (and its logs show none of them). The data directory lives in the
   * container's own filesystem (not tmpfs, not a volume), so this can't be
   * combined with `tmpfs: true`. See docs/snapshots.md.
   * @default false
   */
  readonly initSnapshot?: boolean;
  /** @default 60_000 */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

export { baselineName } from './postgres-copies.js';

/** The official image's default tag. */
export const POSTGRES_IMAGE = 'postgres:18';
/** Set explicitly, so it is the same in every image version (PostgreSQL 18's image moved its default). */
const PGDATA = '/var/lib/postgresql/data';
/**
 * PGDATA with `initSnapshot`: in the container's own filesystem, so a commit
 * includes it. Outside /var/lib/postgresql, which is a declared VOLUME in the
 * official postgres:18 image (and /var/lib/postgresql/data in 17 and older).
 */
const SNAPSHOT_PGDATA = '/var/lib/seaworthy-pgdata';
/** Part of the snapshot key: names and steps of the copies made before ready. Change it when they change. */
const SNAPSHOT_SALT = 'postgres: baseline and spare copies for clean(), v1';
const IDENTIFIER_PROBLEM = 'must be 1 to 63 characters of letters, digits and _ (and not start with a digit)';

/**
 * A PostgreSQL server, configured through the official image's environment
 * (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA) and its
 * /docker-entrypoint-initdb.d scripts.
 *
 * Ready once the final server logs that it listens on TCP and is ready: the
 * temporary server the entrypoint runs during initialisation listens only on
 * its unix socket, so it can't be mistaken for the real one. Then a copy of
 * the freshly initialised database is kept as the baseline `clean()` restores.
 */
export class PostgresDefinition extends ContainerDefinition<PostgresContainer> {
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** Set when `initSnapshot` is on: how init snapshots treat this definition (see init-snapshot.ts). */
  readonly [INIT_SNAPSHOT]: InitSnapshotSpec | undefined;

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
    const initSnapshot = options.initSnapshot ?? false;
    if (typeof initSnapshot !== 'boolean') {
      throw new InvalidOptionError('initSnapshot', `${JSON.stringify(initSnapshot)} must be true or false`);
    }
    if (initSnapshot && options.tmpfs === true) {
      throw new InvalidOptionError(
        'initSnapshot',
        "can't be combined with tmpfs: true: a commit leaves tmpfs mounts out, so the snapshot would hold no data. " +
          'Drop `tmpfs` (with initSnapshot the data directory is in the container filesystem), or drop initSnapshot.',
      );
    }
    const pgdata = initSnapshot ? SNAPSHOT_PGDATA : PGDATA;
    const extra = options.container ?? {};
    const mounts: MountOptions[] = [...(extra.mounts ?? [])];
    if (options.tmpfs ?? !initSnapshot) mounts.push({ type: 'tmpfs', target: PGDATA });
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
      env: { ...extra.env, POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: database, PGDATA: pgdata },
      ports: [5432, ...(extra.ports ?? [])],
      mounts,
      // From a snapshot the copies for clean() already exist: made only where missing.
      wait: finalServerReady(database, user, password),
      startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    });
    this.database = database;
    this.user = user;
    this.password = password;
    if (initSnapshot) {
      // The init container is stopped on the image's STOPSIGNAL (SIGINT, a fast shutdown) before the
      // commit, so the snapshot holds a cleanly shut down cluster: no crash recovery at each start.
      this[INIT_SNAPSHOT] = { dataPaths: [SNAPSHOT_PGDATA], salt: SNAPSHOT_SALT, stopTimeoutMs: 30_000 };
    }
  }

  override createHandle(init: ContainerInit): PostgresContainer {
    return new PostgresContainer(init, this);
  }

  /**
   * Load what `clean()` needs (the `pg` driver) ahead of it: a reused
   * container's adoption (docs/reuse.md) calls this while it looks for the
   * container, so a new process doesn't load the driver on the critical path.
   */
  async warmUp(): Promise<void> {
    await loadPg();
  }

  /** For clean fixtures: `cleanContainer(postgres)` calls this before each test. */
  clean(container: PostgresContainer): Promise<void> {
    return container.clean();
  }
}

function finalServerReady(database: string, user: string, password: string): WaitStrategy {
  // Only the final server listens on TCP: the entrypoint's temporary one has
  // listen_addresses='' and logs "listening on Unix socket" alone. So its
  // ready line after a TCP "listening on" line is the final server's, read
  // from the attach stream with no polling and no exec.
  const server = logLines([/listening on IPv[46] address/, 'database system is ready to accept connections']);
  const baseline = baselineName(database);
  return {
    description: `PostgreSQL accepting TCP connections on 5432 (the final server, after init)`,
    async wait(context: WaitContext): Promise<void> {
      await server.wait(context);
      context.progress('keeping a copy of the initialised database for clean()');
      // Over TCP from here, not `docker exec psql`: the copy itself takes
      // tens of milliseconds, an exec and a psql start cost several times that.
      // The clone clean() swaps in next is made by the handle, in the background.
      const hostPort = await context.hostPort(5432);
      const admin = new PostgresAdmin(() => ({ host: context.host, port: hostPort, user, password }));
      try {
        await onceAccepting(context, () =>
          // Started from an init snapshot, it is there already.
          ignoreExisting(copyFreshDatabase(admin, baseline, database)),
        );
      } catch (error) {
        if (error instanceof MissingPeerDependencyError) throw error;
        throw new Error(`could not copy the initialised database: ${errorText(error)}`, { cause: error });
      } finally {
        await admin.close();
      }
    },
  };
}

/** SQLSTATE of a syntax error: `STRATEGY` is new in PostgreSQL 15. */
const SYNTAX_ERROR = '42601';

/**
 * The baseline copy, on the start's critical path. `STRATEGY FILE_COPY`
 * copies the files and checkpoints, which on a freshly initialised cluster
 * (little to flush) took 12-56 ms here against 133-160 ms for the default
 * `WAL_LOG`, which writes every page of the copy to the WAL. Servers older
 * than 15 have no `STRATEGY` and always copy files.
 */
async function copyFreshDatabase(admin: PostgresAdmin, copy: string, template: string): Promise<void> {
  const statement = `CREATE DATABASE ${quote(copy)} TEMPLATE ${quote(template)}`;
  try {
    await admin.run(`${statement} STRATEGY FILE_COPY`);
  } catch (error) {
    if (sqlState(error) !== SYNTAX_ERROR) throw error;
    await admin.run(statement);
  }
}

/** SQLSTATE of "the database system is starting up" (and shutting down, and not yet accepting). */
const CANNOT_CONNECT_NOW = '57P03';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Run `step` again while the server says it is still starting up. On a fresh
 * data directory the ready line the wait matched may be the temporary init
 * server's, while the final server already listens on 5432 but has not
 * finished starting; on a busy machine that gap is long enough to be hit.
 * The wait's own timeout still bounds it (its signal).
 */
async function onceAccepting(context: WaitContext, step: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (sqlState(error) !== CANNOT_CONNECT_NOW) throw error;
    }
    context.progress('the final server is still starting up');
    await sleep(50, undefined, { signal: context.signal });
  }
}

/** A live PostgreSQL: URLs, `psql`, listings, and fast `clean()` / `snapshot()` / `restore()`. */
export class PostgresContainer extends Container {
  readonly database: string;
  readonly user: string;
  readonly password: string;
  private readonly copies: DatabaseCopies;

  constructor(init: ContainerInit, definition: PostgresDefinition) {
    super(init);
    this.database = definition.database;
    this.user = definition.user;
    this.password = definition.password;
    const target = () => ({ host: this.host, port: this.hostPort(5432), user: this.user, password: this.password });
    // Two sessions: one for the steps a caller waits for, one for the work done in the background.
    const admin = new PostgresAdmin(target);
    const janitor = new PostgresAdmin(target);
    this.copies = new DatabaseCopies(admin, janitor, this.database);
    this.onTeardown(async () => {
      await this.copies.settled();
      await Promise.all([admin.close(), janitor.close()]);
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
    await this.adminStep('clean', () => this.copies.clean());
  }

  /** Keep a copy of the database's current data under `name` (replacing an older one). Open connections are closed. */
  async snapshot(name = 'default'): Promise<void> {
    await this.adminStep('snapshot', () => this.copies.snapshot(name));
  }

  /** Put back the data saved by `snapshot(name)`. Open connections are closed. */
  async restore(name = 'default'): Promise<void> {
    await this.adminStep('restore', () => this.copies.restore(name));
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
