import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Container, ContainerDefinition, type DockerHelper } from '../../../src/index.js';
import { procShowsContainer } from '../../../src/resources/handles/host-proc.js';
import { createHelper, fixtureImage } from '../../support/helper.js';

let helper: DockerHelper;
let logger: Container;
beforeAll(async () => {
  helper = await createHelper();
  logger = await new ContainerDefinition('logger', { image: fixtureImage('logger') }).setup(helper);
});
afterAll(async () => {
  await helper.teardown();
});

// The tests run where the engine's pids are this machine's (the host, or the engine's own container).
describe('procShowsContainer', () => {
  it("reads a container's main process through /proc, in the container's own namespaces", async () => {
    const { pid } = await logger.state();
    expect(await procShowsContainer(pid, 'net')).toBe(true);
    expect(await procShowsContainer(pid, 'pid')).toBe(true);
  });

  it("does not take one of this machine's own processes for a container's (what a sibling container would see)", async () => {
    expect(await procShowsContainer(process.pid, 'net')).toBe(false);
    expect(await procShowsContainer(process.pid, 'pid')).toBe(false);
  });

  it('is false for a pid that does not exist here, or is not a pid', async () => {
    expect(await procShowsContainer(2 ** 22 + 1, 'net')).toBe(false);
    expect(await procShowsContainer(0, 'pid')).toBe(false);
  });
});
