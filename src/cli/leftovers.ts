import { parseArgs } from 'node:util';
import { findLeftovers, removeLeftovers } from '../cleanup/leftover-search.js';
import { type Leftover, type OwnerStatus, planRemoval, type RemovalPlan } from '../cleanup/leftovers.js';
import { Engine } from '../engine/docker/engine.js';
import { CliUsageError, errorMessage, LeftoverRemovalError } from '../errors/index.js';
import { LABELS } from '../labels.js';
import type { CliIo, Command } from './command.js';
import {
  checkEnginesFlag,
  engineHeading,
  enginesFlagHelp,
  isReached,
  listedEngines,
  unreachedReason,
} from './engine-list-flag.js';
import { formatAge, formatTable } from './table.js';

const USAGE = `Usage: seaworthy leftovers [--dry-run] [--all] [--reused] [--session <id>] [--engines <list>]

Lists every container, network and volume seaworthy made (label
dev.seaworthy.managed) on the engine DOCKER_HOST points at (or the default
socket), with the process that made it, and removes those whose process is
dead. Resources whose process is alive on this host are never removed.
With a list of engines (--engines or SEAWORTHY_ENGINES) it does so on every
engine of the list, one section each; an engine that does not answer is
named with the reason, the others are still handled, and it exits 1.

Options:
  --dry-run       only list; remove nothing
  --all           also remove resources whose process cannot be checked from
                  here: made on another host, in another PID namespace (another
                  container), or without owner labels
  --reused        also remove containers kept alive across runs by \`reuse\`
                  (listed with owner "reused"; their keepers remove them once
                  idle, see docs/reuse.md)
  --session <id>  only resources of this run (label dev.seaworthy.session)
${enginesFlagHelp(18)}
  -h, --help      show this text`;

const OWNER_TEXT: Record<OwnerStatus, string> = {
  alive: 'alive',
  dead: 'dead',
  'other-host': 'other host',
  'other-pid-namespace': 'other pid ns',
  unlabelled: 'unlabelled',
  reused: 'reused',
};

interface LeftoversArgs {
  readonly dryRun: boolean;
  readonly all: boolean;
  readonly reused: boolean;
  readonly session: string | undefined;
  /** `--engines`: a list of engines, as SEAWORTHY_ENGINES. */
  readonly engines: string | undefined;
  readonly help: boolean;
}

/** Parse `seaworthy leftovers` arguments; throws {@link CliUsageError}. */
export function parseLeftoversArgs(args: readonly string[]): LeftoversArgs {
  let values: {
    'dry-run'?: boolean;
    all?: boolean;
    reused?: boolean;
    session?: string;
    engines?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'dry-run': { type: 'boolean' },
        all: { type: 'boolean' },
        reused: { type: 'boolean' },
        session: { type: 'string' },
        engines: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`leftovers: ${(error as Error).message}`, USAGE);
  }
  if (values.session !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(values.session)) {
    throw new CliUsageError(`leftovers: --session ${JSON.stringify(values.session)} is not a session id.`, USAGE);
  }
  return {
    dryRun: values['dry-run'] ?? false,
    all: values.all ?? false,
    reused: values.reused ?? false,
    session: values.session,
    engines: checkEnginesFlag(values.engines, 'leftovers', USAGE),
    help: values.help ?? false,
  };
}

/** The listing: one row per resource, with what will happen to it. */
export function leftoversTable(plan: RemovalPlan, now: number, dryRun: boolean): string {
  const removing = new Set(plan.remove);
  const rows = [...plan.remove, ...plan.keep]
    .sort((a, b) => kindOrder(a) - kindOrder(b) || a.name.localeCompare(b.name))
    .map((r) => [
      r.kind,
      r.name,
      r.kind === 'volume' ? '-' : r.id.slice(0, 12),
      r.labels[LABELS.namespace] ?? '-',
      r.labels[LABELS.session] ?? '-',
      r.labels[LABELS.host] ?? '-',
      r.labels[LABELS.pid] ?? '-',
      OWNER_TEXT[r.owner],
      formatAge(r.createdAt ? now - r.createdAt.getTime() : undefined),
      removing.has(r) ? (dryRun ? 'would remove' : 'remove') : 'keep',
    ]);
  return formatTable(['KIND', 'NAME', 'ID', 'NAMESPACE', 'SESSION', 'HOST', 'PID', 'OWNER', 'AGE', 'ACTION'], rows);
}

/** Why the kept ones were kept, e.g. "2 owner alive, 1 other host". */
export function keptSummary(kept: readonly Leftover[]): string {
  const counts = new Map<OwnerStatus, number>();
  for (const k of kept) counts.set(k.owner, (counts.get(k.owner) ?? 0) + 1);
  return [...counts].map(([owner, n]) => `${n} ${owner === 'alive' ? 'owner alive' : OWNER_TEXT[owner]}`).join(', ');
}

