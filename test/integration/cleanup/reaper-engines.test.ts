import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/cleanup/owner.js';
import { DockerHelper } from '../../../src/index.js';
import { Engine, LABELS } from '../../../src/tools.js';

/**
 * A tcp:// engine on loopback that forwards to the local socket and keeps
 * what its clients sent, so a test can tell which requests went through it.
 */
async function recordingEngine() {
  const sent: string[] = [];
  const sockets = new Set<{ destroy(): void }>();
  const server = createServer((client) => {
    const upstream = connect('/var/run/docker.sock');
    const index = sent.push('') - 1;
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      sent[index] += chunk.toString('latin1');
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no tcp address');
  return {
    host: `tcp://127.0.0.1:${address.port}`,
    /** Method and path of every request sent so far. */
    requests: () =>
      [...sent.join('').matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r$/gm)].map(
        (m) => `${m[1]} ${decodeURIComponent(m[2] ?? '')}`,
      ),
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

/**
 * The reaper runs per engine: a helper placed on an engine of
 * SEAWORTHY_ENGINES reaps dead owners' leftovers on that engine, through its
 * own connection. The "engine" is a forwarder to the local socket, so the
 * test sees the reaper's requests go through it.
 */
describe('the reaper of a helper on an engine of the list', () => {
  let leases: string;
  beforeEach(() => {
    leases = mkdtempSync(join(tmpdir(), 'sw-reaper-leases-'));
  });
  afterEach(() => {
    rmSync(leases, { recursive: true, force: true });
  });

  it("lists and removes a dead owner's leftovers through that engine's connection", async () => {
    const forwarder = await recordingEngine();
    const local = await Engine.connect();
    // A process of this host and PID namespace that has exited: its leftovers are a dead owner's.
    const deadPid = spawnSync('true').pid;
    const name = `sw-reaper-engines-${process.pid}-${deadPid}`;
    await local.createVolume({
      Name: name,
      Labels: {
        [LABELS.managed]: 'true',
        [LABELS.namespace]: name,
        [LABELS.session]: 'reaper-engines',
        [LABELS.host]: hostname(),
        [LABELS.pid]: String(deadPid),
        ...placeLabels(),
      },
    });
    try {
      const helper = await DockerHelper.create({
        engine: { engines: `far=${forwarder.host}` },
        env: { ...process.env, SEAWORTHY_ENGINE_LEASES: leases },
        cleanup: { reap: true, watchdog: false },
      });
      expect(helper.engine.name).toBe('far');
      await helper.teardown(); // waits for its reaper
      // Gone (this helper's reaper, or another run's on this machine that was faster)...
      expect(await local.volumeExists(name)).toBe(false);
      // ...and this helper's reaper looked for dead owners on its own engine, through the forwarder.
      const reaperListing = `{"label":["${LABELS.managed}=true","${LABELS.host}=${hostname()}"]}`;
      expect(forwarder.requests()).toContainEqual(expect.stringMatching(/^GET \/v[\d.]+\/volumes\?filters=/));
      expect(forwarder.requests().some((r) => r.startsWith('GET ') && r.includes(reaperListing))).toBe(true);
    } finally {
      await local.removeResource('volume', name);
      forwarder.close();
    }
  });
});
