import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  DockerHelper,
  EngineConnectionLostError,
  type EngineSkippedWarning,
  EngineUnavailableError,
} from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { runScope } from '../../../src/vitest/index.js';
import { fixtureImage } from '../../support/helper.js';
import { tcpEngine } from '../../support/tcp-engine.js';

/**
 * The core of several engines against the real engine: the local socket,
 * plus tcp forwarders to it that stand in for other engines (one can be
 * closed mid-run). The spread over real separate engines, with TLS, is in
 * test/engines/.
 */
describe('several engines (SEAWORTHY_ENGINES)', () => {
  let leases: string;
  const helpers: DockerHelper[] = [];
  beforeEach(() => {
    leases = mkdtempSync(join(tmpdir(), 'sw-engine-leases-'));
  });
  afterEach(async () => {
    await Promise.allSettled(helpers.splice(0).map((h) => h.teardown()));
    rmSync(leases, { recursive: true, force: true });
  });
  const sleeper = (name: string) =>
    new ContainerDefinition(name, { image: fixtureImage('logger'), command: ['sleep', '300'], stopTimeoutMs: 0 });
  const create = async (engines: string, env: Record<string, string> = {}) => {
    const helper = await DockerHelper.create({
      engine: { engines },
      env: { ...process.env, SEAWORTHY_ENGINE_LEASES: leases, ...env },
    });
    helpers.push(helper);
    return helper;
  };
  /** A port on 127.0.0.1 that nothing listens on. */
  const closedPort = async () => {
    const probe = await tcpEngine();
    const port = Number(probe.host.split(':').pop());
    probe.close();
    return port;
  };

  it('skips an engine that does not answer, with a warning naming it, and tells where each container lives', async () => {
    const warnings: EngineSkippedWarning[] = [];
    const onWarning = (warning: Error) => {
      if ((warning as { code?: string }).code === 'SEAWORTHY_ENGINE_SKIPPED') warnings.push(warning as never);
    };
    process.on('warning', onWarning);
    try {
      const port = await closedPort();
      const helper = await create(`gone=tcp://127.0.0.1:${port};weight=5, local=default`);
      expect(helper.engine.name).toBe('local');
      const container = await helper.setup(sleeper('placed'));
      expect(container.engine.name).toBe('local');
      expect(container.engine.address).toBe('unix:///var/run/docker.sock');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ engine: 'gone', address: `tcp://127.0.0.1:${port}` });
      expect(warnings[0]?.message).toContain("engine 'gone'");
      expect(warnings[0]?.message).toContain("'local' (the local sockets)");
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('fails with EngineUnavailableError listing every engine when none answers', async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    const error = await create(`a=tcp://127.0.0.1:${a}, b=tcp://127.0.0.1:${b}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).attempts.map((t) => t.source)).toEqual([
      "SEAWORTHY_ENGINES entry 'a'",
      "SEAWORTHY_ENGINES entry 'b'",
    ]);
  });

  it('connects to every engine of the list at once (for leftovers and doctor), each down one with its error', async () => {
    const port = await closedPort();
    const reaches = await Engine.connectEvery({ engines: `local=default, gone=tcp://127.0.0.1:${port}` });
    expect(reaches.map((r) => r.name)).toEqual(['local', 'gone']);
    const [local, gone] = reaches;
    expect(local && 'engine' in local && local.engine.name).toBe('local');
    expect(gone && 'error' in gone && gone.error).toBeInstanceOf(EngineUnavailableError);
    expect(await Engine.connectEvery({ env: {} }).then((r) => r.map((x) => x.name))).toEqual(['default']);
  });

  it('keeps a worker on one engine for its lifetime, and reads SEAWORTHY_ENGINES', async () => {
    const forwarder = await tcpEngine();
    try {
      const engines = `fwd=${forwarder.host}, local=default;weight=0.5`;
      const first = await DockerHelper.create({
        env: { ...process.env, SEAWORTHY_ENGINES: engines, SEAWORTHY_ENGINE_LEASES: leases },
      });
      helpers.push(first);
      expect(first.engine.name).toBe('fwd');
      await first.teardown();
      // Its lease is idle now, but the next helper of this worker goes to the same engine.
      const second = await create(engines);
      expect(second.engine.name).toBe('fwd');
      expect((await second.setup(sleeper('again'))).engine.name).toBe('fwd');
      // Through the forwarder, before it closes.
      await second.teardown();
    } finally {
      forwarder.close();
    }
  });

  it("gives the run scope's helper an engine of the list, and its containers say which", async () => {
    const provided: Record<string, unknown> = {};
    const setup = runScope(
      { box: sleeper('run-box') },
      ({ box }, helper) => ({ boxEngine: box.engine.name, helperEngine: helper.engine.name }) as never,
      { engine: { engines: 'runner=default' }, env: { ...process.env, SEAWORTHY_ENGINE_LEASES: leases } },
    );
    const teardown = await setup({
      provide: (key, value) => {
        provided[key] = value;
      },
    });
    await teardown();
    expect(provided).toEqual({ boxEngine: 'runner', helperEngine: 'runner' });
  });

  it('publishes on the interface an entry names (publish=) and reaches ports at its host= address', async () => {
    const helper = await create('local=default;publish=0.0.0.0;host=127.0.0.1');
    const container = await helper.setup(
      new ContainerDefinition('web', { image: fixtureImage('httpd'), ports: [8080] }),
    );
    const info = await helper.engine.inspectContainer(container.id);
    const bindings = (info as { HostConfig?: { PortBindings?: Record<string, { HostIp?: string }[]> } }).HostConfig
      ?.PortBindings;
    expect(
      Object.values(bindings ?? {})
        .flat()
        .map((b) => b.HostIp),
    ).toEqual(['0.0.0.0']);
    expect(container.host).toBe('127.0.0.1');
  });

  it('fails only the work on an engine that goes away mid-run, with EngineConnectionLostError naming it', async () => {
    const forwarder = await tcpEngine();
    let closed = false;
    try {
      const helper = await create(`remote-b=${forwarder.host}`);
      const container = await helper.setup(sleeper('doomed'));
      forwarder.close();
      closed = true;
      const error = await container.exec(['true']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineConnectionLostError);
      expect(error).toMatchObject({ code: 'SEAWORTHY_ENGINE_LOST', engine: 'remote-b' });
      expect((error as Error).message).toContain(`lost the Docker engine 'remote-b' at ${forwarder.host}`);
      // The container itself lives on (the real engine is up): the local engine's own helper removes it below.
      const local = await create('local=default');
      await local.engine.removeResource('container', container.id);
    } finally {
      if (!closed) forwarder.close();
    }
  });
});
