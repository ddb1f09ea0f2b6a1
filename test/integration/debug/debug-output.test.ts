import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Engine, LABELS } from '../../../src/tools.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const child = join(import.meta.dirname, 'debug-child.ts');

interface Run {
  readonly stderr: string;
  readonly namespace: string;
  readonly secrets: readonly string[];
}

/** Run debug-child.ts with `DEBUG` set and fresh secrets; its debug output is its stderr. */
async function runWithDebug(debug: string): Promise<Run> {
  const secrets = ['pw', 'url', 'tok'].map((kind) => `${kind}${randomBytes(12).toString('hex')}`);
  const { stdout, stderr } = await promisify(execFile)(tsx, [child, ...secrets], {
    cwd: root,
    env: { ...process.env, DEBUG: debug, DEBUG_COLORS: 'no' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const { namespace } = JSON.parse(stdout.trim().split('\n')[0] ?? '{}') as { namespace: string };
  return { stderr, namespace, secrets };
}

async function leftBehind(namespace: string) {
  const engine = await Engine.connect();
  return engine.listByLabel(`${LABELS.namespace}=${namespace}`);
}

describe('DEBUG=seaworthy* output', () => {
  it('shows engine calls and wait progress, never a secret, and the child leaves nothing behind', async () => {
    const run = await runWithDebug('seaworthy*');
    // One line per engine call, with status and duration; the create shows its env redacted.
    expect(run.stderr).toMatch(/seaworthy:engine #\d+ GET \/version → 200 in \d+ ms/);
    expect(run.stderr).toMatch(
      /seaworthy:engine #\d+ POST \/containers\/create\?name=\S+_web \{.*"DB_PASSWORD=\*\*\*".*"DATABASE_URL=postgres:\/\/app:\*\*\*@db\.internal:5432\/app".*\} → 201 in \d+ ms/,
    );
    expect(run.stderr).toMatch(/seaworthy:engine #\d+ POST \/containers\/\w+\/start → 204 in \d+ ms/);
    expect(run.stderr).toMatch(/seaworthy:engine #\d+ POST \/containers\/\w+\/exec \{.*"API_TOKEN=\*\*\*".*\} → 201/);
    expect(run.stderr).toMatch(/seaworthy:engine #\d+ DELETE \/containers\/\w+\?force=true&v=true → 204 in \d+ ms/);
    // The wait: its start, its progress, its outcome.
    expect(run.stderr).toMatch(/seaworthy:wait web: waiting for port 8080\/tcp to accept connections \(limit \d+ ms\)/);
    expect(run.stderr).toMatch(/seaworthy:wait web: .+ after \d+ ms \(\d+ reports? since the last line\)/);
    expect(run.stderr).toMatch(/seaworthy:wait web: ready \(port 8080\/tcp to accept connections\) after \d+ ms/);
    // Host resolution, helper and cleanup decisions.
    expect(run.stderr).toMatch(/seaworthy:host decision: \S+, reach \S+ at \S+/);
    expect(run.stderr).toContain(`seaworthy:helper ${run.namespace}: created on`);
    expect(run.stderr).toContain(`seaworthy:cleanup ${run.namespace}: watchdog released`);
    for (const secret of run.secrets) expect(run.stderr).not.toContain(secret);
    expect(await leftBehind(run.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('DEBUG=* keeps docker-modem quiet: seaworthy lines only, and no secret', async () => {
    const run = await runWithDebug('*');
    expect(run.stderr).toMatch(/seaworthy:engine #\d+ POST \/containers\/create\?name=\S+_web .* → 201 in \d+ ms/);
    expect(run.stderr).toMatch(/seaworthy:wait web: ready/);
    // docker-modem's namespace is `modem`: with `DEBUG=*,modem` it would print every request, env included.
    expect(run.stderr).not.toMatch(/^\S+ modem /m);
    for (const secret of run.secrets) expect(run.stderr).not.toContain(secret);
    expect(await leftBehind(run.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
