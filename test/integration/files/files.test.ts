import { describe, expect, it } from 'vitest';
import { FileNotFoundError, imageConfigOf, readFile, statFile } from '../../../src/index.js';
import { exampleDb, exampleWeb } from '../../support/example-app.js';
import { useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

describe('files and image metadata, read through the engine', () => {
  it('stats a file with its mode and owner, names resolved from the container', async () => {
    await exampleDb.setup(file.helper);
    const web = await exampleWeb.setup(file.helper);
    expect(await statFile(web, '/app/server.py')).toMatchObject({
      type: 'file',
      mode: 0o644,
      modeText: '0644',
      owner: 'root',
      group: 'root',
    });
    expect(await statFile(web, '/etc/shadow')).toMatchObject({ mode: 0o640, group: 'shadow' });
    expect(await statFile(web, '/tmp')).toMatchObject({ type: 'directory', mode: 0o1777 });
  });

  it('returns undefined for a missing path and throws FileNotFoundError when reading it', async () => {
    const web = await exampleWeb.setup(file.helper);
    expect(await statFile(web, '/no/such/file')).toBeUndefined();
    await expect(readFile(web, '/no/such/file')).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(readFile(web, '/tmp')).rejects.toThrow(/directory, not a regular file/);
  });

  it('reads file content', async () => {
    const web = await exampleWeb.setup(file.helper);
    expect((await readFile(web, '/etc/example-web.conf')).toString()).toContain('greeting = hello from web');
  });

  it("reads the image's env, entrypoint, ports, user and workdir", async () => {
    const web = await exampleWeb.setup(file.helper);
    const config = await imageConfigOf(web);
    expect(config).toMatchObject({
      entrypoint: ['python3', '/app/server.py'],
      exposedPorts: ['8000/tcp'],
      user: 'app',
      workdir: '/app',
    });
    expect(config.env.APP_ENV).toBe('production');
    expect(config.tags).toContain('seaworthy-fixture/example-web:latest');
  });
});
