import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { MAX_API_VERSION, MIN_API_VERSION } from '../../../src/engine/api-version.js';
import { Engine, LABELS, resolveHostInternal } from '../../../src/tools.js';
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
    expect(run.field('chosen by')).toMatch(
      new RegExp(
        `^${engine.endpoint.source.replace(/[()$]/g, '\\$&')}; looked up in order: engine\\.host option, DOCKER_HOST, DOCKER_CONTEXT`,
      ),
    );
    expect(run.field('API in use')).toBe(
      `${engine.version.negotiatedApiVersion}, sent with every request (the engine speaks up to ` +
        `${engine.version.apiVersion}; seaworthy speaks ${MIN_API_VERSION} to ${MAX_API_VERSION})`,
    );
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

  it('says which host internal address it would use, from which source, where the topology has none', async () => {
    const run = await runDoctor(['--image', fixtureImage('httpd')], { BITBUCKET_DOCKER_HOST_INTERNAL: '' });
    expect(run.code).toBe(0);
    const engine = await Engine.connect({ env: { ...process.env, BITBUCKET_DOCKER_HOST_INTERNAL: '' } });
    const { facts, decision } = engine.hostResolution;
    // Here (on the host, or beside its own engine) no internal address is used.
    expect(decision.hostInternal).toBeUndefined();
    const wouldBe = resolveHostInternal(facts);
    expect(wouldBe.source).not.toBe('BITBUCKET_DOCKER_HOST_INTERNAL');
    expect(run.field('host internal address')).toBe(
      `not used in the ${decision.topology} topology; it would be ${wouldBe.address} (from ${wouldBe.source}; ` +
        'containers need the extra host host.docker.internal:host-gateway)',
    );
    expect(run.field('because')).toBe(wouldBe.reason);
    expect(run.output).not.toMatch(/fetched \(internal\)/);
  });

  it('reports BITBUCKET_DOCKER_HOST_INTERNAL as the chosen internal address and fetches the check page through it', async () => {
    // Loopback, so that the check's traffic stays on this machine's 127.0.0.1.
    const env = { BITBUCKET_DOCKER_HOST_INTERNAL: '127.0.0.1' };
    const run = await runDoctor(['--image', fixtureImage('httpd')], env);
    expect(run.code).toBe(0);
    expect(run.field('BITBUCKET_DOCKER_HOST_INTERNAL')).toMatch(/^127\.0\.0\.1 \(set by Bitbucket Pipelines/);
    const engine = await Engine.connect({ env: { ...process.env, ...env } });
    const { facts, decision } = engine.hostResolution;
    expect(run.field('topology')).toBe(decision.topology);
    if (!facts.inContainer) {
      // On a plain host the variable decides nothing: the would-be line names it.
      expect(run.field('host internal address')).toMatch(/^not used in the host topology; it would be 127\.0\.0\.1/);
      return;
    }
    expect(decision.topology).toBe('bitbucket');
    expect(run.field('host internal address')).toBe(
      "127.0.0.1 (from BITBUCKET_DOCKER_HOST_INTERNAL), advertised on Kafka's host listener",
    );
    expect(run.field('because')).toBe(
      "BITBUCKET_DOCKER_HOST_INTERNAL=127.0.0.1: the docker service's containers reach this step there",
    );
    expect(run.field('ports published on')).toBe("127.0.0.1 on the engine's host");
    expect(run.field('fetched \\(internal\\)')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/index\.html: the check page$/);
  });

  it('fails with exit code 1 and says how to pick another image when the check image is missing', async () => {
    const run = await runDoctor(['--image', 'seaworthy-fixture/no-such-image:latest']);
    expect(run.code).toBe(1);
    expect(run.field('failed')).toMatch(/the check image is not available: .*no-such-image.*Pass --image/);
    expect(run.output).toMatch(/^result: failed/m);
  });

  it('says which Docker context won, and that DOCKER_HOST wins over DOCKER_CONTEXT', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sw-doctor-contexts-'));
    try {
      execFileSync('docker', ['context', 'create', 'here', '--docker', 'host=unix:///var/run/docker.sock'], {
        env: { PATH: process.env.PATH, DOCKER_CONFIG: config },
        stdio: 'ignore',
      });
      const run = await runDoctor(['--image', fixtureImage('httpd')], {
        DOCKER_CONFIG: config,
        DOCKER_CONTEXT: 'here',
      });
      expect(run.code).toBe(0);
      expect(run.field('DOCKER_CONTEXT')).toMatch(/^here \(the Docker context whose engine is used/);
      expect(run.field('address')).toBe("unix:///var/run/docker.sock (from Docker context 'here' (DOCKER_CONTEXT))");
      expect(run.field('chosen by')).toMatch(/^Docker context 'here' \(DOCKER_CONTEXT\); looked up in order/);
      const both = await runDoctor(['--image', fixtureImage('httpd')], {
        DOCKER_CONFIG: config,
        DOCKER_CONTEXT: 'here',
        DOCKER_HOST: 'unix:///var/run/docker.sock',
      });
      expect(both.field('chosen by')).toMatch(/^DOCKER_HOST; /);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('fails with exit code 1 and lists the contexts there are when the context named is missing', async () => {
    const config = mkdtempSync(join(tmpdir(), 'sw-doctor-contexts-'));
    try {
      const run = await runDoctor(['--image', fixtureImage('httpd')], {
        DOCKER_CONFIG: config,
        DOCKER_CONTEXT: 'gone',
      });
      expect(run.code).toBe(1);
      expect(run.output).toContain("Docker context 'gone' (from DOCKER_CONTEXT) is not in the contexts store");
      expect(run.output).toContain('Contexts found: default.');
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
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
