import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTar, type TarEntry } from '../../../src/files/tar.js';

/** Archives are made by the system's GNU tar, so the reader sees what real tools write. */
describe('readTar', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seaworthy-tar-'));
    mkdirSync(join(dir, 'src'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (path: string, content: string | Buffer) => {
    const full = join(dir, 'src', path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  };

  /** Archive `names` (relative to the source directory) with GNU tar and read the archive back from disk. */
  const archive = (args: readonly string[], names: readonly string[]): Buffer => {
    const out = join(dir, 'out.tar');
    execFileSync('tar', [...args, '-cf', out, '-C', join(dir, 'src'), ...names]);
    return readFileSync(out);
  };

  const entry = (entries: readonly TarEntry[], path: string): TarEntry => {
    const found = entries.find((e) => e.path === path);
    if (!found) throw new Error(`no entry ${path} among ${entries.map((e) => e.path).join(', ')}`);
    return found;
  };

  it('reads a ustar file with its content, mode and numeric owner', () => {
    file('app.conf', 'port = 8080\n');
    const entries = readTar(
      archive(['--format=ustar', '--owner=1000', '--group=1001', '--mode=0640', '--numeric-owner'], ['app.conf']),
    );
    expect(entries).toHaveLength(1);
    const [conf] = entries;
    expect(conf).toMatchObject({ path: 'app.conf', type: 'file', mode: 0o640, uid: 1000, gid: 1001, size: 12 });
    expect(conf?.content.toString('utf8')).toBe('port = 8080\n');
  });

  it('reads the user and group names recorded in the header', () => {
    file('owned', 'x');
    const [owned] = readTar(archive(['--format=ustar', '--owner=alice:1234', '--group=staff:50'], ['owned']));
    expect(owned).toMatchObject({ uid: 1234, gid: 50, uname: 'alice', gname: 'staff' });
  });

  it('leaves the names empty when the archive records only numbers', () => {
    file('owned', 'x');
    const [owned] = readTar(archive(['--format=ustar', '--owner=1000', '--group=1000', '--numeric-owner'], ['owned']));
    expect(owned).toMatchObject({ uname: '', gname: '' });
  });

  it('keeps setuid, setgid and sticky bits in the mode', () => {
    file('tool', '#!/bin/sh\n');
    const [tool] = readTar(archive(['--format=ustar', '--mode=4755'], ['tool']));
    expect(tool?.mode).toBe(0o4755);
  });

  it('reads directories, symlinks and hard links with their targets', () => {
    file('sub/a.txt', 'hello\n');
    symlinkSync('sub/a.txt', join(dir, 'src', 'link'));
    linkSync(join(dir, 'src', 'sub', 'a.txt'), join(dir, 'src', 'hard'));
    const entries = readTar(archive(['--format=ustar'], ['sub', 'link', 'hard']));
    expect(entry(entries, 'sub/')).toMatchObject({ type: 'directory', size: 0 });
    expect(entry(entries, 'link')).toMatchObject({ type: 'symlink', linkTarget: 'sub/a.txt', size: 0 });
    // The first copy of the data is stored as a file, the second name as a hard link to it.
    expect(entry(entries, 'sub/a.txt')).toMatchObject({ type: 'file', linkTarget: '' });
    expect(entry(entries, 'hard')).toMatchObject({ type: 'hardlink', linkTarget: 'sub/a.txt' });
  });

  it('reads every entry of an archive in order, bodies spanning several blocks included', () => {
    const big = Buffer.alloc(1500, 'b');
    file('one', big);
    file('two', 'second');
    const entries = readTar(archive(['--format=ustar'], ['one', 'two']));
    expect(entries.map((e) => e.path)).toEqual(['one', 'two']);
    expect(entries[0]?.content.equals(big)).toBe(true);
    expect(entries[1]?.content.toString()).toBe('second');
  });

  it('joins the ustar prefix and name of a path longer than 100 characters', () => {
    const path = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
    file(path, 'deep');
    const entries = readTar(archive(['--format=ustar'], [path]));
    expect(entry(entries, path).content.toString()).toBe('deep');
  });

  it('reads a PAX long path', () => {
    const path = `dir/${'p'.repeat(150)}`;
    file(path, 'long');
    const entries = readTar(archive(['--format=pax'], [path]));
    // The PaxHeaders pseudo-entry is consumed, not listed.
    expect(entries.map((e) => e.path)).toEqual([path]);
    expect(entry(entries, path)).toMatchObject({ type: 'file', size: 4 });
  });

  it('applies a PAX header to its own entry only', () => {
    const long = `${'q'.repeat(120)}.txt`;
    file(long, '1');
    file('short.txt', '2');
    const entries = readTar(archive(['--format=pax'], [long, 'short.txt']));
    expect(entries.map((e) => e.path)).toEqual([long, 'short.txt']);
    expect(entries[1]?.content.toString()).toBe('2');
  });

  it('takes a uid that does not fit the ustar header from the PAX record', () => {
    file('big-id', 'x');
    const [bigId] = readTar(
      archive(['--format=pax', '--owner=3000000', '--group=4000000', '--numeric-owner'], ['big-id']),
    );
    expect(bigId).toMatchObject({ uid: 3_000_000, gid: 4_000_000 });
  });

  it('applies a global PAX header to every entry that follows', () => {
    file('a', 'a');
    file('b', 'b');
    const entries = readTar(archive(['--format=pax', '--pax-option=gname=ops'], ['a', 'b']));
    expect(entries.map((e) => [e.path, e.gname])).toEqual([
      ['a', 'ops'],
      ['b', 'ops'],
    ]);
  });

  it('reads a GNU long name and a GNU long link target', () => {
    const name = 'n'.repeat(130);
    const target = `${'t'.repeat(120)}/target`;
    file(name, 'gnu');
    symlinkSync(target, join(dir, 'src', 'longlink'));
    const entries = readTar(archive(['--format=gnu'], [name, 'longlink']));
    expect(entries.map((e) => e.path)).toEqual([name, 'longlink']);
    expect(entry(entries, name).content.toString()).toBe('gnu');
    expect(entry(entries, 'longlink')).toMatchObject({ type: 'symlink', linkTarget: target });
  });

  it('reads a GNU base-256 uid', () => {
    file('big-id', 'x');
    const [bigId] = readTar(archive(['--format=gnu', '--owner=3000000', '--group=5', '--numeric-owner'], ['big-id']));
    expect(bigId).toMatchObject({ uid: 3_000_000, gid: 5 });
  });

  it('gives no entries for an empty archive', () => {
    expect(readTar(Buffer.alloc(1024))).toEqual([]);
  });

  it('gives no entries for an empty buffer', () => {
    expect(readTar(Buffer.alloc(0))).toEqual([]);
  });

  it('throws on a header with a bad checksum', () => {
    file('a', 'a');
    const tar = archive(['--format=ustar'], ['a']);
    tar[0] = 'b'.charCodeAt(0); // rename 'a' to 'b' without fixing the checksum
    expect(() => readTar(tar)).toThrow('tar header at byte 0 has a bad checksum');
  });

  it('reports the offset of a bad header after the first entry', () => {
    file('a', 'a');
    file('b', 'b');
    const tar = archive(['--format=ustar'], ['a', 'b']);
    const second = 1024; // header + one body block
    expect(tar.subarray(second, second + 1).toString()).toBe('b');
    tar.writeUInt8(tar.readUInt8(second + 100) ^ 0x01, second + 100); // flip a mode bit
    expect(() => readTar(tar)).toThrow('tar header at byte 1024 has a bad checksum');
  });

  it('throws on an archive cut short inside an entry body', () => {
    file('big', Buffer.alloc(2000, 'z'));
    const tar = archive(['--format=ustar'], ['big']);
    expect(() => readTar(tar.subarray(0, 512 + 1000))).toThrow('tar entry at byte 0 is cut short');
  });

  it('throws on an archive cut short inside a header', () => {
    file('a', 'a');
    file('b', 'b');
    const tar = archive(['--format=ustar'], ['a', 'b']);
    expect(() => readTar(tar.subarray(0, 1024 + 300))).toThrow('cut short inside the header at byte 1024');
  });
});
