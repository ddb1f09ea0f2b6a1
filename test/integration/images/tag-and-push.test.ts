import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImagePushError, ImageTagError, InvalidOptionError, tagAndPush } from '../../../src/index.js';
import { RegistryDefinition } from '../../../src/registry.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

/** A 2 MB image: quick to push. */
const SMALL = fixtureImage('noshell');
const run = randomBytes(4).toString('hex');
const created = new Set<string>();
const file = useFileHelper();
let engine: Engine;

async function engineClient(): Promise<Engine> {
  engine ??= await Engine.connect();
  return engine;
}

/** A port on 127.0.0.1 nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterAll(async () => {
  // Remove only the references these tests made (the image itself stays: it has its own tag).
  for (const reference of created) await engine?.removeImage(reference).catch(() => undefined);
});

describe('tagAndPush without a registry', () => {
  it('a dry run prints the docker lines and creates no tag', async () => {
    const client = await engineClient();
    const lines: string[] = [];
    const result = await tagAndPush(client, [SMALL], {
      tags: ['x'],
      version: '1.2.3',
      versionSemver: true,
      registry: '127.0.0.1:5999',
      dryRun: true,
      log: (line) => lines.push(line),
    });
    const target = '127.0.0.1:5999/seaworthy-fixture/noshell';
    expect(lines).toEqual([
      `docker tag ${SMALL} ${target}:1.2.3-x`,
      `docker tag ${SMALL} ${target}:1.2-x`,
      `docker tag ${SMALL} ${target}:1-x`,
      `docker push ${target}:1.2.3-x`,
      `docker push ${target}:1.2-x`,
      `docker push ${target}:1-x`,
    ]);
    expect(result).toMatchObject({ dryRun: true, tagged: [], pushed: [] });
    for (const tag of ['1.2.3-x', '1.2-x', '1-x']) expect(await client.findImage(`${target}:${tag}`)).toBeUndefined();
  });

  it('a push to a closed port rejects with ImagePushError naming the reference', async () => {
    const client = await engineClient();
    const registry = `127.0.0.1:${await closedPort()}`;
    const reference = `${registry}/seaworthy-fixture/noshell:1.0`;
    created.add(reference);
    const error = await tagAndPush(client, [SMALL], { registry, tags: ['1.0'], mode: 'quiet' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The registry part replaces nothing here: seaworthy-fixture/noshell keeps its path.
    expect(error).toBeInstanceOf(ImagePushError);
    const push = error as ImagePushError;
    expect(push.code).toBe('SEAWORTHY_IMAGE_PUSH_FAILED');
    expect(push.reference).toBe(reference);
    expect(push.failure, push.message).toBe('unreachable');
    expect(push.message).toContain(`could not push '${reference}'`);
    expect(push.message).toContain(`Check the registry address ${registry}`);
    // The tag was made before the push failed.
    expect(await client.findImage(push.reference)).toBeDefined();
  });

  it('a missing source image rejects with ImageTagError before any tag is made', async () => {
    const client = await engineClient();
    const missing = `seaworthy-tagpush-${run}/missing:1`;
    const error = await tagAndPush(client, [SMALL, missing], { tags: [`t${run}`], mode: 'quiet' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImageTagError);
    expect((error as ImageTagError).source).toBe(missing);
    expect(await client.findImage(`seaworthy-fixture/noshell:t${run}`)).toBeUndefined();
  });

  it('bad options reject before the engine is asked', async () => {
    const client = await engineClient();
    await expect(tagAndPush(client, [SMALL], { versionSemver: true })).rejects.toThrow(InvalidOptionError);
    await expect(tagAndPush(client, [SMALL], { auth: { username: 1 as unknown as string } })).rejects.toThrow(
      /auth\.username/,
    );
  });
});

describe('tagAndPush to a registry', () => {
  const plain = new RegistryDefinition({ name: 'registry' });
  const locked = new RegistryDefinition({ name: 'registry-auth', auth: { username: 'ci', password: 'pa:ss word' } });
  const remember = (result: { tagged: readonly { target: string }[] }) => {
    for (const { target } of result.tagged) created.add(target);
  };

  it('pushes the semver tags, which the registry lists with one digest', async () => {
    const registry = await plain.setup(file.helper);
    const progress: string[] = [];
    const result = await tagAndPush(file.helper, [SMALL], {
      version: '1.2.3',
      versionSemver: true,
      versionLatest: true,
      registry: registry.address,
      mode: 'lines',
      output: { write: (text: string) => progress.push(text) },
    });
    remember(result);
    const repo = 'seaworthy-fixture/noshell';
    expect(result.pushed.map((p) => p.reference)).toEqual(
      ['1.2.3', '1.2', '1', 'latest'].map((tag) => `${registry.address}/${repo}:${tag}`),
    );
    expect(await registry.tags(repo)).toEqual(['1', '1.2', '1.2.3', 'latest']);
    const digest = result.pushed[0]?.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const pushed of result.pushed) expect(pushed.digest).toBe(digest);
    expect(await registry.manifest(repo, '1.2')).toMatchObject({ exists: true, digest });
    // Progress: one line per finished layer or status, each naming the push.
    expect(progress.join('')).toContain(`[seaworthy] push ${registry.address}/${repo}:1.2.3:`);
    // Pushing again changes nothing: the same digest.
    const again = await tagAndPush(file.helper, [`${registry.address}/${repo}:1.2.3`], { mode: 'quiet' });
    expect(again.tagged).toEqual([]);
    expect(again.pushed).toEqual([{ reference: `${registry.address}/${repo}:1.2.3`, digest }]);
  });

  it('tags and pushes several images in one call, replacing a registry part only where it must', async () => {
    const registry = await plain.setup(file.helper);
    const engine = file.helper.engine;
    // A second source image whose name carries another registry (127.0.0.1:1 is never reached).
    const other = `127.0.0.1:1/seaworthy-tagpush-${run}/other:src`;
    await engine.tagImage(SMALL, `127.0.0.1:1/seaworthy-tagpush-${run}/other`, 'src');
    created.add(other);
    const lines: string[] = [];
    const result = await tagAndPush(file.helper, [SMALL, other], {
      tags: ['alpine'],
      version: '2.0',
      registry: registry.address,
      mode: 'quiet',
      verbose: true,
      log: (line) => lines.push(line),
    });
    remember(result);
    expect(result.tagged.map((t) => t.target)).toEqual([
      `${registry.address}/seaworthy-fixture/noshell:2.0-alpine`,
      `${registry.address}/seaworthy-tagpush-${run}/other:2.0-alpine`,
    ]);
    expect(await registry.tags('seaworthy-fixture/noshell')).toContain('2.0-alpine');
    expect(await registry.tags(`seaworthy-tagpush-${run}/other`)).toEqual(['2.0-alpine']);
    expect(lines).toContain(`tagging ${other} as ${registry.address}/seaworthy-tagpush-${run}/other:2.0-alpine`);
    expect(lines).toContain(`pushing ${registry.address}/seaworthy-tagpush-${run}/other:2.0-alpine`);
  });

  it('a registry with a login refuses a push without credentials (ImagePushError naming the reference) and takes one with them', async () => {
    const registry = await locked.setup(file.helper);
    const reference = `${registry.address}/seaworthy-fixture/noshell:locked`;
    created.add(reference);
    const refused = await tagAndPush(file.helper, [SMALL], {
      registry: registry.address,
      tags: ['locked'],
      mode: 'quiet',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImagePushError);
    expect(refused).toMatchObject({ reference, failure: 'auth', code: 'SEAWORTHY_IMAGE_PUSH_FAILED' });
    expect((refused as Error).message).toContain(`could not push '${reference}'`);
    expect((refused as Error).message).toContain(`docker login ${registry.address}`);
    expect(await registry.tags('seaworthy-fixture/noshell')).toEqual([]);

    const wrong = await tagAndPush(file.helper, [SMALL], {
      registry: registry.address,
      tags: ['locked'],
      mode: 'quiet',
      auth: { username: 'ci', password: 'wrong' },
    }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ reference, failure: 'auth' });

    const result = await tagAndPush(file.helper, [SMALL], {
      registry: registry.address,
      tags: ['locked'],
      mode: 'quiet',
      auth: { username: 'ci', password: 'pa:ss word' },
    });
    expect(result.pushed.map((p) => p.reference)).toEqual([reference]);
    expect(await registry.tags('seaworthy-fixture/noshell')).toEqual(['locked']);

    // Without `auth`, the login comes from the Docker config (as after `docker login`).
    const dir = await mkdtemp(join(tmpdir(), 'seaworthy-docker-config-'));
    try {
      const login = Buffer.from('ci:pa:ss word').toString('base64');
      await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.address]: { auth: login } } }));
      const fromConfig = await tagAndPush(file.helper, [SMALL], {
        registry: registry.address,
        tags: ['from-config'],
        mode: 'quiet',
        env: { DOCKER_CONFIG: dir },
      });
      remember(fromConfig);
      expect(await registry.tags('seaworthy-fixture/noshell')).toEqual(['from-config', 'locked']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
