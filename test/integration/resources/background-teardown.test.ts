import { afterEach, describe, expect, it } from 'vitest';
import { FixtureGraph } from '../../../src/fixtures/fixture-graph.js';
import { container } from '../../../src/fixtures/fixture-spec.js';
import { ScopeRegistry } from '../../../src/fixtures/scope-registry.js';
import { ContainerDefinition, DockerHelper, NetworkDefinition, VolumeDefinition, waitFor } from '../../../src/index.js';
import { LABELS } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

const helpers: DockerHelper[] = [];
async function newHelper() {
  const helper = await DockerHelper.create();
  helpers.push(helper);
  return helper;
}
afterEach(async () => {
  await Promise.all(helpers.splice(0).map((h) => h.teardown()));
});

const logger = (name: string, extra: Partial<ConstructorParameters<typeof ContainerDefinition>[1]> = {}) =>
  new ContainerDefinition(name, { image: fixtureImage('logger'), wait: waitFor.logLine(/^ready$/), ...extra });

async function exists(helper: DockerHelper, id: string): Promise<boolean> {
  return helper.engine
    .inspectContainer(id)
    .then(() => true)
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return false;
      throw error;
    });
}

describe('teardown in the background', () => {
  it('returns at once, and the same definition starts again (under a name of its own) while the old container is removed', async () => {
    const helper = await newHelper();
    const definition = logger('again');
    const first = await definition.setup(helper);
    await first.teardown({ background: true });
    const second = await definition.setup(helper);
    expect(second.id).not.toBe(first.id);
    const name = (await second.inspect()).name.replace(/^\//, '');
    // The old container keeps its name until it is gone; nothing is renamed.
    expect(name).toMatch(new RegExp(`^${helper.namespace}_again(-\\d+)?$`));
    expect(second.name).toBe(name);
    // Once the removal is over, the plain name is free again.
    await helper.removalsSettled();
    await second.teardown();
    const third = await definition.setup(helper);
    expect(third.name).toBe(`${helper.namespace}_again`);
    await helper.teardown();
    expect(await exists(helper, first.id)).toBe(false);
    expect(await exists(helper, second.id)).toBe(false);
  });

  it("is awaited by the helper's teardown: nothing with the namespace is left", async () => {
    const helper = await newHelper();
    const started = await Promise.all(['a', 'b', 'c'].map((n) => logger(n).setup(helper)));
    await Promise.all(started.map((c) => c.teardown({ background: true })));
    await helper.teardown();
    expect(await helper.engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });

  it('removes a network and a volume only after the containers retired in the background that use them', async () => {
    const helper = await newHelper();
    const net = new NetworkDefinition('shared-net');
    const data = new VolumeDefinition('shared-data');
    const network = await net.setup(helper);
    const volume = await data.setup(helper);
    const user = await logger('user', {
      networks: [net],
      mounts: [{ type: 'volume', source: data, target: '/data' }],
    }).setup(helper);
    await user.teardown({ background: true });
    // Both would fail with "in use" if they did not wait for the container's removal.
    await network.teardown();
    await volume.teardown();
    expect(await exists(helper, user.id)).toBe(false);
    const left = helper.trackedResources();
    expect(left.containers).toEqual([]);
    expect(left.volumes).toEqual([]);
    // Only the helper's own default network is left, until its teardown.
    expect(left.networks).not.toContain(network.id);
  });

  it("is how a test scope's registry tears down: each test gets a container of its own, all removed in the end", async () => {
    const helper = await newHelper();
    const graph = new FixtureGraph({ web: container(logger('per-test')) });
    const ids: string[] = [];
    for (let test = 0; test < 3; test++) {
      const registry = new ScopeRegistry('test', graph, async () => helper);
      const web = (await registry.start('web')) as { id: string; name: string };
      expect(web.name).toMatch(new RegExp(`^${helper.namespace}_per-test(-\\d+)?$`));
      ids.push(web.id);
      await registry.teardown();
    }
    expect(new Set(ids).size).toBe(3);
    await helper.teardown();
    for (const id of ids) expect(await exists(helper, id)).toBe(false);
  });
});
