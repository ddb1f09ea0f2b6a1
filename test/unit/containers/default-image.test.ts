import { describe, expect, it } from 'vitest';
import { defaultImage } from '../../../src/containers/shared/default-image.js';
import { InvalidOptionError } from '../../../src/index.js';

describe('defaultImage', () => {
  it('uses the official image unless SEAWORTHY_<SERVICE>_IMAGE names another', () => {
    expect(defaultImage('postgres', 'postgres:18', {})).toBe('postgres:18');
    expect(defaultImage('postgres', 'postgres:18', { SEAWORTHY_POSTGRES_IMAGE: ' mirror.local/postgres:18 ' })).toBe(
      'mirror.local/postgres:18',
    );
    expect(defaultImage('rabbitmq', 'rabbitmq:4', { SEAWORTHY_POSTGRES_IMAGE: 'x' })).toBe('rabbitmq:4');
  });

  it('refuses a variable that is set but empty', () => {
    expect(() => defaultImage('redis', 'redis:8', { SEAWORTHY_REDIS_IMAGE: '' })).toThrow(InvalidOptionError);
    expect(() => defaultImage('redis', 'redis:8', { SEAWORTHY_REDIS_IMAGE: ' ' })).toThrow(/SEAWORTHY_REDIS_IMAGE/);
  });
});
