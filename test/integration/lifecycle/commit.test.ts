import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CommittedImage,
  ContainerDefinition,
  DockerHelper,
  InvalidOptionError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

let helper: DockerHelper;
const committed: CommittedImage[] = [];
const repository = `seaworthy-commit-${randomBytes(4).toString('hex')}/logger`;
const logger = new ContainerDefinition('logger', { image: fixtureImage('logger'), wait: waitFor.logLine(/ready/) });

beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  for (const image of committed) await image.remove().catch(() => undefined);
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
  for (const image of committed) expect(await helper.engine.findImage(image.reference)).toBeUndefined();
});

describe('container.commit()', () => {
  it('makes an image with the files written in the container and the config changes applied', async () => {
    const container = await logger.setup(helper);
    const written = await container.exec(['sh', '-c', 'echo committed-content > /srv/state.txt']);
    expect(written.exitCode).toBe(0);

    const image = await container.commit({
      repository,
      tag: 'v1',
      changes: [
        'ENV MODE=committed',
        'CMD ["cat", "/srv/state.txt"]',
        'LABEL dev.example.origin=commit-test',
        'WORKDIR /srv',
        'EXPOSE 9000',
      ],
      author: 'Seaworthy Tests <tests@example.com>',
      message: 'state after the first run',
    });
    committed.push(image);
    expect(image.reference).toBe(`${repository}:v1`);
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);

    const inspect = await helper.engine.inspectImage(image.reference);
    expect(inspect.Id).toBe(image.id);
    expect(inspect.Config?.Env).toContain('MODE=committed');
    expect(inspect.Config?.Env).toContain('GREETING=hello');
    expect(inspect.Config?.Cmd).toEqual(['cat', '/srv/state.txt']);
    expect(inspect.Config?.Labels).toMatchObject({ 'dev.example.origin': 'commit-test' });
    expect(inspect.Config?.WorkingDir).toBe('/srv');
    // Seaworthy's ownership labels are blanked, so the image's containers are not taken for this run's leftovers.
    expect(inspect.Config?.Labels?.['dev.seaworthy.managed']).toBe('');
    expect(inspect.Config?.Labels?.['dev.seaworthy.session']).toBe('');
    expect(Object.keys(inspect.Config?.ExposedPorts ?? {})).toContain('9000/tcp');
    const meta = inspect as unknown as { Author?: string; Comment?: string };
    expect(meta.Author).toBe('Seaworthy Tests <tests@example.com>');
    expect(meta.Comment).toBe('state after the first run');

    // The container was paused for the commit and runs on.
    expect((await container.state()).status).toBe('running');

    // A container from the committed image reads the file back (its CMD is the committed one).
    const reader = new ContainerDefinition('reader', { image: image.reference, wait: waitFor.successfulExit() });
    const run = await reader.setup(helper);
    const logs = await run.logs();
    expect(logs.stdout.toString()).toBe('committed-content\n');
    await run.teardown();
  });

  it('commits without pausing when asked, tagged latest by default', async () => {
    const container = await new ContainerDefinition('logger-2', { image: fixtureImage('logger') }).setup(helper);
    const image = await container.commit({ repository, pause: false });
    committed.push(image);
    expect(image.reference).toBe(`${repository}:latest`);
    expect((await helper.engine.inspectImage(image.reference)).Id).toBe(image.id);
  });

  it('checks repository, tag and changes before the engine is asked', async () => {
    const container = await new ContainerDefinition('logger-3', { image: fixtureImage('logger') }).setup(helper);
    const cases: [Parameters<typeof container.commit>[0], string][] = [
      [{ repository: 'Upper/Case' }, 'commit.repository'],
      [{ repository: `${repository}:tag` }, 'commit.repository'],
      [{ repository, tag: '-bad' }, 'commit.tag'],
      [{ repository, changes: ['RUN echo no'] }, 'commit.changes[0]'],
      [{ repository, changes: ['ENV A=1', 'CMD'] }, 'commit.changes[1]'],
      [{ repository, changes: ['ENV A=1\nENV B=2'] }, 'commit.changes[0]'],
      [{ repository, pause: 'yes' as unknown as boolean }, 'commit.pause'],
      [{ repository, tags: ['x'] } as never, 'commit.tags'],
    ];
    for (const [options, option] of cases) {
      const error = await container.commit(options).catch((e: unknown) => e);
      expect(error, option).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });
});
