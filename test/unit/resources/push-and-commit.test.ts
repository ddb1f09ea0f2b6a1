import { describe, expect, it } from 'vitest';
import { ImagePushError, InvalidOptionError } from '../../../src/errors/index.js';
import { pushFailureOf } from '../../../src/errors/push.js';
import { blankedOwnLabels, validateCommitOptions } from '../../../src/resources/handles/container-commit.js';

describe('push failures', () => {
  it("sort the engine's messages into auth, unreachable, missing and other", () => {
    expect(pushFailureOf('no basic auth credentials')).toBe('auth');
    expect(pushFailureOf('unauthorized: authentication required')).toBe('auth');
    expect(pushFailureOf('denied: requested access to the resource is denied')).toBe('auth');
    expect(
      pushFailureOf('Get "http://127.0.0.1:40123/v2/": dial tcp 127.0.0.1:40123: connect: connection refused'),
    ).toBe('unreachable');
    expect(pushFailureOf('dial tcp: lookup nohost: no such host')).toBe('unreachable');
    expect(pushFailureOf('An image does not exist locally with the tag: x/y')).toBe('missing');
    expect(pushFailureOf('something else')).toBe('other');
  });

  it('name the reference, the registry and what to do', () => {
    const error = new ImagePushError('127.0.0.1:5000/app:1', 'no basic auth credentials');
    expect(error.code).toBe('SEAWORTHY_IMAGE_PUSH_FAILED');
    expect(error.message).toMatch(/^could not push '127\.0\.0\.1:5000\/app:1': no basic auth credentials\. /);
    expect(error.message).toContain('docker login 127.0.0.1:5000');
    expect(new ImagePushError('team/app:1', 'other').message).toContain('docker.io');
  });
});

describe('commit options', () => {
  it('accept every instruction a commit applies, in any case', () => {
    expect(() =>
      validateCommitOptions({
        repository: 'localhost:5000/team/app',
        tag: 'v1.0',
        changes: ['CMD ["x"]', 'entrypoint ["y"]', 'ENV A=1', 'EXPOSE 80', 'LABEL a=b', 'ONBUILD RUN x', 'USER app'],
        author: 'a',
        message: 'm',
        pause: false,
      }),
    ).not.toThrow();
    expect(() => validateCommitOptions({ repository: 'app', changes: ['VOLUME /data', 'WORKDIR /srv'] })).not.toThrow();
  });

  it('name the option that is wrong', () => {
    const option = (options: unknown) => {
      try {
        validateCommitOptions(options as never);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        return (error as InvalidOptionError).option;
      }
      return undefined;
    };
    expect(option(null)).toBe('commit');
    expect(option({})).toBe('commit.repository');
    expect(option({ repository: 'app', tag: '' })).toBe('commit.tag');
    expect(option({ repository: 'app', changes: 'ENV A=1' })).toBe('commit.changes');
    expect(option({ repository: 'app', changes: ['COPY a b'] })).toBe('commit.changes[0]');
    expect(option({ repository: 'app', changes: [5] })).toBe('commit.changes[0]');
    expect(option({ repository: 'app', author: 1 })).toBe('commit.author');
  });

  it("blank seaworthy's own labels only", () => {
    expect(
      blankedOwnLabels({ 'dev.seaworthy.managed': 'true', 'dev.seaworthy.session': 's', 'org.example.kept': 'x' }),
    ).toEqual({ 'dev.seaworthy.managed': '', 'dev.seaworthy.session': '' });
  });
});
