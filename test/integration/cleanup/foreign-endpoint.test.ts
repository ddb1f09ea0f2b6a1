import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper } from '../../../src/index.js';
import { type Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';
import { expectSweptWithin10s, resourcesIn, total, until, useChildRuns } from './support.js';

/**
 * In the sibling topology the runner's own container joins every network its
 * helpers create (docs/topologies.md). If the runner dies, that container is
 * still attached, and the engine refuses to remove a network with endpoints.
 * The watchdog and the reaper detach such endpoints and remove the network.
 * Here a live container of this test file's helper stands in for the runner.
 */
let helper: DockerHelper;
let engine: Engine;
let standIn: string;
beforeAll(async () => {
  helper = await DockerHelper.create();
  engine = helper.engine;
  standIn = (await new ContainerDefinition('runner-stand-in', { image: fixtureImage('logger') }).setup(helper)).id;
});
afterAll(async () => {
  await helper?.teardown();
});

const run = useChildRuns();

/** Attach the stand-in to every network of the dead run's namespace, as a sibling runner is. */
async function joinNetworksOf(namespace: string): Promise<number> {
  const { networks } = await resourcesIn(engine, namespace);
  await Promise.all(networks.map((id) => engine.connectNetwork(id, standIn, [])));
  return networks.length;
}

describe("a dead run's network that another owner's container joined", () => {
  it('is removed by the watchdog, which detaches the other container and leaves it running', async () => {
    const child = run({ phase: 'test', teardown: 'none' });
    await child.said('ready');
    expect(await joinNetworksOf(child.namespace)).toBeGreaterThan(0);
    const killedAt = Date.now();
    child.child.kill('SIGKILL');
    await child.exited;
    await expectSweptWithin10s(engine, child, killedAt);
    expect((await child.log()).some((line) => line.startsWith('detached'))).toBe(true);
    expect((await engine.inspectContainer(standIn)).State.Running).toBe(true);
  });

  it('is removed by the reaper of the next helper', async () => {
    const child = run({ phase: 'test', teardown: 'none', cleanup: { watchdog: false } });
    await child.said('ready');
    expect(await joinNetworksOf(child.namespace)).toBeGreaterThan(0);
    child.child.kill('SIGKILL');
    await child.exited;
    // A new helper reaps dead owners' leftovers at create; its teardown waits for the reaper.
    const next = await DockerHelper.create();
    await next.teardown();
    await until(async () => total(await resourcesIn(engine, child.namespace)) === 0, `${child.namespace} emptied`);
    expect((await engine.inspectContainer(standIn)).State.Running).toBe(true);
  });
});
