import { describe, expect, it } from 'vitest';
import { formatBytes, parseSnapshotsArgs, snapshotsTable } from '../../../src/cli/snapshots.js';
import { CliUsageError, SeaworthyError, SnapshotRemovalError } from '../../../src/errors/index.js';
import type { InitSnapshotInfo } from '../../../src/resources/snapshots/init-snapshot.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function snapshot(overrides: Partial<InitSnapshotInfo> = {}): InitSnapshotInfo {
  return {
    id: `sha256:${'c4cef87c1228'.padEnd(64, '0')}`,
    reference: 'seaworthy-snapshot/postgres:c3d932aa5ead5795',
    definition: 'postgres',
    key: 'c3d932aa5ead5795'.padEnd(64, 'f'),
    baseImage: `sha256:${'b'.repeat(64)}`,
    sizeBytes: 523_400_000,
    ownSizeBytes: 79_200_000,
    createdAt: new Date(NOW - 7 * 60_000),
    ...overrides,
  };
}

describe('seaworthy snapshots', () => {
  it('parses --prune, --definition and --help', () => {
    expect(parseSnapshotsArgs([])).toEqual({ prune: false, definition: undefined, help: false });
    expect(parseSnapshotsArgs(['--prune', '--definition', 'db.v2'])).toEqual({
      prune: true,
      definition: 'db.v2',
      help: false,
    });
    expect(parseSnapshotsArgs(['-h']).help).toBe(true);
  });

  it('rejects unknown options, positionals and a definition name Docker would not accept', () => {
    for (const args of [['--all'], ['postgres'], ['--definition', 'no spaces'], ['--definition']]) {
      expect(() => parseSnapshotsArgs(args), args.join(' ')).toThrow(CliUsageError);
    }
  });

  it('tables each snapshot: reference, short id, definition, key prefix, sizes and age', () => {
    const table = snapshotsTable(
      [snapshot(), snapshot({ reference: undefined, definition: 'redis', ownSizeBytes: undefined })],
      NOW,
    );
    expect(table.split('\n')).toEqual([
      'IMAGE                                         ID            DEFINITION  KEY               SIZE   OWN     CREATED',
      'seaworthy-snapshot/postgres:c3d932aa5ead5795  c4cef87c1228  postgres    c3d932aa5ead5795  523MB  79.2MB  7m ago',
      '<untagged>                                    c4cef87c1228  redis       c3d932aa5ead5795  523MB  -       7m ago',
    ]);
  });

  it('formats bytes the way docker images does', () => {
    expect(formatBytes(0)).toBe('0B');
    expect(formatBytes(999)).toBe('999B');
    expect(formatBytes(7_900)).toBe('7.9kB');
    expect(formatBytes(79_240_000)).toBe('79.2MB');
    expect(formatBytes(523_400_000)).toBe('523MB');
    expect(formatBytes(1_250_000_000)).toBe('1.25GB');
  });
});

describe('SnapshotRemovalError', () => {
  it('has a stable code and says what to do', () => {
    const error = new SnapshotRemovalError([
      { image: 'seaworthy-snapshot/postgres:abc', error: new Error('image is being used by running container 1') },
    ]);
    expect(error).toBeInstanceOf(SeaworthyError);
    expect(error.code).toBe('SEAWORTHY_SNAPSHOT_REMOVAL');
    expect(error.name).toBe('SnapshotRemovalError');
    expect(error.message).toMatch(/seaworthy-snapshot\/postgres:abc: image is being used/);
    expect(error.message).toMatch(/then run `seaworthy snapshots --prune` again/);
  });
});
