import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/tools.js';
import { assertBuilt, leftInProject, projectName, run, stacks, startRun } from './support.js';

/**
 * `seaworthy run`, the built executable (dist/cli.js), against the real
 * engine: each case runs a compose stack from stacks/<case>/ with its own
 * project name and checks the exit code, the output a CI log would show, and
 * that the engine has nothing left labelled with that project.
 */
let engine: Engine;
let scratch: string;

beforeAll(async () => {
  await assertBuilt();
  engine = await Engine.connect();
  scratch = await mkdtemp(join(tmpdir(), 'seaworthy-run-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Polls until the engine has nothing of `project` (the watchdog works after the process is gone). */
async function goneWithin(project: string, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await leftInProject(engine, project);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('seaworthy run', { timeout: 240_000 }, () => {
  it('runs a GitLab-style stack: db healthy, api, worker, tests pass, the report is copied out', async () => {
    const project = projectName('gitlab');
    const artifacts = join(scratch, 'gitlab-artifacts');
    const result = await run(
      [
        '-f',
        'docker-compose.yml',
        '-p',
        project,
        '--service',
        'tests',
        '--artifacts',
        '/out/reports',
        '--artifacts-dir',
        artifacts,
      ],
      join(stacks, 'gitlab'),
    );
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^seaworthy: load +ok +\S+ +.*docker-compose\.yml: 4 service\(s\) \(db, api, worker, tests\)/m);
    expect(out).toMatch(/^seaworthy: build +ok .*nothing to build$/m);
    // One line per service as it gets there, with the time since the start phase began.
    expect(out).toMatch(/^seaworthy: +db +started +\d+\.\d+s$/m);
    expect(out).toMatch(/^seaworthy: +db +healthy +\d+\.\d+s$/m);
    expect(out).toMatch(/^seaworthy: +api +started +\d+\.\d+s$/m);
    expect(out.indexOf('db            healthy')).toBeLessThan(out.indexOf('api           started'));
    expect(out).toMatch(/^seaworthy: start +ok .*3 service\(s\) ready$/m);
    expect(out).toMatch(/^tests \| GET http:\/\/api:8080\/health\.json -> 200$/m);
    expect(out).toMatch(/^tests \| 1 passed$/m);
    expect(out).toMatch(/^seaworthy: test +ok .*tests exited with code 0$/m);
    expect(out).toMatch(/^seaworthy: artifacts +ok .*tests:\/out\/reports -> /m);
    expect(out).toMatch(/^seaworthy: teardown +ok /m);
    expect(out).toMatch(/^ {2}exit code {2}0$/m);
    expect(out).not.toContain('----- logs of');
    expect(await readFile(join(artifacts, 'reports', 'junit.xml'), 'utf8')).toContain('failures="0"');
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('keeps a failing test service exit code, prints its logs and its dependencies, warns for missing artifacts', async () => {
    const project = projectName('failing');
    const result = await run(
      ['-p', project, '--artifacts', '/no/such/path', '--artifacts-dir', join(scratch, 'failing'), '--log-lines', '50'],
      join(stacks, 'failing'),
    );
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const out = result.stdout;
    expect(out).toMatch(/^tests \| assertion failed: expected 200, got 500$/m);
    expect(out).toMatch(/^seaworthy: test +failed .*tests exited with code 3$/m);
    // The failing service first, then what it depends on; the worker nothing depends on was never started.
    const blocks = [...out.matchAll(/^seaworthy: ----- logs of (\S+) /gm)].map((m) => m[1]);
    expect(blocks).toEqual(['tests', 'db', 'api']);
    expect(out).toMatch(/^api \| httpd listening on 8080$/m);
    expect(out).toMatch(/^db \| .*database system is ready to accept connections/m);
    expect(out).not.toMatch(/^worker \|/m);
    expect(result.stderr).toContain('warning: no artifacts copied: nothing at /no/such/path');
    expect(out).toMatch(/^ {2}result {5}failed: tests exited with code 3$/m);
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('merges a base file and a CI override (Bitbucket layout): the override changes the address the tests use', async () => {
    const project = projectName('override');
    const cwd = join(stacks, 'bitbucket');
    const result = await run(
      ['-f', 'docker-compose.yml', '-f', 'docker-compose.ci.yml', '-p', project, '--logs', 'always'],
      cwd,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // --logs always: the logs of the test service and of what it depends on, after a test that passed.
    expect([...result.stdout.matchAll(/^seaworthy: ----- logs of (\S+) /gm)].map((m) => m[1])).toEqual([
      'tests',
      'api',
    ]);
    expect(result.stdout).toMatch(
      /^seaworthy: load +ok .*docker-compose\.yml, docker-compose\.ci\.yml: 2 service\(s\)/m,
    );
    expect(result.stdout).toMatch(/^tests \| GET http:\/\/api:8080\/index\.html -> 200$/m);
    // The base file alone points the tests at the developer's machine, which is not there in CI: the test fails.
    const alone = await run(['-p', `${project}-base`, '--logs', 'never'], cwd);
    expect(alone.code).not.toBe(0);
    expect(alone.stdout).toMatch(/^tests \| GET http:\/\/host\.docker\.internal:8080\/index\.html failed/m);
    expect(await leftInProject(engine, project)).toEqual([]);
    expect(await leftInProject(engine, `${project}-base`)).toEqual([]);
  });

  it('builds the test service from its Dockerfile, finds it in the cache next time, and builds again with --build', async () => {
    const cwd = join(stacks, 'build');
    // A build argument no other run uses: the first build can't come from the cache.
    const greeting = `hello-${projectName('b').slice(-6)}`;
    const env = { GREETING: greeting };
    const first = await run(['-p', projectName('build')], cwd, env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^seaworthy: build +ok .*tests built \(seaworthy-build\/[\w.-]+:[0-9a-f]{16}\)$/m);
    expect(first.stdout).toContain(`tests | ${greeting} from a built image`);
    const second = await run(['-p', projectName('build')], cwd, env);
    expect(second.stdout).toMatch(/^seaworthy: build +ok .*tests cached \(/m);
    const forced = await run(['-p', projectName('build'), '--build'], cwd, env);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^seaworthy: build +ok .*tests built \(/m);
  });

  it('runs a host command with the published addresses in its environment', async () => {
    const project = projectName('host');
    const script = [
      "const url = process.env.API_URL + '/index.html';",
      'fetch(url).then(async (r) => {',
      "  console.log('host command got ' + r.status + ' from ' + url);",
      "  console.log('cache at ' + process.env.CACHE_HOST + ':' + process.env.CACHE_PORT_6379);",
      '  process.exit(r.status === 200 && process.env.API_PORT === process.env.API_PORT_8080 ? 0 : 5);',
      '});',
    ].join('\n');
    const result = await run(['-p', project, '--', process.execPath, '-e', script], join(stacks, 'host-command'));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^seaworthy: {3}API_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toMatch(/^seaworthy: {3}CACHE_PORT_6379=\d+$/m);
    expect(out).toMatch(/^seaworthy: {3}\(no variables for worker: publishes no port\)$/m);
    expect(out).toMatch(/^host command got 200 from http:\/\/127\.0\.0\.1:\d+\/index\.html$/m);
    expect(out).toMatch(/^cache at 127\.0\.0\.1:\d+$/m);
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('exits with the host command code, and with 127 when it does not exist', async () => {
    const project = projectName('host-fail');
    const failed = await run(
      ['-p', project, '--logs', 'never', '--', process.execPath, '-e', 'process.exit(7)'],
      join(stacks, 'host-command'),
    );
    expect(failed.code).toBe(7);
    expect(failed.stdout).not.toContain('----- logs of');
    const missing = await run(['-p', `${project}-2`, '--', 'no-such-command-seaworthy'], join(stacks, 'host-command'));
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('no-such-command-seaworthy');
    expect(await leftInProject(engine, project)).toEqual([]);
    expect(await leftInProject(engine, `${project}-2`)).toEqual([]);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('tears down and exits with 128 + n on %s while the test service runs', async (signal, code) => {
    const project = projectName(signal.toLowerCase());
    const cli = startRun(['-p', project], join(stacks, 'long-running'));
    await cli.said('tests | tests started');
    expect((await leftInProject(engine, project)).length).toBeGreaterThan(0);
    cli.child.kill(signal);
    expect(await cli.exited).toBe(code);
    expect(cli.stderr()).toContain(`${signal} received during test`);
    // --logs on-failure: the logs come before the teardown, while the containers are still there.
    expect(cli.stdout()).toMatch(/^seaworthy: ----- logs of tests .*\n^tests \| tests started$/m);
    expect(cli.stdout()).toMatch(/^seaworthy: teardown +ok /m);
    expect(cli.stdout()).toMatch(new RegExp(`^ {2}exit code {2}${code}$`, 'm'));
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('tears down and exits 124 when --timeout passes', async () => {
    const project = projectName('timeout');
    const result = await run(['-p', project, '--timeout', '20'], join(stacks, 'long-running'));
    expect(result.code, result.stdout + result.stderr).toBe(124);
    expect(result.stderr).toMatch(/the run passed its --timeout of 20 s during \w+/);
    expect(result.stdout).toMatch(/^ {2}result {5}timed out during \w+$/m);
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('leaves nothing when killed with SIGKILL: the watchdog removes the project', async () => {
    const project = projectName('sigkill');
    const cli = startRun(['-p', project], join(stacks, 'long-running'));
    await cli.said('tests | tests started');
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toBe('SIGKILL');
    // The watchdog's promise is "within 10 s"; twice that on a busy machine.
    expect(await goneWithin(project, 20_000)).toEqual([]);
  });

  it('exits 125 when the stack does not start, with the failing condition and the service logs', async () => {
    const project = projectName('unhealthy');
    const result = await run(['-p', project, '--log-lines', '5'], join(stacks, 'unhealthy'));
    expect(result.code, result.stdout + result.stderr).toBe(125);
    expect(result.stderr).toMatch(/^seaworthy: the stack did not start \(db\): .*'db' did not become healthy/m);
    expect(result.stdout).toMatch(/^seaworthy: start +failed /m);
    expect(result.stdout).not.toMatch(/^seaworthy: test /m);
    expect(result.stdout).toMatch(/^seaworthy: ----- logs of db .*, last 5 line\(s\) -----$/m);
    expect(result.stdout).toMatch(/^ {2}result {5}seaworthy failed: SEAWORTHY_RUN_STARTUP$/m);
    expect(await leftInProject(engine, project)).toEqual([]);
  });

  it('exits 125 with the typed error for a bad compose file, an unknown service or bad arguments', async () => {
    const bad = await run(['-p', projectName('bad')], join(stacks, 'bad-file'));
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain('docker-compose.yml');
    expect(bad.stderr).toMatch(/ports/);
    expect(bad.stdout).toMatch(/^ {2}result {5}seaworthy failed: SEAWORTHY_COMPOSE_\w+$/m);
    const unknown = await run(['--service', 'tset'], join(stacks, 'failing'));
    expect(unknown.code).toBe(125);
    expect(unknown.stderr).toContain(
      "--service 'tset' is not a service of the compose files (services: db, api, worker, tests)",
    );
    const usage = await run(['--logs', 'sometimes'], join(stacks, 'failing'));
    expect(usage.code).toBe(125);
    expect(usage.stderr).toContain('--logs "sometimes" must be on-failure, always or never');
  });
});
