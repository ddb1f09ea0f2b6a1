import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';

const dir = join(import.meta.dirname, 'files', 'stack');
const file = join(dir, 'docker-compose.yml');

describe('loadComposeModel: an API, a worker, a database and a tests service', () => {
  const model = loadComposeModel(file, { env: { CI: 'true', CI_COMMIT_SHA: 'abc123' } });

  it('lists the file, the project directory and every service', () => {
    expect(model.files).toEqual([file]);
    expect(model.projectDirectory).toBe(dir);
    expect(Object.keys(model.services)).toEqual(['db', 'api', 'worker', 'tests']);
    expect(model.name).toBeUndefined();
  });

  it('takes variables from the environment over .env, and defaults where neither sets one', () => {
    const api = model.services.api;
    expect(api?.image).toBe('registry.example.com/shop/api:abc123');
    expect(api?.environment).toEqual({ DATABASE_URL: 'postgres://app:s3cret@db:5432/app', LOG_LEVEL: 'debug' });
    expect(api?.build?.args).toEqual({ NODE_VERSION: '20' });
    expect(model.services.db?.environment.POSTGRES_PASSWORD).toBe('s3cret');
  });

  it('resolves YAML anchors and merge keys, including a merged environment', () => {
    const worker = model.services.worker;
    expect(worker?.build?.context).toBe(join(dir, 'api'));
    expect(worker?.environment).toEqual({
      DATABASE_URL: 'postgres://app:s3cret@db:5432/app',
      LOG_LEVEL: 'debug',
      QUEUE: 'jobs',
    });
    expect(worker?.dependsOn).toEqual({ db: { condition: 'service_healthy', required: true } });
  });

  it('makes build contexts and bind sources absolute; the Dockerfile stays relative to the context', () => {
    expect(model.services.api?.build).toEqual({
      context: join(dir, 'api'),
      dockerfile: 'Dockerfile.test',
      args: { NODE_VERSION: '20' },
      labels: {},
    });
    expect(model.services.tests?.mounts).toEqual([
      { type: 'bind', source: join(dir, 'reports'), target: '/work/reports', readOnly: false },
      { type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 * 1024 },
    ]);
  });

  it('splits string commands into words and keeps lists as they are', () => {
    expect(model.services.api?.command).toEqual(['node', 'dist/server.js', '--port', '8080']);
    expect(model.services.worker?.command).toEqual(['node', 'dist/worker.js']);
    expect(model.services.tests?.entrypoint).toEqual([
      'sh',
      '-c',
      'wait-for api:8080 && npm test -- --reporter "junit"',
    ]);
  });

  it('expands port short syntax and expose', () => {
    expect(model.services.api?.ports).toEqual([
      { target: 8080, protocol: 'tcp' },
      { target: 8080, published: 18080, hostIp: '127.0.0.1', protocol: 'tcp' },
    ]);
    expect(model.services.api?.expose).toEqual([{ target: 9229, protocol: 'tcp' }]);
  });

  it('turns a healthcheck test string into CMD-SHELL and durations into milliseconds', () => {
    expect(model.services.db?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'pg_isready -U app'],
      intervalMs: 1000,
      timeoutMs: 5000,
      retries: 30,
      startPeriodMs: 90_000,
    });
    expect(model.services.worker?.stopTimeoutMs).toBe(10_000);
  });

  it('puts a service with no networks on default, and keeps aliases', () => {
    expect(model.services.db?.networks).toEqual({ default: { aliases: [] } });
    expect(model.services.api?.networks).toEqual({ default: { aliases: [] }, backend: { aliases: ['api.internal'] } });
    expect(model.services.worker?.networks).toEqual({ backend: { aliases: [] } });
    expect(Object.keys(model.networks).sort()).toEqual(['backend', 'default']);
    expect(model.networks.backend).toMatchObject({ key: 'backend', driver: 'bridge', external: false });
  });

  it('reads environment with no value from the variables, tmpfs, extra_hosts, labels with $$', () => {
    const tests = model.services.tests;
    expect(tests?.environment).toEqual({ API_URL: 'http://api:8080', CI: 'true' });
    expect(tests?.labels).toEqual({ price: '$5' });
    expect(tests?.host).toEqual({ extraHosts: { 'metadata.local': '169.254.169.254' } });
    expect(model.services.db?.host).toEqual({ tmpfs: { '/run/postgresql': 'size=16m' } });
    expect(tests?.user).toBe('1000:1000');
    expect(tests?.workingDir).toBe('/work');
  });

  it('leaves out an environment entry with no value when the variable is not set', () => {
    const local = loadComposeModel(file, { env: {} });
    expect(local.services.tests?.environment).toEqual({ API_URL: 'http://api:8080' });
    expect(local.services.api?.image).toBe('registry.example.com/shop/api:local');
  });

  it('keeps named volumes and their declarations', () => {
    expect(model.services.db?.mounts).toEqual([
      { type: 'volume', source: 'db-data', target: '/var/lib/postgresql/data', readOnly: false },
    ]);
    expect(model.volumes).toEqual({ 'db-data': { key: 'db-data', external: false, driverOpts: {}, labels: {} } });
  });

  it('keeps optional dependencies on active services', () => {
    expect(model.services.tests?.dependsOn).toEqual({
      api: { condition: 'service_started', required: true },
      worker: { condition: 'service_started', required: false },
    });
  });

  it('reads no .env with envFile: false (and then a required variable is missing)', () => {
    expect(() => loadComposeModel(file, { env: {}, envFile: false })).toThrow(/DB_PASSWORD/);
  });
});
