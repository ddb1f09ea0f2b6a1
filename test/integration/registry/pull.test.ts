import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  DockerHelper,
  ImageNotFoundError,
  ImagePullError,
  InvalidOptionError,
  pullImage,
} from '../../../src/index.js';
import { type RegistryContainer, RegistryDefinition } from '../../../src/registry.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import {
  buildUniqueImage,
  pushForTest,
  removeLocalTag,
  removeRegistryReferences,
} from '../../support/registry-push.js';

const file = useFileHelper();
const LOGIN = { username: 'puller', password: 'pull-secret' };
const open = new RegistryDefinition({ name: 'open-registry' });
const locked = new RegistryDefinition({ name: 'locked-registry', auth: LOGIN });

let registry: RegistryContainer;
let lockedRegistry: RegistryContainer;
const addresses: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'seaworthy-pull-'));
/** An env whose Docker config folder is empty: no credentials from this machine's own config. */
const noConfig = { ...process.env, DOCKER_CONFIG: join(scratch, 'empty') };

beforeAll(async () => {
  [registry, lockedRegistry] = await Promise.all([open.setup(file.helper), locked.setup(file.helper)]);
  addresses.push(registry.address, lockedRegistry.address);
});

afterAll(async () => {
  // Tags and digest references of everything pulled from (or pushed to) the two registries.
  for (const address of addresses) await removeRegistryReferences(address);
  rmSync(scratch, { recursive: true, force: true });
});

/** Push a fixture image to `target` as `<address>/<path>` (the local tag is removed again). */
async function published(target: RegistryContainer, path: string, source = fixtureImage('logger')): Promise<string> {
  const reference = `${target.address}/${path}`;
  await pushForTest(source, reference, target.credentials && { ...target.credentials, serveraddress: target.address });
  return reference;
}

/**
 * Build an image with a layer of its own, push it to `target` as `path`, and
 * remove it locally: pulling it must download that layer.
 */
async function publishedUnique(target: RegistryContainer, path: string): Promise<string> {
  const local = `seaworthy-test/unique-${process.pid}-${Date.now()}:1`;
  await buildUniqueImage(local);
  try {
    return await published(target, path, local);
  } finally {
    await removeLocalTag(local, true);
  }
}

/** A capturing progress output (not a terminal). */
function capture() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), isTTY: false, text: () => chunks.join('') };
}

