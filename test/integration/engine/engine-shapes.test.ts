import { describe, expect, it } from 'vitest';
import { ContainerDefinition, imageConfigOf } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

// Run against Docker (integration project) and Podman (vitest.podman.config.ts, which sets
// SEAWORTHY_EXPECT_ENGINE=podman): the engine layer gives both the same shapes (docs/engines.md).
const file = useFileHelper();

describe('engine shapes, the same on Docker and Podman', () => {
  it('knows which engine answers', () => {
    expect(file.helper.engine.version.product).toBe(process.env.SEAWORTHY_EXPECT_ENGINE ?? 'docker');
  });

  it("names a local image as the user wrote it, in the container's inspect and the image's tags", async () => {
    const logger = await new ContainerDefinition('shapes', { image: fixtureImage('logger') }).setup(file.helper);
    expect((await logger.inspect()).image).toBe('seaworthy-fixture/logger:latest');
    expect((await imageConfigOf(logger)).tags).toContain('seaworthy-fixture/logger:latest');
  });
});
