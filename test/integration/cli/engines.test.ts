import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/cleanup/owner.js';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { DockerHelper } from '../../../src/index.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';
import { tcpEngine } from '../../support/tcp-engine.js';

/**
 * `seaworthy leftovers` and `seaworthy doctor` over a list of engines, in
 * process (as `main` runs them), against the real engine. The "engines" are
 * two tcp forwarders to the one local engine (so both see the same
 * resources: the test says where that matters) and a closed port on
 * 127.0.0.1 standing in for an engine that is down.
 */
async function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    // No list from the environment unless a test sets one.
    env: { ...process.env, SEAWORTHY_PULL: 'never', SEAWORTHY_ENGINES: '', ...env },
  };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The lines of one section: from its heading (a line of its own) to the next unindented line. */
function section(output: string, heading: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l === heading || l.startsWith(`${heading} (`));
  if (start < 0) throw new Error(`no section '${heading}' in:\n${output}`);
  const end = lines.findIndex((l, i) => i > start && /^(engine |result: |Looked at )/.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

/** The value after `label:` in a doctor section. */
function field(lines: readonly string[], label: string): string | undefined {
  const pattern = new RegExp(`^\\s+${label}:\\s+(.*)$`);
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = await tcpEngine();
  const port = Number(probe.host.split(':').pop());
  probe.close();
  return port;
}

let one: Awaited<ReturnType<typeof tcpEngine>>;
let two: Awaited<ReturnType<typeof tcpEngine>>;
let gone: string;
beforeAll(async () => {
  [one, two] = await Promise.all([tcpEngine(), tcpEngine()]);
  gone = `tcp://127.0.0.1:${await closedPort()}`;
});
afterAll(() => {
  one.close();
  two.close();
});

describe('seaworthy leftovers with a list of engines', () => {
  const session = `clieng${randomBytes(4).toString('hex')}`;
  const elsewhere = `sw-${session}-elsewhere`;
  const alive = `sw-${session}-alive`;
  let engine: Engine;
  beforeEach(async () => {
    engine = await Engine.connect();
    const owner = { [LABELS.managed]: 'true', [LABELS.session]: session, [LABELS.namespace]: `sw-${session}` };
    // Made on another machine: only --all removes it (and no reaper of a run here touches it).
    await engine.createVolume({
      Name: elsewhere,
      Labels: { ...owner, [LABELS.host]: 'another-machine', [LABELS.pid]: '4242' },
    });
    // This process's: alive, never removed.
    await engine.createVolume({
      Name: alive,
      Labels: { ...owner, ...placeLabels(), [LABELS.host]: hostname(), [LABELS.pid]: String(process.pid) },
    });
  });
  afterEach(async () => {
    await engine.removeResource('volume', elsewhere);
    await engine.removeResource('volume', alive);
  });

  it('lists per engine, names the engine that does not answer with its reason, and exits 1', async () => {
    const list = `one=${one.host}, two=${two.host}, gone=${gone}`;
    const run = await cli(['leftovers', '--dry-run', '--all', '--session', session, '--engines', list]);
    expect(run.code).toBe(1);
    for (const [name, host] of [
      ['one', one.host],
      ['two', two.host],
    ] as const) {
      const lines = section(run.stdout, `engine '${name}'`);
      expect(lines[0]).toBe(`engine '${name}' (${host})`);
      expect(lines[1]).toMatch(/^KIND\s+NAME\s+ID\s+NAMESPACE\s+SESSION\s+HOST\s+PID\s+OWNER\s+AGE\s+ACTION$/);
      const rows = lines.filter((l) => l.startsWith('volume '));
      // The same engine behind both forwarders: each lists both volumes.
      expect(rows).toHaveLength(2);
      expect(rows.find((r) => r.includes(elsewhere))).toMatch(/other host\s+\S+\s+would remove$/);
      expect(rows.find((r) => r.includes(alive))).toMatch(/alive\s+\S+\s+keep$/);
      expect(lines).toContain(
        'Dry run: would remove 1 resource(s) whose owner is not alive (0 container(s), 0 network(s), 1 volume(s)); ' +
          'nothing was removed. Kept 1: 1 owner alive.',
      );
    }
    expect(section(run.stdout, `engine 'gone'`)[0]).toMatch(
      new RegExp(`^engine 'gone' \\(${gone}\\): did not answer \\(connection refused`),
    );
    expect(run.stdout).toMatch(/^Looked at 2 of 3 engine\(s\); 1 problem\(s\), on standard error\.$/m);
    expect(run.stderr).toMatch(/^seaworthy leftovers: engine 'gone' did not answer: connection refused/);
    expect((await engine.listByLabel(`${LABELS.session}=${session}`)).volumes.sort()).toEqual([alive, elsewhere]);
  });

  it('removes per engine, from SEAWORTHY_ENGINES, and exits 0 when every engine answered', async () => {
    const run = await cli(['leftovers', '--all', '--session', session], {
      SEAWORTHY_ENGINES: `one=${one.host}, two=${two.host}`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(section(run.stdout, `engine 'one'`)).toContain(
      'Removed 1 resource(s) whose owner is not alive (0 container(s), 0 network(s), 1 volume(s)). Kept 1: 1 owner alive.',
    );
    // 'two' is the same engine, looked at after 'one': only the live run's volume is left there.
    expect(section(run.stdout, `engine 'two'`)).toContain(
      `Nothing to remove: no resource of session ${session} whose owner is not alive. Kept 1: 1 owner alive.`,
    );
    expect(run.stdout).toMatch(/^Looked at 2 of 2 engine\(s\)\.$/m);
    expect((await engine.listByLabel(`${LABELS.session}=${session}`)).volumes).toEqual([alive]);
  });

  it('still removes on the engines that answer when one does not', async () => {
    const run = await cli(['leftovers', '--all', '--session', session, '--engines', `gone=${gone}, one=${one.host}`]);
    expect(run.code).toBe(1);
    expect(section(run.stdout, `engine 'one'`)).toContain(
      'Removed 1 resource(s) whose owner is not alive (0 container(s), 0 network(s), 1 volume(s)). Kept 1: 1 owner alive.',
    );
    expect(run.stderr).toContain("engine 'gone' did not answer");
    expect((await engine.listByLabel(`${LABELS.session}=${session}`)).volumes).toEqual([alive]);
  });

  it('without a list prints as it always did: no engine sections', async () => {
    const run = await cli(['leftovers', '--dry-run', '--all', '--session', session]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^KIND\s+NAME/);
    expect(run.stdout).not.toMatch(/^engine '|^Looked at/m);
    expect(run.stdout).toContain('Dry run: would remove 1 resource(s) whose owner is not alive');
  });

  it('rejects a list that does not parse with exit code 2 and its usage', async () => {
    const run = await cli(['leftovers', '--dry-run', '--engines', 'a=tcp://127.0.0.1:1;weight=0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/leftovers: .*weight '0' must be a number above 0[\s\S]*Usage: seaworthy leftovers/);
  });
});

describe('seaworthy doctor with a list of engines', () => {
  let leases: string;
  beforeEach(() => {
    leases = mkdtempSync(join(tmpdir(), 'sw-cli-leases-'));
  });
  afterEach(() => {
    rmSync(leases, { recursive: true, force: true });
  });

  it('prints a section per engine with the workers holding it, checks each, and names the one that is down', async () => {
    // This process holds engine 'one' while doctor looks: its lease is in the directory.
    const helper = await DockerHelper.create({
      engine: { engines: `one=${one.host}, two=${two.host}` },
      env: { ...process.env, SEAWORTHY_ENGINE_LEASES: leases },
    });
    try {
      expect(helper.engine.name).toBe('one');
      const session = `doctor${randomBytes(4).toString('hex')}`;
      const run = await cli(
        [
          'doctor',
          '--image',
          fixtureImage('httpd'),
          '--engines',
          `one=${one.host}, two=${two.host};weight=2, gone=${gone}`,
        ],
        { SEAWORTHY_ENGINE_LEASES: leases, SEAWORTHY_SESSION_ID: session },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const head = section(run.stdout, 'engines');
      expect(field(head, 'listed by')).toBe('--engines');
      expect(field(head, 'lease directory')).toBe(
        `${leases} (from SEAWORTHY_ENGINE_LEASES); 1 live worker lease(s) in it`,
      );

      const local = await Engine.connect();
      for (const [name, host] of [
        ['one', one.host],
        ['two', two.host],
      ] as const) {
        const lines = section(run.stdout, `engine '${name}'`);
        expect(field(lines, 'reachable')).toBe('yes');
        expect(field(lines, 'address')).toBe(`${host} (from SEAWORTHY_ENGINES entry '${name}')`);
        expect(field(lines, 'version')).toContain(`API ${local.version.apiVersion}`);
        expect(field(lines, 'API in use')).toMatch(
          new RegExp(`^${local.version.negotiatedApiVersion.replace('.', '\\.')}, `),
        );
        // A forwarder on loopback: published ports are reached on loopback, and published there.
        expect(field(lines, 'published ports reached at')).toBe('127.0.0.1');
        expect(field(lines, 'ports published on')).toBe("127.0.0.1 on the engine's host");
        expect(field(lines, 'fetched')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/index\.html: the check page/);
      }
      expect(field(section(run.stdout, "engine 'one'"), 'workers holding it')).toMatch(
        new RegExp(`^1 live worker\\(s\\) \\(pid ${process.pid}(/\\d+)?\\)$`),
      );
      expect(field(section(run.stdout, "engine 'two'"), 'weight')).toBe('2');
      expect(field(section(run.stdout, "engine 'two'"), 'workers holding it')).toBe('0 live worker(s)');
      const down = section(run.stdout, "engine 'gone'");
      expect(field(down, 'reachable')).toMatch(/^no: connection refused/);
      expect(field(down, 'address')).toBe(gone);
      expect(field(down, 'fetched')).toBeUndefined();
      expect(run.stdout).toMatch(/^result: failed, engine 'gone' did not answer$/m);
      // The checks left nothing behind, on either engine.
      expect(await local.listByLabel(`${LABELS.session}=${session}`)).toEqual({
        containers: [],
        networks: [],
        volumes: [],
      });
    } finally {
      await helper.teardown();
    }
  });

  it('reads SEAWORTHY_ENGINES, and exits 0 when every engine answers and passes', async () => {
    const run = await cli(['doctor', '--image', fixtureImage('httpd')], {
      SEAWORTHY_ENGINES: `one=${one.host}, two=${two.host}`,
      SEAWORTHY_ENGINE_LEASES: leases,
    });
    expect(run.code).toBe(0);
    expect(field(section(run.stdout, 'engines'), 'listed by')).toBe('SEAWORTHY_ENGINES');
    expect(field(section(run.stdout, 'engines'), 'lease directory')).toMatch(/; 0 live worker lease\(s\) in it$/);
    expect(run.stdout).toMatch(/^result: ok, on all 2 engine\(s\)$/m);
  });

  it('without a list prints the one engine as before', async () => {
    const run = await cli(['doctor', '--image', fixtureImage('httpd')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^engine$/m);
    expect(run.stdout).not.toMatch(/^engines$|^engine '/m);
    expect(run.stdout).toMatch(/^result: ok$/m);
  });
});
