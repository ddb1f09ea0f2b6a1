import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Container, ContainerDefinition, DockerHelper, InvalidOptionError, waitFor } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import { tarArchive } from '../../support/tar-archive.js';

const file = useFileHelper();
let host: string;

beforeAll(() => {
  host = mkdtempSync(join(tmpdir(), 'seaworthy-definition-files-'));
  mkdirSync(join(host, 'conf.d'));
  writeFileSync(join(host, 'conf.d/one.conf'), 'one\n');
  writeFileSync(join(host, 'conf.d/two.conf'), 'two\n');
});
afterAll(() => rmSync(host, { recursive: true, force: true }));

/** Everything the container wrote to stdout, once it has exited. */
async function outputAfterExit(container: Container): Promise<string> {
  await vi.waitFor(async () => expect(await container.exitCode()).toBe(0), { timeout: 30_000, interval: 100 });
  return (await container.logs()).stdout.toString();
}

/** How many containers named `<namespace>_<name>` the engine has created since `since` (seconds). */
async function createEvents(name: string, since: number): Promise<number> {
  let count = 0;
  const events = file.helper.engine.events(
    { type: ['container'], event: ['create'], container: [`${file.helper.namespace}_${name}`] },
    since,
    AbortSignal.timeout(2_000),
  );
  for await (const _event of events) count++;
  return count;
}

describe('files in a definition', () => {
  it('are in place before start, so the entrypoint reads them', async () => {
    const definition = new ContainerDefinition('reads-config', {
      image: fixtureImage('logger'),
      command: ['cat', '/config/x'],
      files: [{ content: 'from the definition\n', target: '/config/x' }],
    });
    const container = await definition.setup(file.helper);
    expect(await outputAfterExit(container)).toBe('from the definition\n');
  });

  it('carry mode and owner, and take host folders and archives too', async () => {
    const archive = await tarArchive([{ name: 'seed.sql', content: 'select 1;\n', mode: 0o600, uid: 999, gid: 999 }]);
    const definition = new ContainerDefinition('reads-everything', {
      image: fixtureImage('logger'),
      command: [
        'sh',
        '-c',
        'stat -c "%n %a %U:%G" /config/x /etc/app/conf.d/two.conf; stat -c "%n %a %u:%g" /seed/seed.sql; cat /etc/app/conf.d/*; exec sleep 3600',
      ],
      files: [
        { content: 'x', target: '/config/x', mode: 0o640, owner: 'nobody:nogroup' },
        { source: join(host, 'conf.d'), target: '/etc/app/conf.d' },
        { archive, target: '/seed' },
      ],
      // The whole line: 'two' alone would match the stat line naming two.conf, before the rest arrives.
      wait: waitFor.logLine(/^two$/),
    });
    const container = await definition.setup(file.helper);
    expect(container.output.lines().map((line) => line.text)).toEqual([
      '/config/x 640 nobody:nogroup',
      '/etc/app/conf.d/two.conf 644 root:root',
      '/seed/seed.sql 600 999:999',
      'one',
      'two',
    ]);
  });

  it('are copied again at each setup, so a definition can be set up in two helpers', async () => {
    const definition = new ContainerDefinition('set-up-twice', {
      image: fixtureImage('logger'),
      command: ['cat', '/config/x'],
      files: [{ content: Buffer.from('bytes\n'), target: '/config/x' }],
    });
    const first = await definition.setup(file.helper);
    const other = await DockerHelper.create();
    try {
      const second = await definition.setup(other);
      expect(await outputAfterExit(first)).toBe('bytes\n');
      expect(await outputAfterExit(second)).toBe('bytes\n');
    } finally {
      await other.teardown();
    }
  });

  it('with a bad shape are refused when the definition is made', () => {
    const attempts: [unknown, string][] = [
      [[{ content: 'x', target: 'config/x' }], 'bad.files[0].target'],
      [[{ content: 'x', target: '/x', mode: -1 }], 'bad.files[0].mode'],
      [
        [
          { content: 'x', target: '/x' },
          { source: '', target: '/y' },
        ],
        'bad.files[1].source',
      ],
      [[{ archive: Readable.from([Buffer.alloc(0)]), target: '/x' }], 'bad.files[0].archive'],
      [{ content: 'x', target: '/x' }, 'bad.files'],
    ];
    for (const [files, option] of attempts) {
      const make = () => new ContainerDefinition('bad', { image: fixtureImage('logger'), files: files as never });
      expect(make, option).toThrow(InvalidOptionError);
      try {
        make();
      } catch (error) {
        expect((error as InvalidOptionError).option).toBe(option);
      }
    }
  });

  it('from a missing host path, or for an unknown user, fail setup with InvalidOptionError and leave nothing behind', async () => {
    const missing = new ContainerDefinition('missing-source', {
      image: fixtureImage('logger'),
      files: [{ source: join(host, 'not-there'), target: '/config/x' }],
    });
    const since = Date.now() / 1000 - 1;
    const missingError = await missing.setup(file.helper).catch((e: unknown) => e);
    expect(missingError).toBeInstanceOf(InvalidOptionError);
    expect(missingError).toMatchObject({ option: 'missing-source.files[0].source' });
    expect((missingError as Error).message).toContain(join(host, 'not-there'));
    // Checked before any engine call: the engine never saw a container of that name created.
    expect(await createEvents('missing-source', since)).toBe(0);

    const unknownUser = new ContainerDefinition('unknown-user', {
      image: fixtureImage('logger'),
      files: [{ content: 'x', target: '/config/x', owner: 'ghost' }],
    });
    const userError = await unknownUser.setup(file.helper).catch((e: unknown) => e);
    expect(userError).toMatchObject({ option: 'unknown-user.files[0].owner' });
    // Names are looked up in the container, so that one was created, and then removed (below).
    expect(await createEvents('unknown-user', since)).toBe(1);
    const names = await Promise.all(
      (await file.leftContainers()).map(async (id) => (await file.helper.engine.inspectContainer(id)).Name),
    );
    expect(names.filter((name) => /missing-source|unknown-user/.test(name))).toEqual([]);
  });
});
