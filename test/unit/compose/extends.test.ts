import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';
import { ComposeFileError } from '../../../src/errors/compose.js';
import { catchError } from './catch-error.js';

const dir = join(import.meta.dirname, 'files', 'extends');
const common = join(dir, 'common');

describe('loadComposeModel: extends', () => {
  const model = loadComposeModel(join(dir, 'docker-compose.yml'), { env: {} });
  const web = model.services.web;
  const admin = model.services.admin;

  it('takes a service from another file, through that file’s own extends', () => {
    expect(web?.host).toEqual({ capDrop: ['ALL'], readOnlyRootFilesystem: true, securityOpts: ['no-new-privileges'] });
    expect(web?.healthcheck).toEqual({ test: ['CMD', 'node', 'healthcheck.js'], intervalMs: 2000 });
    expect(web?.ports).toEqual([{ target: 3000, protocol: 'tcp' }]);
  });

  it('resolves the extended file’s relative paths against its own folder', () => {
    expect(web?.build).toEqual({ context: join(common, 'app'), args: { NODE_ENV: 'test' }, labels: {} });
    expect(web?.mounts).toEqual([
      { type: 'bind', source: join(common, 'certs'), target: '/etc/certs', readOnly: true },
    ]);
  });

  it('merges environment and env_file, environment winning over env_file', () => {
    expect(web?.environment).toEqual({ SHARED_SECRET: 'from-common', LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
  });

  it('does not inherit depends_on (the base’s cache is not even loaded)', () => {
    expect(web?.dependsOn).toEqual({});
    expect(model.services.cache).toBeUndefined();
  });

  it('extends a service of the same file, which itself extends another file', () => {
    expect(admin?.command).toEqual(['node', 'admin.js']);
    expect(admin?.build?.context).toBe(join(common, 'app'));
    expect(admin?.mounts.map((m) => m.target)).toEqual(['/etc/certs', '/data']);
    expect(admin?.mounts[1]).toEqual({
      type: 'bind',
      source: join(dir, 'admin-data'),
      target: '/data',
      readOnly: false,
    });
    expect(admin?.environment.LOG_LEVEL).toBe('debug');
  });

  it('checks only the services it lends in a file reached through extends', () => {
    expect(Object.keys(model.services)).toEqual(['web', 'admin', 'db']);
  });

  it('fails on a cycle, naming the services in it', () => {
    const error = catchError(() => loadComposeModel(join(dir, 'cycle.yml'), { env: {} }));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_INVALID', service: 'a', key: 'services.a.extends' });
    expect(error.message).toContain('cycle (a -> b -> c -> a)');
  });
});
