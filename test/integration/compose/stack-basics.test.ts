import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposeProject } from '../../../src/compose.js';
import {
  ComposeServiceError,
  ComposeStartupError,
  DockerHelper,
  ImageNotFoundError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';
import { model, service } from './support/model.js';

let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

const web = service('web', {
  image: fixtureImage('httpd'),
  ports: [{ target: 8080, protocol: 'tcp' }],
  expose: [{ target: 9000, protocol: 'tcp' }],
  networks: { default: { aliases: ['www'] } },
});
const client = service('client', {
  image: fixtureImage('httpd'),
  dependsOn: { web: { condition: 'service_started', required: true } },
});

describe('a simple stack', () => {
  it('starts services in order, each a full Container reachable by service name and alias', async () => {
    const project = new ComposeProject(model([web, client]));
    expect(project.serviceNames).toEqual(['web', 'client']);
    expect(project.dependenciesOf('client')).toEqual(['web', 'client']);
    const stack = await project
      .stack({ waits: { web: waitFor.http({ port: 8080, path: '/health.json' }) } })
      .setup(helper);
    try {
      expect(stack.services).toEqual(['web', 'client']);
      const api = stack.service('web');
      expect(api.name).toBe(`${helper.namespace}_handmade-web-1`);
      const inspected = await api.inspect();
      expect(inspected.config.labels['com.docker.compose.service']).toBe('web');
      expect(inspected.config.labels['com.docker.compose.container-number']).toBe('1');
      expect(inspected.config.exposedPorts).toContain('9000/tcp');
      expect(Object.keys(inspected.ports)).not.toContain('9000/tcp');
      const fromClient = await stack
        .service('client')
        .exec([
          'sh',
          '-c',
          'busybox wget -q -O - http://web:8080/health.json && busybox wget -q -O - http://www:8080/health.json',
        ]);
      expect(fromClient.exitCode).toBe(0);
      expect(fromClient.stdout).toContain('ok');
      expect(stack.network('default').name).toBe(`${helper.namespace}_handmade-default`);
      expect(() => stack.service('nope')).toThrow(ComposeServiceError);
    } finally {
      await stack.teardown();
      await stack.teardown();
    }
    const left = await resourcesOf(helper);
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('createService() starts the dependencies and creates the service without starting it', async () => {
    const stack = await new ComposeProject(model([web, client])).stack({ services: ['web'] }).setup(helper);
    try {
      expect(stack.services).toEqual(['web']);
      expect(() => stack.service('client')).toThrow(/not started/);
      const created = await stack.createService('client');
      expect(created.status).toBe('created');
      await created.start();
      const result = await created.exec(['sh', '-c', 'busybox wget -q -O - http://web:8080/health.json']);
      expect(result.exitCode).toBe(0);
    } finally {
      await stack.teardown();
    }
  });

  it('startService() starts a service left out at setup, and container_name is an alias', async () => {
    const named = service('named', {
      image: fixtureImage('httpd'),
      containerName: 'legacy-name',
      dependsOn: { web: { condition: 'service_started', required: true } },
    });
    const stack = await new ComposeProject(model([web, client, named])).stack({ services: ['client'] }).setup(helper);
    try {
      expect(stack.services).toEqual(['web', 'client']);
      const [started] = await stack.startService('named');
      expect(stack.services).toEqual(['web', 'client', 'named']);
      expect(started?.name).toBe(`${helper.namespace}_${stack.name}-named-1`);
      const reach = await stack
        .service('client')
        .exec(['sh', '-c', 'busybox wget -q -O - http://legacy-name:8080/health.json']);
      expect(reach.exitCode).toBe(0);
    } finally {
      await stack.teardown();
    }
  });

  it('a service that fails to start is named in a ComposeStartupError; what had started is removed', async () => {
    const broken = service('broken', {
      image: 'seaworthy-fixture/no-such-image:latest',
      pull: 'never',
      dependsOn: { web: { condition: 'service_started', required: true } },
    });
    const before = helper.trackedResources();
    const error = (await new ComposeProject(model([web, broken]))
      .stack()
      .setup(helper)
      .catch((e: unknown) => e)) as ComposeStartupError;
    expect(error).toBeInstanceOf(ComposeStartupError);
    expect(error.code).toBe('SEAWORTHY_COMPOSE_STARTUP');
    expect(error.service).toBe('broken');
    expect(error.cause).toBeInstanceOf(ImageNotFoundError);
    expect(helper.trackedResources()).toEqual(before);
  });
});
