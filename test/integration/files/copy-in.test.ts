import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  ContainerRemovedError,
  FileCopyError,
  InvalidOptionError,
  readFile,
  VolumeDefinition,
} from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import { tarArchive } from '../../support/tar-archive.js';

const file = useFileHelper();
let host: string;

beforeAll(() => {
  host = mkdtempSync(join(tmpdir(), 'seaworthy-copy-in-'));
  mkdirSync(join(host, 'site/assets/img'), { recursive: true });
  writeFileSync(join(host, 'site/index.html'), '<h1>hi</h1>\n');
  writeFileSync(join(host, 'site/run.sh'), 'echo run\n', { mode: 0o750 });
  writeFileSync(join(host, 'site/assets/img/logo.svg'), '<svg/>');
  symlinkSync('index.html', join(host, 'site/home.html'));
  writeFileSync(join(host, 'settings.ini'), 'a = 1\n', { mode: 0o600 });
});
afterAll(() => rmSync(host, { recursive: true, force: true }));

/** A running container with a shell, fresh per test so copies don't meet. */
let counter = 0;
function shellContainer(): Promise<Container> {
  counter += 1;
  return new ContainerDefinition(`copy-in-${counter}`, { image: fixtureImage('logger') }).setup(file.helper);
}

/** `stat` inside the container: permission bits in octal, uid:gid, and the kind of file. */
async function statIn(container: Container, ...paths: string[]): Promise<string[]> {
  const result = await container.exec(['stat', '-c', '%n %a %u:%g %F', ...paths]);
  expect(result.stderr.toString()).toBe('');
  return result.stdout.toString().trim().split('\n');
}

async function catIn(container: Container, path: string): Promise<string> {
  return (await readFile(container, path)).toString('utf8');
}

