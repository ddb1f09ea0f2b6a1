import { describe, expect, it } from 'vitest';
import type { Leftover } from '../../../src/cleanup/leftovers.js';
import { planRemoval } from '../../../src/cleanup/leftovers.js';
import type { CliIo, Command } from '../../../src/cli/command.js';
import { keptSummary, leftoversTable, parseLeftoversArgs } from '../../../src/cli/leftovers.js';
import { main, usage } from '../../../src/cli/main.js';
import { formatAge, formatTable } from '../../../src/cli/table.js';
import { CliUsageError, EngineUnavailableError } from '../../../src/errors/index.js';
import { LABELS } from '../../../src/labels.js';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {} };
}

describe('seaworthy <command>', () => {
  const echo: Command = {
    name: 'echo',
    summary: 'prints its arguments',
    usage: 'Usage: seaworthy echo [words]',
    async run(args, out) {
      if (args[0] === '--bad') throw new CliUsageError('echo: --bad is not an option.', this.usage);
      if (args[0] === '--engine')
        throw new EngineUnavailableError([{ host: 'unix:///x', source: 'test', reason: 'no' }]);
      out.out(args.join(' '));
      return 0;
    },
  };

  it('runs the named command with the rest of the arguments', async () => {
    const out = io();
    expect(await main(['echo', 'a', 'b'], out, [echo])).toBe(0);
    expect(out.stdout).toEqual(['a b']);
  });

  it('lists the commands for help (exit 0) and without a command (exit 2)', async () => {
    const help = io();
    expect(await main(['--help'], help, [echo])).toBe(0);
    expect(help.stdout[0]).toContain('echo  prints its arguments');
    const none = io();
    expect(await main([], none, [echo])).toBe(2);
    expect(none.stderr[0]).toBe(usage([echo]));
  });

  it('exits 2 with the usage for an unknown command or a bad option, and 1 for a failure', async () => {
    const unknown = io();
    expect(await main(['nope'], unknown, [echo])).toBe(2);
    expect(unknown.stderr[0]).toContain("unknown command 'nope'");
    expect(unknown.stderr[0]).toContain('Commands:');
    const bad = io();
    expect(await main(['echo', '--bad'], bad, [echo])).toBe(2);
    expect(bad.stderr[0]).toContain('Usage: seaworthy echo');
    const failed = io();
    expect(await main(['echo', '--engine'], failed, [echo])).toBe(1);
    expect(failed.stderr[0]).toMatch(/^seaworthy echo: no Docker engine answered/);
  });

  it('has the leftovers command', () => {
    expect(usage()).toContain('leftovers');
  });
});

describe('seaworthy leftovers arguments', () => {
  it('reads --dry-run, --all, --reused and --session', () => {
    expect(parseLeftoversArgs([])).toEqual({
      dryRun: false,
      all: false,
      reused: false,
      session: undefined,
      help: false,
    });
    expect(parseLeftoversArgs(['--dry-run', '--all', '--reused', '--session', 't1a2'])).toEqual({
      dryRun: true,
      all: true,
      reused: true,
      session: 't1a2',
      help: false,
    });
    expect(parseLeftoversArgs(['--session=abc']).session).toBe('abc');
    expect(parseLeftoversArgs(['-h']).help).toBe(true);
  });

  it('refuses unknown options, positionals, a missing or odd session', () => {
    for (const args of [['--force'], ['extra'], ['--session'], ['--session', 'a b'], ['--session', 'x,y']]) {
      expect(() => parseLeftoversArgs(args), args.join(' ')).toThrow(CliUsageError);
    }
  });
});

describe('the leftovers listing', () => {
  const now = Date.parse('2024-01-01T12:00:00Z');
  const leftover = (kind: Leftover['kind'], name: string, owner: Leftover['owner'], pid: string): Leftover => ({
    kind,
    id: `${name}0123456789abcdef`,
    name,
    labels: {
      [LABELS.namespace]: 'sw-t1-w1-aa',
      [LABELS.session]: 't1',
      [LABELS.host]: owner === 'other-host' ? 'laptop' : 'ci-7',
      [LABELS.pid]: pid,
    },
    owner,
    createdAt: new Date(now - 125_000),
  });
  const plan = planRemoval([
    leftover('volume', 'sw-t1-w1-aa_data', 'dead', '31337'),
    leftover('container', 'sw-t1-w1-aa_web', 'alive', '4242'),
    leftover('network', 'sw-t1-w1-aa_default', 'other-host', '77'),
  ]);

  it('shows each resource with its owner, age and what will happen to it', () => {
    expect(leftoversTable(plan, now, true).split('\n')).toEqual([
      'KIND       NAME                 ID            NAMESPACE    SESSION  HOST    PID    OWNER       AGE  ACTION',
      'container  sw-t1-w1-aa_web      sw-t1-w1-aa_  sw-t1-w1-aa  t1       ci-7    4242   alive       2m   keep',
      'network    sw-t1-w1-aa_default  sw-t1-w1-aa_  sw-t1-w1-aa  t1       laptop  77     other host  2m   keep',
      'volume     sw-t1-w1-aa_data     -             sw-t1-w1-aa  t1       ci-7    31337  dead        2m   would remove',
    ]);
    expect(leftoversTable(plan, now, false)).toMatch(/dead {8}2m {3}remove$/);
  });

  it('says why the kept ones were kept', () => {
    expect(keptSummary(plan.keep)).toBe('1 owner alive, 1 other host');
  });

  it('formats ages by their largest unit', () => {
    expect([0, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000 * 3, -5].map(formatAge)).toEqual([
      '0s',
      '59s',
      '1m',
      '59m',
      '1h',
      '3d',
      '0s',
    ]);
    expect(formatAge(undefined)).toBe('-');
  });

  it('pads columns but not the last one', () => {
    expect(formatTable(['A', 'LONG'], [['xyz', 'v']])).toBe('A    LONG\nxyz  v');
  });
});
