import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComposeProject, type ServiceProgress } from '../../../src/compose.js';
import {
  ComposeDependencyError,
  ComposeServiceError,
  DockerHelper,
  type SeaworthyError,
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

const none = { containers: [], networks: [], volumes: [] };

/** A database stand-in with a compose healthcheck, a migration and an API that needs both. */
function shop(migration: string) {
  return new ComposeProject(
    model([
      service('db', {
        image: fixtureImage('httpd'),
        environment: { START_DELAY: '1' },
        healthcheck: { test: 'busybox wget -q -O /dev/null http://127.0.0.1:8080/health.json', intervalMs: 300 },
      }),
      service('migrate', {
        image: 'debian:bookworm-slim',
        command: ['sh', '-c', migration],
        dependsOn: { db: { condition: 'service_healthy', required: true } },
      }),
      service('api', {
        image: fixtureImage('httpd'),
        ports: [{ target: 8080, protocol: 'tcp' }],
        dependsOn: {
          db: { condition: 'service_healthy', required: true },
          migrate: { condition: 'service_completed_successfully', required: true },
        },
      }),
    ]),
  );
}

describe('depends_on conditions', () => {
  it('starts a service once its dependencies are healthy and its one-shots have exited 0', async () => {
    const progress: ServiceProgress[] = [];
    const stack = await shop('echo migrated; exit 0')
      .stack({
        waits: { api: waitFor.http({ port: 8080, path: '/health.json' }) },
        onProgress: (event) => progress.push(event),
      })
      .setup(helper);
    try {
      // Progress is told as it happens, in the order the conditions were met.
      expect(progress.map((e) => `${e.service} ${e.reached}`)).toEqual([
        'db ready',
        'db healthy',
        'migrate completed',
        'api ready',
      ]);
      for (const [i, event] of progress.entries()) {
        expect(event.elapsedMs).toBeGreaterThan(0);
        if (i > 0) expect(event.elapsedMs).toBeGreaterThanOrEqual((progress[i - 1] as ServiceProgress).elapsedMs);
      }
      const db = await stack.service('db').inspect();
      expect(db.state.health).toBe('healthy');
      const migrate = stack.service('migrate');
      expect(await migrate.exitCode()).toBe(0);
      expect((await migrate.logs()).stdout.toString()).toContain('migrated');
      const migrated = (await migrate.inspect()).state.finishedAt as Date;
      const api = await stack.service('api').inspect();
      expect((api.state.startedAt as Date).getTime()).toBeGreaterThanOrEqual(migrated.getTime());
      expect((db.state.startedAt as Date).getTime()).toBeLessThanOrEqual((api.state.startedAt as Date).getTime());
      const answer = await fetch(`${stack.service('api').baseUrl(8080)}/health.json`);
      expect(answer.status).toBe(200);
    } finally {
      await stack.teardown();
    }
    expect(helper.trackedResources()).toEqual(none);
  });

  it('a failing service_completed_successfully dependency is a typed error with its exit code and logs; nothing stays', async () => {
    const error = (await shop('echo "relation users missing" >&2; exit 3')
      .stack()
      .setup(helper)
      .catch((e: unknown) => e)) as ComposeDependencyError;
    expect(error).toBeInstanceOf(ComposeDependencyError);
    expect(error.code).toBe('SEAWORTHY_COMPOSE_DEPENDENCY');
    expect(error.dependant).toBe('api');
    expect(error.dependency).toBe('migrate');
    expect(error.exitCode).toBe(3);
    expect(error.lastLogLines.join('\n')).toContain('relation users missing');
    expect(error.message).toMatch(/'api' depends on 'migrate'.*service_completed_successfully/);
    expect(helper.trackedResources()).toEqual(none);
    expect(await resourcesOf(helper)).toEqual(none);
  });

  it('service_healthy on a service with no healthcheck names both services', async () => {
    const project = new ComposeProject(
      model([
        service('cache', { image: fixtureImage('httpd') }),
        service('app', {
          image: fixtureImage('httpd'),
          dependsOn: { cache: { condition: 'service_healthy', required: true } },
        }),
      ]),
    );
    const error = (await project
      .stack()
      .setup(helper)
      .catch((e: unknown) => e)) as ComposeDependencyError;
    expect(error).toBeInstanceOf(ComposeDependencyError);
    expect(error.message).toMatch(/'app' depends on 'cache'.*no healthcheck/);
    expect(helper.trackedResources()).toEqual(none);
  });

  it("honours an image's own HEALTHCHECK, and a disabled healthcheck fails before any engine call", async () => {
    const checked = (healthcheck?: 'disabled') =>
      new ComposeProject(
        model([
          service('checked', { image: fixtureImage('healthcheck'), ...(healthcheck ? { healthcheck } : {}) }),
          service('after', {
            image: 'debian:bookworm-slim',
            command: ['sleep', 'infinity'],
            dependsOn: { checked: { condition: 'service_healthy', required: true } },
          }),
        ]),
      );
    const stack = await checked().stack().setup(helper);
    try {
      expect((await stack.service('checked').inspect()).state.health).toBe('healthy');
      expect(stack.services).toEqual(['checked', 'after']);
    } finally {
      await stack.teardown();
    }
    const calls = helper.trackedResources();
    const error = (await checked('disabled')
      .stack()
      .setup(helper)
      .catch((e: unknown) => e)) as SeaworthyError;
    expect(error).toBeInstanceOf(ComposeDependencyError);
    expect(error.message).toMatch(/healthcheck disabled/);
    expect(helper.trackedResources()).toEqual(calls);
  });

  it('waits and services name services; an unknown name is a typed error before anything starts', () => {
    const project = shop('exit 0');
    expect(() => project.stack({ waits: { apii: waitFor.port(8080) } })).toThrow(ComposeServiceError);
    expect(() => project.stack({ services: ['nope'] })).toThrow(/'nope' \(given in `services`\) is not defined/);
    expect(project.stack({ services: ['migrate'] }).options.services).toEqual(['db', 'migrate']);
  });
});
