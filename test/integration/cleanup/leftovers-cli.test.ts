import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/cleanup/owner.js';
import { ContainerDefinition, DockerHelper, waitFor } from '../../../src/index.js';
import { PID_NAMESPACE_LABEL } from '../../../src/labels.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { usePrivateDaemon } from './private-daemon.js';
import { labelled, resourcesIn, runBuiltCli, total, useChildRuns } from './support.js';

/**
 * `seaworthy leftovers`, the built executable (dist/cli.js), against real
 * engines: mostly a private dockerd that only this file uses, so what it
 * lists is exactly what the test put there; once against the shared one.
 */
const privateDaemon = usePrivateDaemon(['seaworthy-fixture/logger:latest']);
const run = useChildRuns();

/** The row of the listing that names `name`, as its cells. */
function row(stdout: string, name: string): string[] {
  const line = stdout.split('\n').find((l) => l.split(/\s{2,}/)[1] === name);
  if (!line) throw new Error(`no row for ${name} in:\n${stdout}`);
  return line.split(/\s{2,}/);
}
/** OWNER and ACTION, the last columns but AGE. */
function verdict(stdout: string, name: string): [string, string] {
  const cells = row(stdout, name);
  return [cells.at(-3) as string, cells.at(-1) as string];
}

// Two child runs and four CLI runs on a private daemon: on a busy machine that can pass the default minute.
describe('seaworthy leftovers, on a daemon with a dead run, a live run and resources it cannot judge', {
  timeout: 300_000,
}, () => {
  it('lists with --dry-run and removes nothing; removes only the dead run; with --all, all but the live run', async (context) => {
    const daemon = privateDaemon.get(context);
    const env = { DOCKER_HOST: daemon.host };
    const engine = await Engine.connect({ host: daemon.host });
    const runOn = { networkNone: true } as const;
    const dead = run(
      { phase: 'test', teardown: 'none', cleanup: { watchdog: false }, ...runOn },
      { ...env, SEAWORTHY_SESSION_ID: 'cli-dead' },
    );
    const live = run({ phase: 'test', teardown: 'finally', ...runOn }, { ...env, SEAWORTHY_SESSION_ID: 'cli-live' });
    await Promise.all([dead.said('ready'), live.said('ready')]);
    dead.child.kill('SIGKILL');
    await dead.exited;
    // Volumes whose owner cannot be checked from here: a run in another container on this host, a run on
    // another machine, and one without owner labels.
    const owner = { [LABELS.managed]: 'true', [LABELS.session]: 'cli-other', [LABELS.pid]: '4242' };
    const otherPidNs = {
      ...owner,
      ...placeLabels(),
      [LABELS.host]: hostname(),
      [PID_NAMESPACE_LABEL]: 'pid:[another-container]',
    };
    await engine.createVolume({ Name: 'cli-other-pid-ns', Labels: otherPidNs });
    await engine.createVolume({ Name: 'cli-other-host', Labels: { ...owner, [LABELS.host]: 'another-machine' } });
    await engine.createVolume({ Name: 'cli-unlabelled', Labels: { [LABELS.managed]: 'true' } });
    const everything = await labelled(engine, LABELS.managed);
    // NetworkMode none: the container joins no network, so the helper makes no default network of its own.
    const deadNames = [`${dead.namespace}_logger`, `${dead.namespace}_backend`, `${dead.namespace}_data`];
    const liveNames = deadNames.map((name) => name.replace(dead.namespace, live.namespace));

    const dry = await runBuiltCli(['leftovers', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')[0]).toMatch(
      /^KIND\s+NAME\s+ID\s+NAMESPACE\s+SESSION\s+HOST\s+PID\s+OWNER\s+AGE\s+ACTION$/,
    );
    for (const name of deadNames) expect(verdict(dry.stdout, name)).toEqual(['dead', 'would remove']);
    for (const name of liveNames) expect(verdict(dry.stdout, name)).toEqual(['alive', 'keep']);
    expect(verdict(dry.stdout, 'cli-other-pid-ns')).toEqual(['other pid ns', 'keep']);
    expect(verdict(dry.stdout, 'cli-other-host')).toEqual(['other host', 'keep']);
    expect(verdict(dry.stdout, 'cli-unlabelled')).toEqual(['unlabelled', 'keep']);
    expect(dry.stdout).toContain(
      'Dry run: would remove 3 resource(s) whose owner is dead (1 container(s), 1 network(s), 1 volume(s)); nothing was removed.',
    );
    expect(dry.stdout).toContain('--all also removes those whose owner cannot be checked from here.');
    expect(await labelled(engine, LABELS.managed)).toEqual(everything);

    const oneSession = await runBuiltCli(['leftovers', '--dry-run', '--session', 'cli-dead'], env);
    expect(oneSession.code).toBe(0);
    const listed = oneSession.stdout
      .split('\n')
      .slice(1)
      .filter((line) => /^(container|network|volume)\s/.test(line));
    expect(listed.map((line) => line.split(/\s{2,}/)[1]).sort()).toEqual([...deadNames].sort());

    const dryAll = await runBuiltCli(['leftovers', '--dry-run', '--all'], env);
    for (const name of ['cli-other-pid-ns', 'cli-other-host', 'cli-unlabelled', ...deadNames]) {
      expect(verdict(dryAll.stdout, name)[1]).toBe('would remove');
    }
    for (const name of liveNames) expect(verdict(dryAll.stdout, name)).toEqual(['alive', 'keep']);
    expect(await labelled(engine, LABELS.managed)).toEqual(everything);

    const removeDead = await runBuiltCli(['leftovers'], env);
    expect(removeDead.code).toBe(0);
    expect(removeDead.stdout).toContain('Removed 3 resource(s) whose owner is dead');
    expect(total(await resourcesIn(engine, dead.namespace))).toBe(0);
    expect(total(await resourcesIn(engine, live.namespace))).toBe(3);
    expect((await labelled(engine, LABELS.managed)).volumes).toEqual(
      expect.arrayContaining(['cli-other-pid-ns', 'cli-other-host', 'cli-unlabelled']),
    );

    const removeAll = await runBuiltCli(['leftovers', '--all'], env);
    expect(removeAll.code).toBe(0);
    expect(removeAll.stdout).toContain('Removed 3 resource(s) whose owner is not alive');
    expect(removeAll.stdout).toContain('Kept 3: 3 owner alive.');
    expect(total(await resourcesIn(engine, live.namespace))).toBe(3);
    expect(await labelled(engine, LABELS.managed)).toEqual(await resourcesIn(engine, live.namespace));

    live.child.stdin.end();
    expect(await live.exited).toEqual({ code: 0, signal: null });
    const empty = await runBuiltCli(['leftovers'], env);
    expect(empty).toEqual({ code: 0, stdout: `No seaworthy resources on ${daemon.host}.\n`, stderr: '' });
  });
});

describe('seaworthy leftovers on the shared daemon', () => {
  let helper: DockerHelper;
  beforeAll(async () => {
    // 'always': the lone container's helper network is made too, and must be kept as well.
    helper = await DockerHelper.create({ network: 'always' });
  });
  afterAll(() => helper.teardown());

  it("lists this run's live resources and never removes them", async () => {
    const box = await new ContainerDefinition('box', {
      image: 'seaworthy-fixture/logger:latest',
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    const session = helper.session;
    for (const args of [['--dry-run'], [], ['--all']]) {
      const result = await runBuiltCli(['leftovers', '--session', session, ...args]);
      expect(result.code).toBe(0);
      expect(verdict(result.stdout, box.name)).toEqual(['alive', 'keep']);
      expect(verdict(result.stdout, `${helper.namespace}_default`)).toEqual(['alive', 'keep']);
    }
    expect((await box.state()).running).toBe(true);
  });
});

describe('the seaworthy command line', () => {
  it('prints its commands with --help, and exits 2 with the usage for what it does not understand', async () => {
    const help = await runBuiltCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: seaworthy <command> \[options\]/);
    expect(help.stdout).toMatch(/^ {2}leftovers\s+list and remove/m);

    const leftoversHelp = await runBuiltCli(['leftovers', '--help']);
    expect(leftoversHelp.stdout).toMatch(
      /^Usage: seaworthy leftovers \[--dry-run\] \[--all\] \[--reused\] \[--session <id>\]/,
    );

    const bad = await runBuiltCli(['leftovers', '--dryrun']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--dryrun'");
    expect(bad.stderr).toContain('Usage: seaworthy leftovers');
    expect(bad.stdout).toBe('');

    const unknown = await runBuiltCli(['leftover']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'leftover'");
  });

  it('exits 1 with a message that says what to do when no engine answers', async () => {
    const result = await runBuiltCli(['leftovers', '--dry-run'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seaworthy leftovers: no Docker engine answered/);
    expect(result.stderr).toContain('unix:///nonexistent/docker.sock');
  });
});
