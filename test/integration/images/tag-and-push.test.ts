import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ImagePushError, ImageTagError, InvalidOptionError, tagAndPush } from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

/** A 2 MB image: quick to push. */
const SMALL = fixtureImage('noshell');
const run = randomBytes(4).toString('hex');
const created = new Set<string>();
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
    const reference = `${registry}/seaworthy-tagpush-${run}/closed:1.0`;
    created.add(reference);
    const error = await tagAndPush(client, [SMALL], { registry, tags: ['1.0'], mode: 'quiet' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The registry part replaces nothing here: seaworthy-fixture/noshell keeps its path.
    expect(error).toBeInstanceOf(ImagePushError);
    const push = error as ImagePushError;
    expect(push.code).toBe('SEAWORTHY_IMAGE_PUSH_FAILED');
    expect(push.reference).toBe(`${registry}/seaworthy-fixture/noshell:1.0`);
    expect(push.failure, push.message).toBe('unreachable');
    expect(push.message).toContain(`could not push '${registry}/seaworthy-fixture/noshell:1.0'`);
    expect(push.message).toContain(`Check the registry address ${registry}`);
    created.add(push.reference);
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
