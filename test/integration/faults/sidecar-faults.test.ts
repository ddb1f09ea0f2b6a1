import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRedisCommands } from '../../../src/containers/redis/resp.js';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  FaultCommandError,
  Faults,
  FaultUnsupportedError,
  InvalidOptionError,
  waitFor,
} from '../../../src/index.js';
import { createHelper, fixtureImage, resourcesOf } from '../../support/helper.js';
import { netemAvailable } from './netem-probe.js';

/**
 * Network faults through the sidecar, against a real Redis: what a client
 * on this machine sees through the published port. The machine's kernel may
 * lack sch_netem (CI's does); `netemAvailable` asks tc in a throwaway
 * container, independently of the code under test.
 */
let helper: DockerHelper;
let faults: Faults;
beforeAll(async () => {
  helper = await createHelper();
  faults = new Faults(helper);
});
afterAll(async () => {
  await helper?.teardown();
  if (helper) expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

let serial = 0;
async function redis(): Promise<Container> {
  return new ContainerDefinition(`redis-${++serial}`, {
    image: fixtureImage('redis'),
    ports: [6379],
    wait: waitFor.logLine(/Ready to accept connections/),
  }).setup(helper);
}

/** PING through the published port; 'PONG', or the error message when no answer came within `timeoutMs`. */
async function ping(container: Container, timeoutMs = 3_000): Promise<string> {
  return sendRedisCommands(container.host, container.hostPort(6379), [['PING']], timeoutMs).then(
    (replies) => String(replies[0]?.value),
    (error: Error) => `failed: ${error.message}`,
  );
}

/** The sidecars of `target` on the engine (they carry its name in a label). */
async function sidecarsOf(target: Container): Promise<string[]> {
  return (await helper.engine.listByLabel(`dev.seaworthy.faults.target=${target.name}`)).containers;
}

describe('partition', () => {
  it('cuts the container off until removed: requests get no answer, then answer again', async () => {
    const db = await redis();
    expect(await ping(db)).toBe('PONG');
    const fault = await faults.partition(db);
    expect(fault).toMatchObject({ kind: 'partition', container: db.definition.name });
    expect(await ping(db)).toMatch(/^failed: /);
    // The container itself is still attached and running.
    expect((await db.state()).running).toBe(true);
    await fault.remove();
    expect(await ping(db, 10_000)).toBe('PONG');
    // Removing again does nothing.
    await fault.remove();
    expect(await ping(db)).toBe('PONG');
  });
});

describe('loss', () => {
  it('at 100% drops what the container sends (netem, or iptables without it), until removed', async () => {
    const db = await redis();
    const fault = await faults.loss(db, { percent: 100 });
    expect(await ping(db)).toMatch(/^failed: /);
    await fault.remove();
    expect(await ping(db, 10_000)).toBe('PONG');
  });

  it('at 30% still lets most requests through', async () => {
    const db = await redis();
    await using _fault = await faults.loss(db, { percent: 30 });
    // TCP retransmits what is lost: the requests still succeed, given time.
    expect(await ping(db, 30_000)).toBe('PONG');
  });
});

describe('bandwidth', () => {
  it('slows a transfer from the container to at most about the rate given', async () => {
    const db = await redis();
    // 400 kB of value, read back through the published port.
    const value = 'x'.repeat(400_000);
    await sendRedisCommands(db.host, db.hostPort(6379), [['SET', 'big', value]], 30_000);
    await using _fault = await faults.bandwidth(db, { kbit: 800 });
    const started = performance.now();
    const [reply] = await sendRedisCommands(db.host, db.hostPort(6379), [['GET', 'big']], 60_000);
    const tookMs = performance.now() - started;
    expect(reply).toEqual({ type: 'bulk', value });
    // 800 kbit/s is 100 kB/s: 400 kB take about 4 s. A generous lower bound only.
    expect(tookMs).toBeGreaterThan(2_000);
  });
});

describe('delay', () => {
  it('adds latency where the kernel has sch_netem, and says it lacks it where not', async () => {
    const db = await redis();
    if (await netemAvailable(helper)) {
      await ping(db);
      const fault = await faults.delay(db, { ms: 300 });
      const started = performance.now();
      expect(await ping(db, 30_000)).toBe('PONG');
      // The reply leaves the container at least 300 ms later (the SYN-ACK too).
      expect(performance.now() - started).toBeGreaterThan(250);
      await fault.remove();
    } else {
      const error = await faults.delay(db, { ms: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FaultUnsupportedError);
      expect(error).toMatchObject({
        code: 'SEAWORTHY_FAULT_UNSUPPORTED',
        fault: 'delay',
        container: db.definition.name,
      });
      expect((error as Error).message).toContain('sch_netem');
      expect((error as Error).message).toContain('modprobe sch_netem');
      expect((error as Error).message).toContain('TcpProxy');
      expect((error as FaultUnsupportedError).output).toMatch(/qdisc kind is unknown/i);
      // Nothing else was disturbed.
      expect(await ping(db)).toBe('PONG');
    }
  });
});

describe('stacking and clearing', () => {
  it('stacks kinds, removes one without the others, and clear() removes them all with the sidecar', async () => {
    const db = await redis();
    const slow = await faults.bandwidth(db, { kbit: 2_000 });
    const cut = await faults.partition(db);
    expect(await sidecarsOf(db)).toHaveLength(1);
    expect(await ping(db)).toMatch(/^failed: /);
    await slow.remove();
    // Still partitioned: removing the bandwidth limit left the partition in force.
    expect(await ping(db)).toMatch(/^failed: /);
    await cut.remove();
    expect(await ping(db, 10_000)).toBe('PONG');

    await faults.partition(db);
    await faults.clear(db);
    expect(await ping(db, 10_000)).toBe('PONG');
    expect(await sidecarsOf(db)).toEqual([]);
    // A fault after clear() gets a new sidecar.
    const again = await faults.partition(db);
    expect(await ping(db)).toMatch(/^failed: /);
    await again.remove();
    expect(await ping(db, 10_000)).toBe('PONG');
  });

  it('shares one sidecar per container between Faults instances', async () => {
    const db = await redis();
    const cut = await new Faults(helper).partition(db);
    const slow = await new Faults(helper).bandwidth(db, { kbit: 5_000 });
    expect(await sidecarsOf(db)).toHaveLength(1);
    await cut.remove();
    expect(await ping(db, 10_000)).toBe('PONG');
    await slow.remove();
    await faults.clear(db);
    expect(await sidecarsOf(db)).toEqual([]);
  });

  it('a sidecar stopped with SIGTERM undoes its faults first (its entrypoint)', async () => {
    const db = await redis();
    await faults.partition(db);
    expect(await ping(db)).toMatch(/^failed: /);
    const [sidecar] = await sidecarsOf(db);
    await helper.engine.stopContainer(sidecar as string, 10);
    expect(await ping(db, 10_000)).toBe('PONG');
    await faults.clear(db).catch(() => undefined);
  });

  it('removes the sidecar when the container is torn down', async () => {
    const db = await redis();
    await faults.partition(db);
    const [sidecar] = await sidecarsOf(db);
    expect(sidecar).toEqual(expect.any(String));
    await db.teardown();
    const { containers } = await resourcesOf(helper);
    expect(containers).not.toContain(sidecar);
    expect(containers).not.toContain(db.id);
  });
});

describe('bad input', () => {
  it('is refused before any container is made', async () => {
    const db = await redis();
    const before = await resourcesOf(helper);
    const attempts = [
      faults.delay(db, { ms: 0 }),
      faults.delay(db, { ms: 10, jitterMs: -1 }),
      faults.loss(db, { percent: 0 }),
      faults.loss(db, { percent: 101 }),
      faults.bandwidth(db, { kbit: 1.5 }),
      faults.bandwidth(db, { kbit: Number.NaN }),
    ];
    const errors = await Promise.all(attempts.map((attempt) => attempt.catch((e: unknown) => e)));
    for (const error of errors) expect(error).toBeInstanceOf(InvalidOptionError);
    expect(errors.map((e) => (e as InvalidOptionError).option)).toEqual([
      'delay.ms',
      'delay.jitterMs',
      'loss.percent',
      'loss.percent',
      'bandwidth.kbit',
      'bandwidth.kbit',
    ]);
    expect(await resourcesOf(helper)).toEqual(before);
    expect(() => new Faults(helper, { image: ' ' })).toThrow(InvalidOptionError);
  });

  it('says so when the sidecar image lacks the tools', async () => {
    const db = await redis();
    // The logger fixture has neither tc nor iptables.
    const bare = new Faults(helper, { image: fixtureImage('logger') });
    const error = await bare.partition(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultCommandError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_FAULT_COMMAND', container: db.definition.name });
    await bare.clear(db);
    expect(await sidecarsOf(db)).toEqual([]);
  });
});

describe('a missing sidecar image', () => {
  it('fails with FaultSidecarError saying how to build it, leaving nothing behind', async () => {
    const db = await redis();
    const before = await resourcesOf(helper);
    const missing = new Faults(helper, { image: 'seaworthy-fixture/no-such-netem:latest' });
    const error = await missing.loss(db, { percent: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SEAWORTHY_FAULT_SIDECAR', image: 'seaworthy-fixture/no-such-netem:latest' });
    expect((error as Error).message).toContain('docs/faults.md');
    expect(await resourcesOf(helper)).toEqual(before);
    expect(await ping(db)).toBe('PONG');
  });
});
