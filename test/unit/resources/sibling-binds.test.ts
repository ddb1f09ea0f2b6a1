import { describe, expect, it } from 'vitest';
import type { HostResolution } from '../../../src/engine/client.js';
import { runnerMountsLookup } from '../../../src/engine/docker/runner-mount-lookup.js';
import { parseDockerHost } from '../../../src/engine/endpoint.js';
import { decideHost, type HostEnv, type HostFacts } from '../../../src/engine/host/host-resolution.js';
import { type RawMount, toRunnerMounts } from '../../../src/engine/host/runner-mounts.js';
import { BindNotSharedError } from '../../../src/errors/index.js';
import type { CreateRequest } from '../../../src/resources/definitions/create-request.js';
import { translateSiblingBinds } from '../../../src/resources/launch/sibling-binds.js';

const RUNNER = 'c'.repeat(64);
const RAW: RawMount[] = [
  { Type: 'bind', Source: '/srv/reports', Destination: '/reports', RW: true },
  { Type: 'volume', Name: 'builds', Source: '/var/lib/docker/volumes/builds/_data', Destination: '/builds', RW: true },
];

/** Host resolution as a sibling runner (or a plain host) sees it. */
function resolution(sibling: boolean, env: HostEnv = {}): HostResolution {
  const facts: HostFacts = {
    env,
    hostAddressOption: undefined,
    endpoint: parseDockerHost('unix:///var/run/docker.sock', 'default socket'),
    inContainer: sibling,
    containerEvidence: sibling ? '/.dockerenv exists' : 'no /.dockerenv',
    ownContainer: sibling
      ? { id: RUNNER, name: 'ci-job-1', networkMode: 'bridge', networks: ['bridge'], foundBy: 'mountinfo' }
      : undefined,
    ownContainerLookup: '',
    hostname: 'cccccccccccc',
    engineHostname: undefined,
    hostDockerInternal: undefined,
  };
  return { facts, decision: decideHost(facts) };
}

/** An engine with only what translation needs; counts the runner lookups. */
function fakeEngine(sibling: boolean, env: HostEnv = {}) {
  const hostResolution = resolution(sibling, env);
  const calls: string[] = [];
  const runnerMounts = runnerMountsLookup({ hostResolution }, async (id) => {
    calls.push(id);
    return { Mounts: RAW };
  });
  return { engine: { hostResolution, runnerMounts }, calls };
}

const request = (host: CreateRequest['HostConfig']): CreateRequest => ({ Image: 'x', HostConfig: host });

describe('runnerMountsLookup', () => {
  it("lists the runner's mounts once per engine in the sibling topology", async () => {
    const { engine, calls } = fakeEngine(true);
    expect(await engine.runnerMounts()).toEqual(toRunnerMounts(RAW));
    await engine.runnerMounts();
    expect(calls).toEqual([RUNNER]);
  });

  it('is undefined, without an engine call, outside the sibling topology or with SEAWORTHY_SIBLING_BINDS=off', async () => {
    const host = fakeEngine(false);
    expect(await host.engine.runnerMounts()).toBeUndefined();
    const off = fakeEngine(true, { SEAWORTHY_SIBLING_BINDS: 'off' });
    expect(await off.engine.runnerMounts()).toBeUndefined();
    expect([...host.calls, ...off.calls]).toEqual([]);
  });

  it('asks again after a failed lookup', async () => {
    const hostResolution = resolution(true);
    let attempt = 0;
    const lookup = runnerMountsLookup({ hostResolution }, async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('engine hiccup');
      return { Mounts: RAW };
    });
    await expect(lookup()).rejects.toThrow('engine hiccup');
    expect(await lookup()).toHaveLength(2);
  });
});

describe('translateSiblingBinds', () => {
  it('rewrites typed bind mounts and HostConfig.Binds sources; leaves volumes, tmpfs and options alone', async () => {
    const { engine } = fakeEngine(true);
    const translated = await translateSiblingBinds(
      engine,
      request({
        Mounts: [
          { Type: 'bind', Source: '/builds/app/out', Target: '/out', ReadOnly: false },
          { Type: 'volume', Source: 'data', Target: '/data' },
          { Type: 'tmpfs', Target: '/tmp' },
        ],
        Binds: ['/reports/x:/in:ro', 'named-volume:/v', '/reports/y'],
        Memory: 1,
      }),
      'web',
    );
    expect(translated.HostConfig).toEqual({
      Mounts: [
        { Type: 'bind', Source: '/var/lib/docker/volumes/builds/_data/app/out', Target: '/out', ReadOnly: false },
        { Type: 'volume', Source: 'data', Target: '/data' },
        { Type: 'tmpfs', Target: '/tmp' },
      ],
      Binds: ['/srv/reports/x:/in:ro', 'named-volume:/v', '/srv/reports/y'],
      Memory: 1,
    });
  });

  it('fails with BindNotSharedError naming the path, the field and the runner mounts', async () => {
    const { engine } = fakeEngine(true);
    const attempt = translateSiblingBinds(
      engine,
      request({ Mounts: [{ Type: 'bind', Source: '/tmp/work', Target: '/work' }] }),
      'web',
    );
    await expect(attempt).rejects.toBeInstanceOf(BindNotSharedError);
    const error = (await attempt.catch((e: unknown) => e)) as BindNotSharedError;
    expect(error.code).toBe('SEAWORTHY_BIND_NOT_SHARED');
    expect(error).toMatchObject({ path: '/tmp/work', field: 'HostConfig.Mounts[0], target /work' });
    expect(error.message).toContain("container 'web' bind-mounts /tmp/work");
    expect(error.message).toContain('cccccccccccc (ci-job-1)');
    expect(error.message).toContain(
      "The runner's mounts: /reports (bind of /srv/reports); /builds (volume builds). Put the folder under one of them",
    );
  });

  it('returns the request as it is on a plain host, and without asking anything when there is no bind', async () => {
    const plain = request({ Mounts: [{ Type: 'bind', Source: '/tmp/work', Target: '/work' }] });
    expect(await translateSiblingBinds(fakeEngine(false).engine, plain, 'web')).toBe(plain);
    const sibling = fakeEngine(true);
    const noBinds = request({ Mounts: [{ Type: 'volume', Source: 'v', Target: '/v' }] });
    expect(await translateSiblingBinds(sibling.engine, noBinds, 'web')).toBe(noBinds);
    expect(sibling.calls).toEqual([]);
  });
});
