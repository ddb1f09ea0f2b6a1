import { parseArgs } from 'node:util';
import { Engine } from '../engine/docker/engine.js';
import { CliUsageError, SnapshotRemovalError } from '../errors/index.js';
import { type InitSnapshotInfo, listInitSnapshots, removeInitSnapshots } from '../resources/snapshots/init-snapshot.js';
import type { CliIo, Command } from './command.js';
import { formatAge, formatTable } from './table.js';

const USAGE = `Usage: seaworthy snapshots [--prune] [--definition <name>]

Lists the init snapshots on the engine DOCKER_HOST points at (or the default
socket): images labelled dev.seaworthy.snapshot.key, committed by definitions
with initSnapshot: true right after their first-time init. They are kept
between runs on purpose (they are the cache); a new snapshot of a definition
replaces its older ones by itself.

Options:
  --prune              remove them (one a container still uses is kept, and
                       the command exits 1 naming it)
  --definition <name>  only the snapshots of this definition name
  -h, --help           show this text`;

interface SnapshotsArgs {
  readonly prune: boolean;
  readonly definition: string | undefined;
  readonly help: boolean;
}

/** Parse `seaworthy snapshots` arguments; throws {@link CliUsageError}. */
export function parseSnapshotsArgs(args: readonly string[]): SnapshotsArgs {
  let values: { prune?: boolean; definition?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        prune: { type: 'boolean' },
        definition: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`snapshots: ${(error as Error).message}`, USAGE);
  }
  if (values.definition !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(values.definition)) {
    throw new CliUsageError(
      `snapshots: --definition ${JSON.stringify(values.definition)} is not a definition name.`,
      USAGE,
    );
  }
  return { prune: values.prune ?? false, definition: values.definition, help: values.help ?? false };
}

/** The listing: one row per snapshot image. */
export function snapshotsTable(snapshots: readonly InitSnapshotInfo[], now: number): string {
  const rows = snapshots.map((s) => [
    s.reference ?? '<untagged>',
    s.id.replace(/^sha256:/, '').slice(0, 12),
    s.definition || '-',
    s.key.slice(0, 16) || '-',
    formatBytes(s.sizeBytes),
    s.ownSizeBytes === undefined ? '-' : formatBytes(s.ownSizeBytes),
    `${formatAge(now - s.createdAt.getTime())} ago`,
  ]);
  return formatTable(['IMAGE', 'ID', 'DEFINITION', 'KEY', 'SIZE', 'OWN', 'CREATED'], rows);
}

/** Bytes the way `docker images` shows them (powers of 1000): `523MB`, `7.9kB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))}${units[unit]}`;
}

function ownTotal(snapshots: readonly InitSnapshotInfo[]): string {
  return formatBytes(snapshots.reduce((sum, s) => sum + (s.ownSizeBytes ?? 0), 0));
}

export const snapshotsCommand: Command = {
  name: 'snapshots',
  summary: 'list, or remove with --prune, the init snapshot images definitions committed',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseSnapshotsArgs(args);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    const engine = await Engine.connect({ env: io.env });
    const snapshots = (await listInitSnapshots(engine)).filter(
      (s) => options.definition === undefined || s.definition === options.definition,
    );
    const scope = options.definition === undefined ? '' : ` of definition '${options.definition}'`;
    if (snapshots.length === 0) {
      io.out(`No init snapshots${scope} on ${engine.address}.`);
      return 0;
    }
    io.out(snapshotsTable(snapshots, Date.now()));
    io.out('');
    if (!options.prune) {
      io.out(
        `${snapshots.length} snapshot(s)${scope}, ${ownTotal(snapshots)} of their own (OWN: what each adds to its ` +
          'base image, which they share). --prune removes them.',
      );
      return 0;
    }
    const report = await removeInitSnapshots(engine, snapshots);
    io.out(`Removed ${report.removed.length} snapshot(s)${scope}, about ${ownTotal(report.removed)}.`);
    if (report.failed.length > 0) {
      throw new SnapshotRemovalError(
        report.failed.map((f) => ({ image: f.snapshot.reference ?? f.snapshot.id, error: f.error })),
      );
    }
    return 0;
  },
};
