import { describe, expect, it } from 'vitest';
import { PostgresDefinition } from '../../../src/containers/postgres/postgres.js';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { INIT_SNAPSHOT } from '../../../src/resources/snapshots/init-snapshot.js';

const image = 'seaworthy-fixture/postgres:latest';

describe('PostgresDefinition initSnapshot option', () => {
  it('is off by default: PGDATA on tmpfs at the usual path, no snapshot spec', () => {
    const db = new PostgresDefinition({ image });
    expect(db[INIT_SNAPSHOT]).toBeUndefined();
    expect(db.options.env?.PGDATA).toBe('/var/lib/postgresql/data');
    expect(db.options.mounts).toEqual([{ type: 'tmpfs', target: '/var/lib/postgresql/data' }]);
  });

  it('moves PGDATA into the container filesystem, outside every official VOLUME, with no tmpfs', () => {
    const db = new PostgresDefinition({ image, initSnapshot: true });
    expect(db.options.env?.PGDATA).toBe('/var/lib/seaworthy-pgdata');
    expect(db.options.env?.PGDATA?.startsWith('/var/lib/postgresql')).toBe(false);
    expect(db.options.mounts).toEqual([]);
    expect(db[INIT_SNAPSHOT]).toMatchObject({ dataPaths: ['/var/lib/seaworthy-pgdata'], stopTimeoutMs: 30_000 });
  });

  it('refuses tmpfs: true with it, saying what to do', () => {
    const make = () => new PostgresDefinition({ image, initSnapshot: true, tmpfs: true });
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow(/invalid option `initSnapshot`: can't be combined with tmpfs: true.*Drop `tmpfs`/);
    expect(() => new PostgresDefinition({ image, initSnapshot: true, tmpfs: false })).not.toThrow();
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => new PostgresDefinition({ image, initSnapshot: 'yes' as unknown as boolean })).toThrow(
      /invalid option `initSnapshot`: "yes" must be true or false/,
    );
  });
});
