import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';

const file = join(import.meta.dirname, 'files', 'profiles', 'docker-compose.yml');
const names = (profiles?: string[], env: Record<string, string> = {}) =>
  Object.keys(loadComposeModel(file, { env, ...(profiles && { profiles }) }).services).sort();

describe('loadComposeModel: profiles', () => {
  it('starts services with no profile, and what they require, when no profile is enabled', () => {
    expect(names()).toEqual(['api', 'db']);
  });

  it('drops a required: false dependency on a service that is not active', () => {
    const model = loadComposeModel(file, { env: {} });
    expect(model.services.api?.dependsOn).toEqual({ db: { condition: 'service_healthy', required: true } });
  });

  it('keeps the optional dependency when its profile is enabled', () => {
    const model = loadComposeModel(file, { env: {}, profiles: ['debug'] });
    expect(Object.keys(model.services).sort()).toEqual(['api', 'db', 'mailhog']);
    expect(model.services.api?.dependsOn.mailhog).toEqual({ condition: 'service_started', required: false });
  });

  it('activates what an enabled service depends on, whatever its profile', () => {
    expect(names(['e2e'])).toEqual(['api', 'browser', 'db', 'e2e']);
  });

  it('reads COMPOSE_PROFILES (comma-separated) when no profiles are given', () => {
    expect(names(undefined, { COMPOSE_PROFILES: 'debug, observability' })).toEqual(['api', 'db', 'mailhog', 'metrics']);
  });

  it('lets the profiles option win over COMPOSE_PROFILES, and * enable all', () => {
    expect(names([], { COMPOSE_PROFILES: 'debug' })).toEqual(['api', 'db']);
    expect(names(['*'])).toEqual(['api', 'browser', 'db', 'e2e', 'mailhog', 'metrics']);
  });

  it('keeps each service’s profiles in the model', () => {
    const model = loadComposeModel(file, { env: {}, profiles: ['e2e'] });
    expect(model.services.e2e?.profiles).toEqual(['e2e']);
    expect(model.services.api?.profiles).toEqual([]);
  });
});
