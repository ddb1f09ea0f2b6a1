import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIgnoreFile, readBuildContext } from '../../../../src/resources/images/build-context.js';
import { buildHash, cacheReference } from '../../../../src/resources/images/image-hash.js';
import type { ImageOptions } from '../../../../src/resources/images/image-options.js';

/** The context's file walk, `.dockerignore` matching and the content hash: the local file system only. */
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sw-ctx-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function paths(options: Partial<ImageOptions> = {}): Promise<string[]> {
  const context = await readBuildContext('app', { context: dir, ...options });
  return context.entries.filter((e) => e.type !== 'directory').map((e) => e.path);
}

async function hashOf(options: Partial<ImageOptions> = {}): Promise<string> {
  const all = { context: dir, ...options } as ImageOptions;
  return buildHash(await readBuildContext('app', all), all);
}

describe('the build context', () => {
  it("follows Docker's ignore rules, not gitignore's", async () => {
    await files({
      Dockerfile: 'FROM x\n',
      '.dockerignore': '# comment\n\n*.log\nbuild\n!build/keep.txt\n**/*.tmp\n',
      'top.log': '',
      'sub/nested.log': '',
      'build/out.bin': '',
      'build/keep.txt': '',
      'a/b/c.tmp': '',
      'src/main.c': '',
    });
    expect(await paths()).toEqual(
      [
        '.dockerignore',
        'Dockerfile',
        'build/keep.txt',
        // `*.log` matches at the top only, as in Docker.
        'sub/nested.log',
        'src/main.c',
      ].sort(),
    );
  });

  it('always sends the Dockerfile and .dockerignore, even when they are ignored', async () => {
    await files({ 'docker/app.Dockerfile': 'FROM x\n', '.dockerignore': 'docker\n.dockerignore\n', 'a.txt': '' });
    expect(await paths({ dockerfile: 'docker/app.Dockerfile' })).toEqual([
      '.dockerignore',
      'a.txt',
      'docker/app.Dockerfile',
    ]);
  });

  it('parses .dockerignore lines: trimmed, comments and blank lines dropped', () => {
    expect(parseIgnoreFile('  a  \n# c\n\n!b\r\n')).toEqual(['a', '!b']);
  });
});

describe('the content hash', () => {
  beforeEach(async () => {
    await files({ Dockerfile: 'FROM x\nCOPY . /\n', '.dockerignore': 'notes.txt\n', 'a.txt': 'a', 'notes.txt': 'n' });
  });

  it('is stable, and ignores ignored files and timestamps', async () => {
    const first = await hashOf();
    await writeFile(join(dir, 'notes.txt'), 'changed');
    await writeFile(join(dir, 'a.txt'), 'a');
    expect(await hashOf()).toBe(first);
    expect(cacheReference('app', first)).toBe(`seaworthy-build/app:${first.slice(0, 16)}`);
  });

  it('changes with a file content, a file mode, a new file, a symlink target', async () => {
    const seen = new Set([await hashOf()]);
    await writeFile(join(dir, 'a.txt'), 'b');
    seen.add(await hashOf());
    await chmod(join(dir, 'a.txt'), 0o755);
    seen.add(await hashOf());
    await writeFile(join(dir, 'new.txt'), '');
    seen.add(await hashOf());
    await symlink('a.txt', join(dir, 'link'));
    seen.add(await hashOf());
    await rm(join(dir, 'link'));
    await symlink('new.txt', join(dir, 'link'));
    seen.add(await hashOf());
    expect(seen.size).toBe(6);
  });

  it('changes with args, target, labels and platform, not with tags or progress', async () => {
    const base = await hashOf();
    expect(await hashOf({ args: { A: '1' } })).not.toBe(base);
    expect(await hashOf({ labels: { a: '1' } })).not.toBe(base);
    expect(await hashOf({ platform: 'linux/amd64' })).not.toBe(base);
    await writeFile(join(dir, 'Dockerfile'), 'FROM x AS one\nCOPY . /\n');
    const staged = await hashOf();
    expect(await hashOf({ target: 'one' })).not.toBe(staged);
    expect(await hashOf({ target: 'ONE' })).toBe(await hashOf({ target: 'one' }));
    expect(await hashOf({ tags: ['app:1'], progress: 'quiet' })).toBe(staged);
  });

  it('orders args and labels, so the order they are written in does not matter', async () => {
    expect(await hashOf({ args: { A: '1', B: '2' } })).toBe(await hashOf({ args: { B: '2', A: '1' } }));
  });
});
