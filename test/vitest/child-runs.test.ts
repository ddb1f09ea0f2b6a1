import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface Assertion {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: string[];
  readonly meta?: unknown;
}

/** Run one case file in a child Vitest and return its assertions by title (and the report). */
async function runCase(file: string, env: Record<string, string | undefined>) {
  const dir = await mkdtemp(join(tmpdir(), 'sw-case-'));
  const report = join(dir, 'report.json');
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  await run(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'test/vitest/cases/vitest.config.ts',
      file,
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { env: childEnv, maxBuffer: 10_000_000 },
  ).catch((error: { code?: number }) => {
    // A child run with failing tests exits 1; that is what some cases are for.
    if (error.code !== 1) throw error;
  });
  const json = JSON.parse(await readFile(report, 'utf8')) as { testResults: { assertionResults: Assertion[] }[] };
  await rm(dir, { recursive: true, force: true });
  const byTitle = new Map<string, Assertion>();
  for (const file of json.testResults) for (const a of file.assertionResults) byTitle.set(a.title, a);
  return byTitle;
}

describe('failure diagnostics', () => {
  it('adds the last log lines of the containers a failed test used to its failure', async () => {
    const results = await runCase('diagnostics.case.ts', { SEAWORTHY_ARTIFACTS_DIR: undefined });
    const failed = results.get('fails while using a container');
    expect(failed?.status).toBe('failed');
    const message = failed?.failureMessages.join('\n') ?? '';
    expect(message).toContain('Last');
    expect(message).toContain("log line(s) of 'chatty'");
    expect(message).toContain('hello from the chatty container');
    // A failure that used no container gets nothing added.
    const plain = results.get('fails without using a container')?.failureMessages.join('\n') ?? '';
    expect(plain).not.toContain('seaworthy:');
    expect(results.get('passes while using a container')?.status).toBe('passed');
  });

  it('writes logs and collected files per test to SEAWORTHY_ARTIFACTS_DIR', async () => {
    const artifacts = await mkdtemp(join(tmpdir(), 'sw-artifacts-'));
    try {
      await runCase('diagnostics.case.ts', { SEAWORTHY_ARTIFACTS_DIR: artifacts });
      const fileDir = join(artifacts, 'diagnostics.case.ts');
      const tests = (await readdir(fileDir)).sort();
      expect(tests).toEqual(['fails_while_using_a_container', 'passes_while_using_a_container']);
      const failedDir = join(fileDir, 'fails_while_using_a_container');
      const log = await readFile(join(failedDir, 'chatty.log'), 'utf8');
      expect(log).toContain('hello from the chatty container');
      const hostname = await readFile(join(failedDir, 'chatty', 'etc', 'hostname'), 'utf8');
      expect(hostname.trim()).toMatch(/^[0-9a-f]{12}$/);
    } finally {
      await rm(artifacts, { recursive: true, force: true });
    }
  });

  it('with SEAWORTHY_ARTIFACTS_WHEN=failed, keeps only failed tests', async () => {
    const artifacts = await mkdtemp(join(tmpdir(), 'sw-artifacts-'));
    try {
      await runCase('diagnostics.case.ts', { SEAWORTHY_ARTIFACTS_DIR: artifacts, SEAWORTHY_ARTIFACTS_WHEN: 'failed' });
      expect(await readdir(join(artifacts, 'diagnostics.case.ts'))).toEqual(['fails_while_using_a_container']);
    } finally {
      await rm(artifacts, { recursive: true, force: true });
    }
  });
});

describe('tests that need Docker', () => {
  const noEngine = { DOCKER_HOST: 'unix:///tmp/seaworthy-no-engine-here.sock' };

  it('are skipped, with the reason, when no engine answers', async () => {
    const results = await runCase('needs-docker.case.ts', { ...noEngine, CI: undefined });
    for (const title of ['uses a file-scoped container', 'uses the helper', 'marks itself as needing Docker']) {
      expect(results.get(title)?.status, title).toBe('skipped');
    }
    expect(results.get('needs no Docker at all')?.status).toBe('passed');
  });

  it('fail instead when CI is set', async () => {
    const results = await runCase('needs-docker.case.ts', { ...noEngine, CI: 'true' });
    for (const title of ['uses a file-scoped container', 'uses the helper', 'marks itself as needing Docker']) {
      const result = results.get(title);
      expect(result?.status, title).toBe('failed');
      expect(result?.failureMessages.join('\n'), title).toContain('needs a Docker engine, and CI is set');
    }
    expect(results.get('needs no Docker at all')?.status).toBe('passed');
  });

  it('run normally when the engine answers', async () => {
    const results = await runCase('needs-docker.case.ts', {});
    expect([...results.values()].map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });
});

describe('test-scoped containers and concurrent tests', () => {
  it('the second concurrent user gets a clear error instead of a name clash', async () => {
    const results = await runCase('concurrent.case.ts', {});
    const statuses = [results.get('first')?.status, results.get('second')?.status].sort();
    expect(statuses).toEqual(['failed', 'passed']);
    const failed = [...results.values()].find((r) => r.status === 'failed');
    expect(failed?.failureMessages.join('\n')).toContain(
      "fixture 'box' is test-scoped and already in use by another test running at the same time",
    );
  });
});
