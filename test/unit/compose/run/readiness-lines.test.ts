import { describe, expect, it } from 'vitest';
import type { ComposeModel, ComposeService } from '../../../../src/compose/model.js';
import { readinessLines, readinessOf } from '../../../../src/compose/run/readiness-lines.js';

function service(name: string, dependsOn: ComposeService['dependsOn'] = {}): ComposeService {
  return {
    name,
    environment: {},
    ports: [],
    expose: [],
    mounts: [],
    volumesFrom: [],
    dependsOn,
    networks: { default: { aliases: [] } },
    labels: {},
    replicas: 1,
    profiles: [],
    host: {},
  };
}

const model: ComposeModel = {
  files: ['/p/compose.yml'],
  projectDirectory: '/p',
  networks: {},
  volumes: {},
  services: {
    db: service('db'),
    migrate: service('migrate', { db: { condition: 'service_healthy', required: true } }),
    api: service('api', { db: { condition: 'service_started', required: true } }),
    tests: service('tests', {
      api: { condition: 'service_started', required: true },
      migrate: { condition: 'service_completed_successfully', required: true },
    }),
    admin: service('admin', { api: { condition: 'service_healthy', required: true } }),
  },
};

describe('what ready meant for each service seaworthy run started', () => {
  it('is the strictest condition a started service or the test puts on it', () => {
    expect(Object.fromEntries(readinessOf(model, ['db', 'migrate', 'api'], ['db', 'migrate', 'api', 'tests']))).toEqual(
      {
        db: 'service_healthy',
        migrate: 'service_completed_successfully',
        api: 'service_started',
      },
    );
  });

  it('ignores conditions of services that were not started (admin wants api healthy)', () => {
    expect(readinessOf(model, ['db', 'api'], ['db', 'api']).get('api')).toBe('service_started');
    expect(readinessLines(model, ['db', 'api'], ['db', 'api'])).toEqual([
      'seaworthy:   db   started (service_started)',
      'seaworthy:   api  started (service_started)',
    ]);
  });
});
