import { InvalidOptionError } from '../../errors/index.js';
import type { PostgresAdmin } from './postgres-admin.js';

/**
 * The copies of a service's database that `clean()`, `snapshot()` and
 * `restore()` swap in, made and replaced through two admin sessions:
 *
 * - the baseline, a copy of the freshly initialised database taken at readiness;
 * - the spare, a clone of the baseline kept ready for the next `clean()`;
 * - named snapshots.
 *
 * `clean()` closes the database's connections, renames the database out of
 * the way and the spare into its place: renames are instant, a clone or a
 * drop is not. Making the next spare and dropping the old database happen
 * afterwards on the second session (the janitor), off the test's critical
 * path. The next `clean()` waits only for its spare.
 *
 * Connections are closed here rather than by `DROP DATABASE … WITH (FORCE)`:
 * the server would signal them and then check again only every 100 ms, while
 * they end within a millisecond or two (see {@link PostgresAdmin.closeConnections}).
 */
export class DatabaseCopies {
  /** The next clone for `clean()`, made in the background after each clean. */
  private spare: Promise<void>;
  /** Everything the janitor was given, for teardown. */
  private background: Promise<void>;
  private retired = 0;

  constructor(
    private readonly admin: PostgresAdmin,
    private readonly janitor: PostgresAdmin,
    private readonly database: string,
  ) {
    // The first clone clean() swaps in, made in the background, off setup's
    // critical path (started from an init snapshot, it is there already).
    this.spare = ignoreExisting(this.makeSpare());
    this.spare.catch(() => undefined);
    this.background = this.spare.catch(() => undefined);
  }

  /** Put a fresh clone of the baseline in the database's place (closing its connections); make the next one. */
  async clean(): Promise<void> {
    const target = quote(this.database);
    const spare = quote(spareName(this.database));
    // The first clean() of a handle (a reused container's, say) opens its session while the spare is awaited.
    this.admin.warm();
    // A clone that failed in the background is made again now.
    await this.spare.catch(() => this.admin.run(`DROP DATABASE IF EXISTS ${spare}`).then(() => this.makeSpare()));
    const old = quote(`${this.database.slice(0, 40)}__seaworthy_old_${++this.retired}`);
    let renamed = true;
    try {
      // One round trip: close the connections, move the database out of the way, the spare in.
      await this.admin.closeConnections(
        this.database,
        `ALTER DATABASE ${target} RENAME TO ${old}`,
        `ALTER DATABASE ${spare} RENAME TO ${target}`,
      );
    } catch (error) {
      // A client connected again in between (or the database is gone): drop it the slow way.
      if (sqlState(error) !== OBJECT_IN_USE && sqlState(error) !== UNDEFINED_DATABASE) throw error;
      renamed = false;
      await this.admin.run(
        `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`,
        `ALTER DATABASE ${spare} RENAME TO ${target}`,
      );
    }
    // The janitor runs these one after the other; the next clean() waits for the spare only.
    this.spare = this.makeSpare();
    const dropped = renamed ? this.janitor.run(`DROP DATABASE IF EXISTS ${old} WITH (FORCE)`) : Promise.resolve();
    // Seen by the next clean() (which awaits it) or ignored at teardown.
    this.spare.catch(() => undefined);
    dropped.catch(() => undefined);
    this.background = Promise.all([this.spare, dropped]).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Copy the database's current data under `name` (replacing an older copy). Its connections are closed. */
  async snapshot(name: string): Promise<void> {
    const copy = quote(snapshotName(this.database, name));
    await this.admin.run(`DROP DATABASE IF EXISTS ${copy}`);
    await this.admin.closeConnections(this.database);
    await this.admin.run(`CREATE DATABASE ${copy} TEMPLATE ${quote(this.database)}`);
  }

  /** Replace the database with a copy of the snapshot `name`. Its connections are closed. */
  async restore(name: string): Promise<void> {
    const source = quote(snapshotName(this.database, name));
    const target = quote(this.database);
    await this.admin.closeConnections(this.database);
    await this.admin.run(
      `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`,
      `CREATE DATABASE ${target} TEMPLATE ${source}`,
    );
  }

  /** Wait for the work given to the janitor (at teardown). */
  async settled(): Promise<void> {
    await this.background;
  }

  private makeSpare(): Promise<void> {
    return this.janitor.run(
      `CREATE DATABASE ${quote(spareName(this.database))} TEMPLATE ${quote(baselineName(this.database))}`,
    );
  }
}

/** SQLSTATE of "database … is being accessed by other users". */
const OBJECT_IN_USE = '55006';
/** SQLSTATE of "database … does not exist". */
const UNDEFINED_DATABASE = '3D000';

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

/** SQLSTATE of "database already exists". */
const DUPLICATE_DATABASE = '42P04';

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `CREATE DATABASE` that is fine with the database being there already. */
export async function ignoreExisting(created: Promise<void>): Promise<void> {
  try {
    await created;
  } catch (error) {
    if (sqlState(error) !== DUPLICATE_DATABASE) throw error;
  }
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
