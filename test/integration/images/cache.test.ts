import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper, ImageDefinition, waitFor } from '../../../src/index.js';
import { imagesOf, useBuildScratch } from './support.js';

/**
 * The content-hash cache (`seaworthy-build/<name>:<hash>`), per-helper
 * builds (`cache: false`), `keep`, and containers whose image is an
 * ImageDefinition. Every image made here is removed in afterAll.
 */
const DOCKERFILE = 'FROM debian:bookworm-slim\nCOPY . /app/\nCMD ["cat", "/app/message.txt"]\n';
const file = useBuildScratch();
const { scratch } = file;

describe('the content-hash cache', () => {
  it('finds an unchanged image instead of building it, also after an ignored file changed', async () => {
    const name = scratch.name('cached');
    const context = await scratch.context({
      Dockerfile: DOCKERFILE,
      '.dockerignore': 'notes.txt\n',
      'message.txt': 'cached\n',
      'notes.txt': 'ignored\n',
    });
    const first = await new ImageDefinition(name, { context }).setup(file.helper);
    expect(first.built).toBe(true);
    expect(first.reference).toBe(`seaworthy-build/${name}:${first.hash.slice(0, 16)}`);

    const second = await new ImageDefinition(name, { context }).setup(file.helper);
    expect(second).toMatchObject({ built: false, id: first.id, reference: first.reference, hash: first.hash });

    await writeFile(join(context, 'notes.txt'), 'changed, but ignored\n');
    const third = await new ImageDefinition(name, { context }).setup(file.helper);
    expect(third).toMatchObject({ built: false, id: first.id, hash: first.hash });
  });

  it('rebuilds when one file changes, and removes the older cached image', async () => {
    const name = scratch.name('rebuilt');
    const context = await scratch.context({ Dockerfile: DOCKERFILE, 'message.txt': 'one\n' });
    const first = await new ImageDefinition(name, { context }).setup(file.helper);
    await writeFile(join(context, 'message.txt'), 'two\n');
    const second = await new ImageDefinition(name, { context }).setup(file.helper);
    expect(second.built).toBe(true);
    expect(second.hash).not.toBe(first.hash);
    expect(await scratch.output(file.helper, second.reference, ['cat', '/app/message.txt'])).toBe('two\n');
    expect(await file.helper.engine.findImage(first.reference)).toBeUndefined();
    expect((await imagesOf(file.helper, name)).map((image) => image.id)).toEqual([second.id]);
  });

  it('keeps an older cached image that a container still uses', async () => {
    const name = scratch.name('in-use');
    const context = await scratch.context({ Dockerfile: DOCKERFILE, 'message.txt': 'one\n' });
    const first = await new ImageDefinition(name, { context }).setup(file.helper);
    const user = await new ContainerDefinition('in-use', { image: first.reference, command: ['sleep', '300'] }).setup(
      file.helper,
    );
    await writeFile(join(context, 'message.txt'), 'two\n');
    const second = await new ImageDefinition(name, { context }).setup(file.helper);
    expect(second.built).toBe(true);
    expect((await file.helper.engine.findImage(first.reference))?.Id).toBe(first.id);
    await user.teardown();
  });

  it('shares one build between concurrent setups of a definition in a helper', async () => {
    const definition = new ImageDefinition(scratch.name('concurrent'), {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo concurrent > /c\n',
    });
    const [a, b] = await Promise.all([definition.setup(file.helper), file.helper.setup(definition)]);
    expect(a).toBe(b);
    expect(a.built).toBe(true);
  });

  it('forgets the setup on remove(): the next one builds again', async () => {
    const definition = new ImageDefinition(scratch.name('removed'), {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo removed > /r\n',
    });
    const first = await definition.setup(file.helper);
    await first.remove();
    expect(await file.helper.engine.findImage(first.reference)).toBeUndefined();
    const again = await definition.setup(file.helper);
    expect(again.built).toBe(true);
  });
});

describe('cache: false and keep', () => {
  it('builds under a per-helper tag and removes it, extra tags too, at teardown', async () => {
    const name = scratch.name('per-helper');
    const own = await DockerHelper.create({ progress: 'quiet' });
    const definition = new ImageDefinition(name, {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo mine > /m\n',
      cache: false,
      tags: [`seaworthy-build-test/${name}:extra`],
    });
    const image = await definition.setup(own);
    expect(image.reference).toBe(`seaworthy-build/${name}:${own.namespace}`);
    expect(image.built).toBe(true);
    // A container from it is removed first, then the image.
    await new ContainerDefinition('user', { image: definition, command: ['sleep', '300'] }).setup(own);
    await own.teardown();
    expect(await file.helper.engine.findImage(image.reference)).toBeUndefined();
    expect(await file.helper.engine.findImage(`seaworthy-build-test/${name}:extra`)).toBeUndefined();
  });

  it('gives two definitions of one name in one helper tags of their own', async () => {
    const name = scratch.name('twins');
    const own = await DockerHelper.create({ progress: 'quiet' });
    const one = await new ImageDefinition(name, {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo one > /t\n',
      cache: false,
    }).setup(own);
    const two = await new ImageDefinition(name, {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo two > /t\n',
      cache: false,
    }).setup(own);
    expect(two.reference).toBe(`${one.reference}-2`);
    expect((await file.helper.engine.inspectImage(one.reference)).Id).toBe(one.id);
    await own.teardown();
    expect(await file.helper.engine.findImage(one.reference)).toBeUndefined();
    expect(await file.helper.engine.findImage(two.reference)).toBeUndefined();
  });

  it('builds again in each helper', async () => {
    const definition = new ImageDefinition(scratch.name('each-helper'), {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo each > /e\n',
      cache: false,
    });
    for (let i = 0; i < 2; i++) {
      const own = await DockerHelper.create({ progress: 'quiet' });
      expect((await definition.setup(own)).built).toBe(true);
      await own.teardown();
    }
  });

  it('keeps the image at teardown with keep: true', async () => {
    const own = await DockerHelper.create({ progress: 'quiet' });
    const image = await new ImageDefinition(scratch.name('kept'), {
      dockerfileContent: 'FROM debian:bookworm-slim\nRUN echo kept > /k\n',
      cache: false,
      keep: true,
    }).setup(own);
    await own.teardown();
    expect((await file.helper.engine.findImage(image.reference))?.Id).toBe(image.id);
  });
});

describe('a container whose image is an ImageDefinition', () => {
  it('is built first, then run', async () => {
    const context = await scratch.context({ Dockerfile: DOCKERFILE, 'message.txt': 'from the built image\n' });
    const image = new ImageDefinition(scratch.name('for-container'), { context });
    const box = await new ContainerDefinition('printer', { image, wait: waitFor.successfulExit() }).setup(file.helper);
    expect((await box.logs()).stdout.toString()).toBe('from the built image\n');
    expect(box.startInfo.image).toBe((await image.setup(file.helper)).reference);
    await box.teardown();
  });

  it('is built first by create() too, never pulled', async () => {
    const image = new ImageDefinition(scratch.name('for-create'), {
      dockerfileContent: 'FROM debian:bookworm-slim\nCMD ["echo", "created then started"]\n',
    });
    const box = await new ContainerDefinition('created', { image, pull: 'always' }).create(file.helper);
    expect(box.status).toBe('created');
    await box.start();
    await box.waitFor(waitFor.logLine('created then started'));
    await box.teardown();
  });
});