describe('pull policies against a real registry', () => {
  it("'never' fails with ImageNotFoundError when the image is only in the registry; nothing is left behind", async () => {
    const image = await published(registry, 'policy/never:1');
    const definition = new ContainerDefinition('never-pulled', { image, pull: 'never' });
    const error = await definition.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect((error as ImageNotFoundError).image).toBe(image);
    expect(await file.leftContainers()).not.toContainEqual(expect.stringContaining('never-pulled'));
    expect(await file.helper.engine.findImage(image)).toBeUndefined();
  });

  it("'missing' pulls the image from the registry and starts the container", async () => {
    const image = await published(registry, 'policy/missing:1');
    expect(await file.helper.engine.findImage(image)).toBeUndefined();
    const container = await new ContainerDefinition('missing-pulled', { image, pull: 'missing' }).setup(file.helper);
    expect((await container.state()).running).toBe(true);
    const local = await file.helper.engine.findImage(image);
    const fixture = await file.helper.engine.findImage(fixtureImage('logger'));
    expect(local?.Id).toBe(fixture?.Id);
    await container.teardown();
  });

  it("'always' pulls again: a tag moved in the registry is seen even though an older copy is local", async () => {
    const image = await published(registry, 'policy/always:1', fixtureImage('logger'));
    await pullImage(file.helper, image, { mode: 'quiet' });
    // The tag now points at another image in the registry; the local copy is the old one.
    await published(registry, 'policy/always:1', fixtureImage('httpd'));
    await pullImage(file.helper, image, { mode: 'quiet' });
    const httpd = await file.helper.engine.findImage(fixtureImage('httpd'));
    expect((await file.helper.engine.findImage(image))?.Id).toBe(httpd?.Id);

    // The same through a definition with pull: 'always' (the container runs the pulled image).
    await published(registry, 'policy/always:1', fixtureImage('logger'));
    const container = await new ContainerDefinition('always-pulled', { image, pull: 'always' }).setup(file.helper);
    const logger = await file.helper.engine.findImage(fixtureImage('logger'));
    expect((await file.helper.engine.inspectContainer(container.id)).Image).toBe(logger?.Id);
    await container.teardown();
  });

  it("pullImage() with policy 'missing' does not pull a present image, and 'never' checks only", async () => {
    const image = await published(registry, 'policy/standalone:1');
    await expect(pullImage(file.helper, image, { policy: 'never' })).rejects.toBeInstanceOf(ImageNotFoundError);
    const output = capture();
    await pullImage(file.helper, image, { policy: 'missing', mode: 'lines', output });
    expect(output.text()).toContain(`[seaworthy] pull ${image}:`);
    const again = capture();
    await pullImage(file.helper, image, { policy: 'missing', mode: 'lines', output: again });
    expect(again.text()).toBe('');
    await expect(pullImage(file.helper, image, { policy: 'sometimes' as never })).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
  });

  it("shows progress in 'lines' mode: one line per finished layer, each naming the pull", async () => {
    const image = await publishedUnique(registry, 'progress/unique:1');
    const output = capture();
    await pullImage(file.helper.engine, image, { mode: 'lines', output, env: noConfig });
    const lines = output.text().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.startsWith(`[seaworthy] pull ${image}: `)).toBe(true);
    expect(output.text()).toMatch(/Pull complete|Already exists|Download complete/);
    expect(output.text()).not.toContain('\r');
  });

  it('an error the engine reports inside the pull stream rejects with ImagePullError', async () => {
    const image = await publishedUnique(registry, 'broken/unique:1');
    // Corrupt the image's own top layer in the registry's storage (same size, other bytes): the
    // manifest is served and the pull starts, then the downloaded layer fails its digest check,
    // which the engine reports inside the stream (and does not retry).
    const manifest = await request(`${registry.url}/v2/broken/unique/manifests/1`, {
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    const layers = ((await manifest.body.json()) as { layers: { digest: string }[] }).layers;
    const top = (layers.at(-1)?.digest ?? '').replace('sha256:', '');
    expect(top).toMatch(/^[0-9a-f]{64}$/);
    const data = `/var/lib/registry/docker/registry/v2/blobs/sha256/${top.slice(0, 2)}/${top}/data`;
    const corrupted = await registry.exec(['dd', 'if=/dev/urandom', `of=${data}`, 'bs=64', 'count=1', 'conv=notrunc']);
    expect(corrupted.exitCode).toBe(0);

    const output = capture();
    const error = await pullImage(file.helper, image, { mode: 'lines', output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).image).toBe(image);
    // The stream had started: the failure came as a message inside it.
    expect(output.text()).toContain(`[seaworthy] pull ${image}: error: `);
    expect(output.text()).toMatch(/failed\n$/);
    expect(await file.helper.engine.findImage(image)).toBeUndefined();
  });
});

describe('pulls from a registry that wants a login', () => {
  it('without credentials: ImagePullError naming the image and saying how to log in', async () => {
    const image = await published(lockedRegistry, 'private/logger:1');
    const error = await pullImage(file.helper.engine, image, { mode: 'quiet', env: noConfig }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).image).toBe(image);
    expect((error as Error).message).toContain(`could not pull image '${image}'`);
    expect((error as Error).message).toContain(`docker login ${lockedRegistry.address}`);
    expect((error as Error).message).toMatch(/wants a login and none was found/);
  });

  it('with wrong credentials: ImagePullError saying they were not accepted', async () => {
    const image = await published(lockedRegistry, 'private/wrong:1');
    const error = await pullImage(file.helper.engine, image, {
      mode: 'quiet',
      auth: { username: 'puller', password: 'nope' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as Error).message).toMatch(/did not accept the credentials/);
  });

  it('credentials given in code work: pullImage auth, and a definition with registryAuth', async () => {
    const image = await published(lockedRegistry, 'private/code:1');
    await pullImage(file.helper.engine, image, { mode: 'quiet', auth: LOGIN, env: noConfig });
    expect(await file.helper.engine.findImage(image)).toBeDefined();
    await removeLocalTag(image);

    const definition = new ContainerDefinition('private-app', { image, pull: 'missing', registryAuth: LOGIN });
    const container = await definition.setup(file.helper);
    expect((await container.state()).running).toBe(true);
    await container.teardown();
  });

  it("the helper's registryAuth, keyed by registry, is used for that registry's images", async () => {
    const image = await published(lockedRegistry, 'private/helper:1');
    const helper = await DockerHelper.create({
      registryAuth: { [`http://${lockedRegistry.address}`]: LOGIN },
      env: noConfig,
    });
    try {
      await new ContainerDefinition('helper-auth', { image, pull: 'always' }).setup(helper);
    } finally {
      await helper.teardown();
    }
    expect(await file.helper.engine.findImage(image)).toBeDefined();
  });

  it('credentials from a DOCKER_CONFIG folder (auths) work', async () => {
    const image = await published(lockedRegistry, 'private/config:1');
    const dir = join(scratch, 'docker-config');
    mkdirSync(dir, { recursive: true });
    const auth = Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [lockedRegistry.address]: { auth } } }));
    await pullImage(file.helper.engine, image, { mode: 'quiet', env: { ...process.env, DOCKER_CONFIG: dir } });
    expect(await file.helper.engine.findImage(image)).toBeDefined();
  });

  it('rejects malformed credentials before any engine call', async () => {
    expect(() => new ContainerDefinition('bad', { image: 'x', registryAuth: { username: 'only' } })).toThrow(
      /bad\.registryAuth/,
    );
    await expect(DockerHelper.create({ registryAuth: { 'x.example.com': { password: 'p' } } })).rejects.toThrow(
      /registryAuth\["x\.example\.com"\]/,
    );
  });
});
