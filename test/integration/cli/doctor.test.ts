import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

/** `seaworthy doctor` as the command line runs it, with its own session so its resources can be found. */
async function runDoctor(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const session = `doctor${randomBytes(4).toString('hex')}`;
  const lines: string[] = [];
  const errors: string[] = [];
  const io: CliIo = {
    out: (text) => lines.push(text),
    err: (text) => errors.push(text),
    env: { ...process.env, SEAWORTHY_PULL: 'never', SEAWORTHY_SESSION_ID: session, ...env },
  };
  const code = await main(['doctor', ...args], io);
  const output = lines.join('\n');
  /** The value printed after `label:` on its line. */
  const field = (label: string) => new RegExp(`^\\s+${label}:\\s+(.*)$`, 'm').exec(output)?.[1];
  return { code, output, errors, session, field };
}

describe('seaworthy doctor', () => {
  it('prints the engine, the facts, the decision and why, then reaches a throwaway container', async () => {
    const run = await runDoctor(['--image', fixtureImage('httpd')]);
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    for (const section of ['overrides', 'engine', 'facts', 'decision', 'check']) {
      expect(run.output).toMatch(new RegExp(`^${section}$`, 'm'));
    }
    // What it printed is what a test's engine connection decides here.
    const engine = await Engine.connect();
    const { decision } = engine.hostResolution;
    expect(run.field('topology')).toBe(decision.topology);
    expect(run.field('why')).toBe(decision.reason);
    expect(run.field('address')).toBe(`${engine.address} (from ${engine.endpoint.source})`);
    expect(run.field('fetched')).toMatch(/^http:\/\/\S+:\d+\/index\.html: the check page/);
    expect(run.output).toMatch(/^result: ok$/m);
  });

  it('leaves nothing behind', async () => {
    const run = await runDoctor(['--image', fixtureImage('httpd')]);
    expect(run.code).toBe(0);
    const engine = await Engine.connect();
    expect(await engine.listByLabel(`${LABELS.session}=${run.session}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });

  it('shows the overrides in effect and follows SEAWORTHY_HOST', async () => {
    const run = await runDoctor(['--image', fixtureImage('httpd')], { SEAWORTHY_HOST: '127.0.0.1' });
    expect(run.code).toBe(0);
    expect(run.field('SEAWORTHY_HOST')).toMatch(/^127\.0\.0\.1 \(published ports are reached at this address/);
    expect(run.field('SEAWORTHY_RUNNER_CONTAINER')).toBe('not set');
    expect(run.field('topology')).toBe('override');
    expect(run.field('why')).toBe('SEAWORTHY_HOST=127.0.0.1');
    expect(run.field('fetched')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/index\.html/);
  });

  it('fails with exit code 1 and says how to pick another image when the check image is missing', async () => {
    const run = await runDoctor(['--image', 'seaworthy-fixture/no-such-image:latest']);
    expect(run.code).toBe(1);
    expect(run.field('failed')).toMatch(/the check image is not available: .*no-such-image.*Pass --image/);
    expect(run.output).toMatch(/^result: failed/m);
  });

  it('fails with exit code 1 and the addresses it tried when no engine answers', async () => {
    const run = await runDoctor(['--image', fixtureImage('httpd')], {
      DOCKER_HOST: 'unix:///tmp/seaworthy-no-engine-here.sock',
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain('unix:///tmp/seaworthy-no-engine-here.sock (from DOCKER_HOST)');
    expect(run.output).toMatch(/^result: failed, no engine answered$/m);
  });

  it('rejects an unknown option with exit code 2 and its usage', async () => {
    const run = await runDoctor(['--imge', 'x']);
    expect(run.code).toBe(2);
    expect(run.errors.join('\n')).toMatch(/doctor: .*--imge[\s\S]*Usage: seaworthy doctor/);
  });
});
