import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

let dir: string;
const session = `structurecli${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seaworthy-structure-cli-'));
  await writeFile(
    join(dir, 'files.yaml'),
    `schemaVersion: "2.0.0"
fileExistenceTests:
  - name: busybox
    path: /busybox
    isExecutableBy: any
fileContentTests:
  - name: users
    path: /etc/passwd
    expectedContents: ['(?m)^root:x:0:0:']
`,
  );
  await writeFile(
    join(dir, 'commands.yml'),
    `schemaVersion: "2.0.0"
commandTests:
  - name: release
    command: cat
    args: [/etc/os-release]
    expectedOutput: ['(?i)debian']
`,
  );
  await writeFile(
    join(dir, 'failing.yaml'),
    `schemaVersion: "2.0.0"
metadataTest:
  cmd: ["/busybox", "sh"]
fileExistenceTests:
  - name: shell
    path: /bin/sh
`,
  );
  await writeFile(
    join(dir, 'bad.yaml'),
    `schemaVersion: "2.0.0"
commandTests:
  - name: a
    command: ls
  - name: b
    command: ls
    exitCode: "zero"
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `seaworthy structure-test ...` as the command line runs it. */
async function run(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { ...process.env, SEAWORTHY_PULL: 'never', SEAWORTHY_SESSION_ID: session },
  };
  const code = await main(['structure-test', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('seaworthy structure-test', () => {
  it('exits 0 when every check passes, printing each file and the summary like the Go tool', async () => {
    const result = await run(['--image', fixtureImage('noshell'), '--config', join(dir, 'files.yaml')]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('====== Test file: files.yaml ======');
    expect(result.out).toMatch(/=== RUN: File Content Test: users\n--- PASS\nduration: 0s/);
    expect(result.out).toMatch(/=== RUN: File Existence Test: busybox\n--- PASS/);
    expect(result.out).toMatch(/Passes: {6}2\nFailures: {4}0\n[\s\S]*Total tests: 2\n\nPASS$/);
  });

  it('exits 1 when a check fails, with the reasons', async () => {
    const result = await run([
      '-i',
      fixtureImage('noshell'),
      '-c',
      join(dir, 'files.yaml'),
      '-c',
      join(dir, 'failing.yaml'),
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('====== Test file: failing.yaml ======');
    expect(result.out).toMatch(
      /=== RUN: File Existence Test: shell\n--- FAIL\nduration: 0s\nError: Error examining file in container: File \/bin\/sh not found in image/,
    );
    expect(result.out).toContain('Error: Image Cmd [/busybox sleep 3600] does not match expected Cmd: [/busybox sh]');
    expect(result.out).toMatch(/Passes: {6}2\nFailures: {4}2\n[\s\S]*\nFAIL$/);
  });

  it("writes the Go tool's JSON report with --output json", async () => {
    const result = await run([
      '--image',
      'debian:bookworm-slim',
      '--config',
      join(dir, 'commands.yml'),
      '--output',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(Object.keys(report)).toEqual(['Pass', 'Fail', 'Total', 'Duration', 'Results']);
    expect(report).toMatchObject({ Pass: 1, Fail: 0, Total: 1 });
    expect(Object.keys(report.Results[0])).toEqual(['Name', 'Pass', 'Stdout', 'Duration']);
    expect(report.Results[0]).toMatchObject({ Name: 'Command Test: release', Pass: true });
    expect(report.Results[0].Stdout).toMatch(/^PRETTY_NAME="Debian GNU\/Linux 12/m);
    expect(report.Duration).toBe(report.Results[0].Duration);
    expect(report.Duration).toBeGreaterThan(0);
  });

  it('exits 2 for a config that cannot be read as written, naming the file and the field', async () => {
    const bad = await run(['--image', 'debian:bookworm-slim', '--config', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toBe(
      `seaworthy structure-test: structure-test config ${join(dir, 'bad.yaml')}: \`commandTests[1].exitCode\`: expected an integer, got string "zero"`,
    );
    const missing = await run(['--image', 'debian:bookworm-slim', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.yaml: can't be read \(ENOENT/);
  });

  it('exits 2 for bad arguments, with the usage', async () => {
    const result = await run(['--config', join(dir, 'files.yaml')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--image is required[\s\S]*Usage: seaworthy structure-test/);
  });

  it('exits 1 naming the image when it is not on the engine (and --pull is not given)', async () => {
    const result = await run([
      '--image',
      'seaworthy-fixture/no-such-image:latest',
      '--config',
      join(dir, 'files.yaml'),
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no-such-image/);
  });

  it('leaves nothing behind', async () => {
    const engine = await Engine.connect();
    expect(await engine.listByLabel(`${LABELS.session}=${session}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});
