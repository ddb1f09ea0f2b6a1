import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposeProject } from '../../../src/compose.js';
import { ComposeServiceError, DockerHelper } from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';
import { model, service } from './support/model.js';

let helper: DockerHelper;
const none = { containers: [], networks: [], volumes: [] };

beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual(none);
});

/** A port free on 127.0.0.1 right now, so the fixed port written in the model is ours alone. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleeper = (name: string, fields: Parameters<typeof service>[1] = {}) =>
  service(name, { image: 'debian:bookworm-slim', command: ['sleep', 'infinity'], ...fields });

describe('stack shapes', () => {
  it('a scaled service is a list of containers, each known by the service name', async () => {
    const stack = await new ComposeProject(
      model([sleeper('worker', { replicas: 2, networks: { default: { aliases: ['jobs'] } } })]),
    )
      .stack()
      .setup(helper);
    try {
      const workers = stack.replicas('worker');
      expect(workers.map((w) => w.name)).toEqual([
        `${helper.namespace}_handmade-worker-1`,
        `${helper.namespace}_handmade-worker-2`,
      ]);
      expect(() => stack.service('worker')).toThrow(ComposeServiceError);
      expect(() => stack.service('worker')).toThrow(/replicas\('worker'\)/);
      for (const [i, worker] of workers.entries()) {
        const info = await worker.inspect();
        const aliases = info.networks[stack.network('default').name]?.aliases ?? [];
        expect(aliases).toEqual(expect.arrayContaining(['worker', 'jobs']));
        expect(info.config.labels['com.docker.compose.container-number']).toBe(String(i + 1));
      }
    } finally {
      await stack.teardown();
    }
  });

  it('two stacks of one project run side by side in one helper; hostPorts any-free avoids the written port', async () => {
    const port = await freePort();
    const project = new ComposeProject(
      model([
        service('web', {
          image: fixtureImage('httpd'),
          ports: [{ target: 8080, published: port, protocol: 'tcp' }],
          containerName: `web-${randomBytes(3).toString('hex')}`,
        }),
      ]),
    );
    const first = await project.stack().setup(helper);
    const second = await project.stack({ hostPorts: 'any-free' }).setup(helper);
    try {
      // Each stack of a name set up in a helper gets the next number (the first one none).
      expect(second.name).toMatch(/^handmade-\d+$/);
      expect(first.name).not.toBe(second.name);
      expect(first.service('web').hostPort(8080)).toBe(port);
      expect(second.service('web').hostPort(8080)).not.toBe(port);
      expect(second.service('web').name).toBe(`${helper.namespace}_${second.name}-web-1`);
      expect(first.network('default').name).not.toBe(second.network('default').name);
      await first.teardown();
      expect((await second.service('web').state()).running).toBe(true);
    } finally {
      await first.teardown();
      await second.teardown();
    }
    expect(helper.trackedResources()).toEqual(none);
  });

  it('named, anonymous and tmpfs volumes, and volumes_from a service', async () => {
    const stack = await new ComposeProject(
      model(
        [
          sleeper('writer', {
            mounts: [
              { type: 'volume', source: 'data', target: '/data', readOnly: false },
              { type: 'volume', target: '/scratch', readOnly: false },
            ],
          }),
          sleeper('reader', {
            mounts: [
              { type: 'volume', source: 'data', target: '/shared', readOnly: true },
              { type: 'tmpfs', target: '/fast', sizeBytes: 1_000_000 },
            ],
            volumesFrom: [{ source: { service: 'writer' }, readOnly: false }],
          }),
        ],
        { volumes: { data: { key: 'data', external: false, driverOpts: {}, labels: {} } } },
      ),
    )
      .stack()
      .setup(helper);
    try {
      const write = await stack.service('writer').exec(['sh', '-c', 'echo named > /data/f && echo anon > /scratch/f']);
      expect(write.exitCode).toBe(0);
      const read = await stack
        .service('reader')
        .exec([
          'sh',
          '-c',
          'cat /shared/f /data/f /scratch/f && echo fast > /fast/f && grep -c " /fast tmpfs" /proc/mounts',
        ]);
      expect(read.stdout).toBe('named\nnamed\nanon\n1\n');
      expect((await stack.service('reader').exec(['touch', '/shared/x'])).exitCode).not.toBe(0);
      expect(stack.volume('data').name).toBe(`${helper.namespace}_${stack.name}-data`);
      expect(helper.trackedResources().volumes).toHaveLength(2);
    } finally {
      await stack.teardown();
    }
    expect(helper.trackedResources()).toEqual(none);
  });

  it('builds a service from a Dockerfile with args and a target, tagged with its image name', async () => {
    const context = fileURLToPath(new URL('./stacks/build/', import.meta.url));
    const tag = `seaworthy-compose-test/built-${randomBytes(3).toString('hex')}:ci`;
    const stack = await new ComposeProject(
      model([
        service('app', {
          image: tag,
          build: {
            context,
            args: { GREETING: 'hello from args' },
            target: 'test',
            labels: { 'dev.example.built': 'yes' },
          },
        }),
      ]),
    )
      .stack()
      .setup(helper);
    try {
      const result = await stack.service('app').exec(['cat', '/greeting', '/stage']);
      expect(result.stdout).toBe('hello from args\nstage test\n');
      const image = await helper.engine.findImage(tag);
      expect(image?.Config?.Labels?.['dev.example.built']).toBe('yes');
    } finally {
      await stack.teardown();
      await helper.engine.removeImage(tag).catch(() => undefined);
    }
  });
});
