// A GitLab "build and test docker images" pipeline as one test file: build
// the web app's image from its Dockerfile, test it with its database, check
// its structure, then tag it with semver tags and push it with one
// `seaworthy tag` call, here to a local registry. See README.md next to this file.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ContainerDefinition,
  DockerHelper,
  httpClient,
  type Image,
  ImageDefinition,
  structureTest,
  waitFor,
} from 'seaworthy';
import { RegistryDefinition } from 'seaworthy/registry';
// Registers the matchers (toHaveJsonBody and the others) with Vitest's expect.
import 'seaworthy/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The app's image, built from its own folder (Dockerfile and sources); `example/web` is the name the release step tags. */
const image = new ImageDefinition('example-web', {
  context: here('../../fixtures/images/example-web'),
  tags: ['example/web:latest'],
});

/** Its database: Redis. */
const db = new ContainerDefinition('db', {
  image: 'seaworthy-fixture/example-db:latest',
  wait: waitFor.logLine('Ready to accept connections'),
});

/** The app from the image built above; it reaches Redis at `db:6379`. */
const web = new ContainerDefinition('web', {
  image,
  env: { DB_HOST: 'db', WORKERS: '2' },
  ports: [8000],
  wait: waitFor.logLines([/web: worker 1 .* started/, /web: worker 2 .* started/], { ordered: false }),
});

const registryDefinition = new RegistryDefinition();

let helper: DockerHelper;
/** Local references the pipeline made (`example/web:latest`, `<registry>/example/web:<tag>`), removed at the end. */
const pushed: string[] = ['example/web:latest'];

beforeAll(async () => {
  helper = await DockerHelper.create();
});

afterAll(async () => {
  await helper?.teardown();
  for (const reference of pushed) await helper?.engine.removeImage(reference).catch(() => undefined);
});

describe('build, test, check, tag and push', () => {
  let built: Image;

  test('build: the image builds from its Dockerfile, and an unchanged one is not built again', async () => {
    built = await image.setup(helper);
    expect(built.reference).toMatch(/^seaworthy-build\/example-web:[0-9a-f]{16}$/);
    expect(built.tags).toContain('example/web:latest');
    // Same folder, same Dockerfile: the content-hash cache finds it with one inspect.
    const again = await new ImageDefinition('example-web', {
      context: here('../../fixtures/images/example-web'),
      tags: ['example/web:latest'],
    }).setup(helper);
    expect(again.built).toBe(false);
    expect(again.id).toBe(built.id);
  });

  test('test: the app from that image serves, and counts visits in its database', async () => {
    await db.setup(helper);
    const app = await web.setup(helper);
    const http = httpClient(app, 8000);
    expect(await http.get('/health')).toHaveJsonBody({ status: 'ok', db: 'up' });
    expect(await http.get('/visits')).toHaveJsonBody({ visits: 1 });
    expect(await http.get('/visits')).toHaveJsonBody({ visits: 2 });
  });

  test('check: the image passes its structure tests (container-structure-test YAML)', async () => {
    const report = await structureTest(helper, built.reference, here('structure.yaml'));
    expect(report.results.filter((check) => !check.pass)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  test('release: `seaworthy tag` pushes 1.4.2, 1.4, 1 and latest, read back from the registry', async () => {
    const registry = await registryDefinition.setup(helper);
    // The `seaworthy` command of the installed package (what `npx seaworthy` runs).
    const cli = join(dirname(createRequire(import.meta.url).resolve('seaworthy')), 'cli.js');
    const args = ['tag', '--version', '1.4.2', '--version-semver', '--version-latest'];
    args.push('--registry', registry.address, 'example/web');
    for (const tag of ['1.4.2', '1.4', '1', 'latest']) pushed.push(`${registry.address}/example/web:${tag}`);

    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, SEAWORTHY_PROGRESS: 'quiet' },
    });

    expect(stdout).toContain(`pushed ${registry.address}/example/web:1.4.2`);
    expect((await registry.tags('example/web')).sort()).toEqual(['1', '1.4', '1.4.2', 'latest']);
    // What was pushed is the image that was built and tested.
    const manifest = await registry.manifest('example/web', '1.4.2');
    expect(manifest.exists).toBe(true);
  });
});