describe('container.copyIn()', () => {
  it('writes text and bytes with the mode and numeric owner asked for, root 0644 by default', async () => {
    const c = await shellContainer();
    await c.copyIn([
      { content: 'greeting = hi\n', target: '/etc/app.conf' },
      { content: Buffer.from([0, 1, 2, 255]), target: '/opt/data.bin', mode: 0o600, owner: 1000 },
      { content: 'secret', target: '/run/secret', mode: 0o400, owner: { uid: 1234, gid: 99 } },
      { content: 'x', target: '/srv/locked', mode: 0, owner: '7:8' },
    ]);
    expect(await statIn(c, '/etc/app.conf', '/opt/data.bin', '/run/secret', '/srv/locked')).toEqual([
      '/etc/app.conf 644 0:0 regular file',
      '/opt/data.bin 600 1000:1000 regular file',
      '/run/secret 400 1234:99 regular file',
      '/srv/locked 0 7:8 regular file',
    ]);
    expect(await catIn(c, '/etc/app.conf')).toBe('greeting = hi\n');
    expect([...(await readFile(c, '/opt/data.bin'))]).toEqual([0, 1, 2, 255]);
  });

  it('looks up user and group names in the container, a user alone taking its primary group', async () => {
    const c = await shellContainer();
    await c.copyIn([
      { content: 'a', target: '/tmp/by-user', owner: 'nobody' },
      { content: 'b', target: '/tmp/by-user-and-group', owner: 'daemon:mail' },
      { content: 'c', target: '/tmp/by-uid-and-group', owner: '1000:staff' },
    ]);
    const ids = (name: string) => c.exec(['id', '-u', name]).then((r) => r.stdout.toString().trim());
    const gid = (group: string) => c.exec(['getent', 'group', group]).then((r) => r.stdout.toString().split(':')[2]);
    expect(await statIn(c, '/tmp/by-user', '/tmp/by-user-and-group', '/tmp/by-uid-and-group')).toEqual([
      `/tmp/by-user 644 ${await ids('nobody')}:${(await c.exec(['id', '-g', 'nobody'])).stdout.toString().trim()} regular file`,
      `/tmp/by-user-and-group 644 ${await ids('daemon')}:${await gid('mail')} regular file`,
      `/tmp/by-uid-and-group 644 1000:${await gid('staff')} regular file`,
    ]);
  });

  it('copies a host file keeping its mode, and a host folder recursively, symlinks as symlinks', async () => {
    const c = await shellContainer();
    await c.copyIn([
      { source: join(host, 'settings.ini'), target: '/etc/settings.ini' },
      { source: join(host, 'site'), target: '/srv/www', owner: 'www-data' },
    ]);
    const www = (await c.exec(['id', '-u', 'www-data'])).stdout.toString().trim();
    expect(await statIn(c, '/etc/settings.ini')).toEqual(['/etc/settings.ini 600 0:0 regular file']);
    expect(
      await statIn(
        c,
        '/srv/www',
        '/srv/www/index.html',
        '/srv/www/run.sh',
        '/srv/www/assets/img',
        '/srv/www/assets/img/logo.svg',
        '/srv/www/home.html',
      ),
    ).toEqual([
      `/srv/www 755 ${www}:${www} directory`,
      `/srv/www/index.html 644 ${www}:${www} regular file`,
      `/srv/www/run.sh 750 ${www}:${www} regular file`,
      `/srv/www/assets/img 755 ${www}:${www} directory`,
      `/srv/www/assets/img/logo.svg 644 ${www}:${www} regular file`,
      `/srv/www/home.html 777 ${www}:${www} symbolic link`,
    ]);
    expect(await catIn(c, '/srv/www/assets/img/logo.svg')).toBe('<svg/>');
    expect((await c.exec(['readlink', '/srv/www/home.html'])).stdout.toString().trim()).toBe('index.html');
  });

  it('gives every file of a folder the mode asked for, and takes a file: URL as the source', async () => {
    const c = await shellContainer();
    const url = new URL(`file://${join(host, 'site')}/`);
    await c.copyIn({ source: url, target: '/opt/site', mode: 0o700 });
    expect(await statIn(c, '/opt/site', '/opt/site/index.html', '/opt/site/assets/img/logo.svg')).toEqual([
      '/opt/site 755 0:0 directory',
      '/opt/site/index.html 700 0:0 regular file',
      '/opt/site/assets/img/logo.svg 700 0:0 regular file',
    ]);
  });

  it('creates missing parent folders (0755, root) and leaves existing ones as they were', async () => {
    const c = await shellContainer();
    await c.copyIn([
      { content: 'deep', target: '/a/b/c/deep.txt', owner: 1000 },
      { content: 'in tmp', target: '/tmp/x/y.txt' },
    ]);
    expect(await statIn(c, '/a', '/a/b/c', '/a/b/c/deep.txt', '/tmp', '/tmp/x')).toEqual([
      '/a 755 0:0 directory',
      '/a/b/c 755 0:0 directory',
      '/a/b/c/deep.txt 644 1000:1000 regular file',
      '/tmp 1777 0:0 directory',
      '/tmp/x 755 0:0 directory',
    ]);
  });

  it('replaces an existing file, content and mode', async () => {
    const c = await shellContainer();
    await c.copyIn({ content: 'first', target: '/etc/replace.me', mode: 0o600 });
    await c.copyIn({ content: 'second', target: '/etc/replace.me', mode: 0o644 });
    expect(await catIn(c, '/etc/replace.me')).toBe('second');
    expect(await statIn(c, '/etc/replace.me')).toEqual(['/etc/replace.me 644 0:0 regular file']);
  });

  it('extracts a tar archive, from a Buffer or a stream, into the target folder with the modes and owners it records', async () => {
    const c = await shellContainer();
    const archive = await tarArchive([
      { name: './', type: 'directory', mode: 0o750, uid: 5, gid: 6 },
      { name: './conf/', type: 'directory', mode: 0o700, uid: 5, gid: 6 },
      { name: './conf/app.yml', content: 'port: 80\n', mode: 0o640, uid: 5, gid: 6 },
      { name: 'latest', type: 'symlink', linkname: 'conf/app.yml' },
    ]);
    await c.copyIn([
      { archive, target: '/opt/from-buffer' },
      { archive: Readable.from([archive]), target: '/opt/from-stream', owner: 'nobody:nogroup' },
    ]);
    expect(await statIn(c, '/opt/from-buffer', '/opt/from-buffer/conf', '/opt/from-buffer/conf/app.yml')).toEqual([
      '/opt/from-buffer 750 5:6 directory',
      '/opt/from-buffer/conf 700 5:6 directory',
      '/opt/from-buffer/conf/app.yml 640 5:6 regular file',
    ]);
    expect((await c.exec(['cat', '/opt/from-buffer/latest'])).stdout.toString()).toBe('port: 80\n');
    const nobody = (await c.exec(['id', '-u', 'nobody'])).stdout.toString().trim();
    const nogroup = (await c.exec(['getent', 'group', 'nogroup'])).stdout.toString().split(':')[2];
    expect(await statIn(c, '/opt/from-stream/conf/app.yml')).toEqual([
      `/opt/from-stream/conf/app.yml 640 ${nobody}:${nogroup} regular file`,
    ]);
  });

  it('works on a stopped container', async () => {
    const c = await shellContainer();
    await c.stop({ timeoutMs: 0 });
    await c.copyIn({ content: 'after stop', target: '/var/after-stop.txt' });
    expect(await catIn(c, '/var/after-stop.txt')).toBe('after stop');
  });

  it('rejects bad entries with InvalidOptionError naming the entry, before changing anything', async () => {
    const c = await shellContainer();
    const attempts: [unknown, string, RegExp][] = [
      [{ content: 'x', target: 'etc/relative' }, 'copyIn[0].target', /absolute path/],
      [{ content: 'x', target: '/etc/../escape' }, 'copyIn[0].target', /\.\./],
      [{ content: 'x', target: '/x', mode: 0o10000 }, 'copyIn[0].mode', /0 to 0o7777/],
      [{ content: 'x', target: '/x', mode: 1.5 }, 'copyIn[0].mode', /0 to 0o7777/],
      [{ content: 'x', source: '/etc/hosts', target: '/x' }, 'copyIn[0]', /only one of/],
      [{ target: '/x' }, 'copyIn[0]', /say what to copy/],
      [{ content: 42, target: '/x' }, 'copyIn[0].content', /string or a Buffer/],
      [{ content: 'x', target: '/x', owner: -1 }, 'copyIn[0].owner', /whole number/],
      [{ content: 'x', target: '/x', owner: 'a b' }, 'copyIn[0].owner', /uid/],
      [{ content: 'x', target: '/x', mdoe: 0o644 }, 'copyIn[0].mdoe', /did you mean `mode`/],
      [{ archive: Buffer.from('x'), target: '/x', mode: 0o644 }, 'copyIn[0].mode', /archive keeps/],
      [{ source: join(host, 'no-such-file'), target: '/x' }, 'copyIn[0].source', /no file or folder there/],
    ];
    for (const [entry, option, message] of attempts) {
      const error = await c.copyIn(entry as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(entry)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as Error).message).toMatch(message);
    }
    // One bad owner name fails the whole copy: the good entry before it was not copied either.
    const error = await c
      .copyIn([
        { content: 'good', target: '/tmp/good.txt' },
        { content: 'bad', target: '/tmp/bad.txt', owner: 'no-such-user' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('copyIn[1].owner');
    expect((error as Error).message).toMatch(/no user "no-such-user"/);
    const listed = await c.exec(['ls', '/tmp/good.txt', '/x', '/tmp/bad.txt']);
    expect(listed.stdout.toString()).toBe('');
  });

  it('reports what the engine refused as FileCopyError naming the container and the targets', async () => {
    const c = await shellContainer();
    const error = await c.copyIn({ content: 'x', target: '/etc/passwd/inside' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileCopyError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_FILE_COPY_FAILED', direction: 'in', paths: ['/etc/passwd/inside'] });
    expect((error as Error).message).toContain(`container '${c.definition.name}'`);
  });

  it('copies onto a volume of a container whose root filesystem is read-only, and says why elsewhere fails', async () => {
    const c = await new ContainerDefinition('copy-in-read-only', {
      image: fixtureImage('logger'),
      mounts: [{ type: 'volume', source: new VolumeDefinition('copy-in-data'), target: '/data' }],
      createOverrides: { HostConfig: { ReadonlyRootfs: true } },
    }).setup(file.helper);
    const archive = await tarArchive([{ name: 'seed.sql', content: 'select 1;' }]);
    await c.copyIn([
      { content: 'on tmpfs', target: '/data/conf/app.conf', owner: 1000 },
      { archive, target: '/data/seed' },
    ]);
    expect(await statIn(c, '/data/conf/app.conf', '/data/seed/seed.sql')).toEqual([
      '/data/conf/app.conf 644 1000:1000 regular file',
      '/data/seed/seed.sql 644 0:0 regular file',
    ]);
    const error = await c.copyIn({ content: 'x', target: '/etc/app.conf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileCopyError);
    expect((error as FileCopyError).reason).toMatch(/read-only/);
  });

  it('refuses after teardown with ContainerRemovedError', async () => {
    const c = await shellContainer();
    await c.teardown();
    await expect(c.copyIn({ content: 'x', target: '/x' })).rejects.toBeInstanceOf(ContainerRemovedError);
  });
});