function kindOrder(r: Leftover): number {
  return ['container', 'network', 'volume'].indexOf(r.kind);
}

function count(resources: readonly Leftover[]): string {
  const n = (kind: Leftover['kind']) => resources.filter((r) => r.kind === kind).length;
  return `${n('container')} container(s), ${n('network')} network(s), ${n('volume')} volume(s)`;
}

/**
 * List, and unless a dry run remove, the leftovers on one engine, writing the
 * listing and its summary. Resolves to the removals that failed.
 */
async function leftoversOn(
  engine: Engine,
  options: LeftoversArgs,
  out: (text: string) => void,
): Promise<{ resource: string; error: unknown }[]> {
  const leftovers = await findLeftovers(engine, { session: options.session });
  const scope = options.session === undefined ? '' : ` of session ${options.session}`;
  if (leftovers.length === 0) {
    out(`No seaworthy resources${scope} on ${engine.address}.`);
    return [];
  }
  const plan = planRemoval(leftovers, { all: options.all, reused: options.reused });
  out(leftoversTable(plan, Date.now(), options.dryRun));
  out('');
  const kept = plan.keep.length
    ? ` Kept ${plan.keep.length}: ${keptSummary(plan.keep)}.` +
      (options.all || plan.keep.every((k) => k.owner === 'alive' || k.owner === 'reused')
        ? ''
        : ' --all also removes those whose owner cannot be checked from here.') +
      (plan.keep.some((k) => k.owner === 'reused') ? ' --reused also removes reused containers.' : '')
    : '';
  const which =
    (options.all ? 'whose owner is not alive' : 'whose owner is dead') + (options.reused ? ' or reused' : '');
  if (options.dryRun) {
    out(
      `Dry run: would remove ${plan.remove.length} resource(s) ${which} (${count(plan.remove)}); nothing was removed.${kept}`,
    );
    return [];
  }
  if (plan.remove.length === 0) {
    out(`Nothing to remove: no resource${scope} ${which}.${kept}`);
    return [];
  }
  const report = await removeLeftovers(engine, plan.remove);
  out(`Removed ${report.removed.length} resource(s) ${which} (${count(report.removed)}).${kept}`);
  return report.failed.map((f) => ({ resource: `${f.resource.kind} ${f.resource.name}`, error: f.error }));
}

/**
 * Every engine of the list, one section each, one after the other (entries
 * naming the same engine twice then see what the earlier one left). An
 * engine that does not answer, or fails midway, is named on standard error
 * with the reason; the others are still handled. Resolves to the exit code.
 */
async function leftoversOnEvery(entries: string | undefined, options: LeftoversArgs, io: CliIo): Promise<number> {
  const reaches = await Engine.connectEvery({ env: io.env, ...(entries === undefined ? {} : { engines: entries }) });
  const problems: string[] = [];
  let first = true;
  for (const reach of reaches) {
    if (!first) io.out('');
    first = false;
    if (!isReached(reach)) {
      const reason = unreachedReason(reach);
      io.out(`engine '${reach.name}' (${reach.address}): did not answer (${reason})`);
      problems.push(`engine '${reach.name}' did not answer: ${reason}`);
      continue;
    }
    io.out(engineHeading(reach));
    try {
      const failed = await leftoversOn(reach.engine, options, io.out);
      if (failed.length > 0) {
        problems.push(`engine '${reach.name}': ${new LeftoverRemovalError(failed).message}`);
      }
    } catch (error) {
      io.out(`failed: ${errorMessage(error).split('\n')[0]}`);
      problems.push(`engine '${reach.name}': ${errorMessage(error)}`);
    }
  }
  const answered = reaches.filter(isReached).length;
  io.out('');
  io.out(
    `Looked at ${answered} of ${reaches.length} engine(s)` +
      (problems.length ? `; ${problems.length} problem(s), on standard error.` : '.'),
  );
  for (const problem of problems) io.err(`seaworthy leftovers: ${problem}`);
  return problems.length ? 1 : 0;
}

export const leftoversCommand: Command = {
  name: 'leftovers',
  summary: 'list and remove containers, networks and volumes that dead test runs left behind',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseLeftoversArgs(args);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    if (listedEngines(options.engines, io.env)) return leftoversOnEvery(options.engines, options, io);
    const engine = await Engine.connect({ env: io.env });
    const failed = await leftoversOn(engine, options, io.out);
    if (failed.length > 0) throw new LeftoverRemovalError(failed);
    return 0;
  },
};
