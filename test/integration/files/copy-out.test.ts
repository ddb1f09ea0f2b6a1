import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Container, ContainerDefinition, FileNotFoundError, InvalidOptionError } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();
let out: string;
let container: Container;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'seaworthy-copy-out-'));
  container = await new ContainerDefinition('copy-out', {
    image: fixtureImage('logger'),
    files: [
      { content: 'line 1\nline 2\n', target: '/var/log/app/app.log', mode: 0o640, owner: 'nobody' },
      { content: 'rotated\n', target: '/var/log/app/old/app.log.1' },
      { content: '#!/bin/sh\n', target: '/var/log/app/tool.sh', mode: 0o755 },
    ],
  }).setup(file.helper);
  await container.exec(['ln', '-s', 'app.log', '/var/log/app/current']);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const modeOf = (path: string) => lstatSync(path).mode & 0o777;

describe('container.copyOut()', () => {
  it('copies a file to the host path given, keeping its mode, creating missing parents', async () => {
    const target = join(out, 'one/two/copied.log');
    await container.copyOut('/var/log/app/app.log', target);
    expect(readFileSync(target, 'utf8')).toBe('line 1\nline 2\n');
    expect(modeOf(target)).toBe(0o640);
    // The copy belongs to whoever runs the tests, not to the container's uid.
    expect(lstatSync(target).uid).toBe(process.getuid?.());
  });

  it('copies a folder recursively, symlinks as symlinks', async () => {
    const target = join(out, 'logs');
    await container.copyOut('/var/log/app', target);
    expect(readdirSync(target, { recursive: true }).sort()).toEqual([
      'app.log',
      'current',
      'old',
      'old/app.log.1',
      'tool.sh',
    ]);
    expect(readFileSync(join(target, 'old/app.log.1'), 'utf8')).toBe('rotated\n');
    expect(modeOf(join(target, 'tool.sh'))).toBe(0o755);
    expect(readlinkSync(join(target, 'current'))).toBe('app.log');
  });

  it('merges a folder into an existing host folder, replacing files of the same name', async () => {
    const target = join(out, 'existing');
    mkdirSync(target);
    writeFileSync(join(target, 'mine.txt'), 'kept');
    writeFileSync(join(target, 'app.log'), 'replaced');
    await container.copyOut('/var/log/app', target);
    expect(readFileSync(join(target, 'mine.txt'), 'utf8')).toBe('kept');
    expect(readFileSync(join(target, 'app.log'), 'utf8')).toBe('line 1\nline 2\n');
  });

  it('throws FileNotFoundError naming the path and the container when nothing is there', async () => {
    const error = await container.copyOut('/var/log/none', join(out, 'none')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect(error).toMatchObject({ path: '/var/log/none', container: 'copy-out', code: 'SEAWORTHY_FILE_NOT_FOUND' });
    expect(readdirSync(out)).not.toContain('none');
  });

  it('refuses a relative container path with InvalidOptionError', async () => {
    const error = await container.copyOut('var/log/app', join(out, 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'copyOut.containerPath' });
  });

  it('works on a stopped container', async () => {
    const stopped = await new ContainerDefinition('copy-out-stopped', {
      image: fixtureImage('logger'),
      files: [{ content: 'still here', target: '/data/keep.txt' }],
    }).setup(file.helper);
    await stopped.stop({ timeoutMs: 0 });
    await stopped.copyOut('/data/keep.txt', join(out, 'keep.txt'));
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('still here');
  });
});
