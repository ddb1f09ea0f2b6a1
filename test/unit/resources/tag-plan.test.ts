import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import {
  isValidName,
  isValidRegistry,
  isValidTag,
  parseReference,
} from '../../../src/resources/images/reference-grammar.js';
import {
  dockerCommands,
  planTags,
  semverVersions,
  type TagPlanOptions,
  versionedTags,
  withRegistry,
} from '../../../src/resources/images/tag-plan.js';

const targets = (image: string, options: TagPlanOptions = {}) => planTags([image], options).images[0]?.targets;

function invalid(run: () => unknown, option: string, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidOptionError);
  expect((thrown as InvalidOptionError).option).toBe(option);
  if (message) expect((thrown as Error).message).toMatch(message);
}

describe('docker-ci-deploy README examples', () => {
  it('the dry-run example: two images, semver, latest and a registry', () => {
    const plan = planTags(['praekeltorg/alpine-python', 'praekeltorg/alpine-python:onbuild'], {
      version: '2.7.13',
      versionSemver: true,
      versionLatest: true,
      registry: 'registry:5000',
    });
    const r = 'registry:5000/praekeltorg/alpine-python';
    expect(dockerCommands(plan)).toEqual([
      `docker tag praekeltorg/alpine-python ${r}:2.7.13`,
      `docker tag praekeltorg/alpine-python ${r}:2.7`,
      `docker tag praekeltorg/alpine-python ${r}:2`,
      `docker tag praekeltorg/alpine-python ${r}:latest`,
      `docker tag praekeltorg/alpine-python:onbuild ${r}:2.7.13-onbuild`,
      `docker tag praekeltorg/alpine-python:onbuild ${r}:2.7-onbuild`,
      `docker tag praekeltorg/alpine-python:onbuild ${r}:2-onbuild`,
      `docker tag praekeltorg/alpine-python:onbuild ${r}:onbuild`,
      `docker push ${r}:2.7.13`,
      `docker push ${r}:2.7`,
      `docker push ${r}:2`,
      `docker push ${r}:latest`,
      `docker push ${r}:2.7.13-onbuild`,
      `docker push ${r}:2.7-onbuild`,
      `docker push ${r}:2-onbuild`,
      `docker push ${r}:onbuild`,
    ]);
  });

  it('the short example: -V 3.6.0 -S -L -r registry:5000 alpine-python', () => {
    const plan = planTags(['alpine-python'], {
      version: '3.6.0',
      versionSemver: true,
      versionLatest: true,
      registry: 'registry:5000',
    });
    expect(dockerCommands(plan)).toEqual([
      'docker tag alpine-python registry:5000/alpine-python:3.6.0',
      'docker tag alpine-python registry:5000/alpine-python:3.6',
      'docker tag alpine-python registry:5000/alpine-python:3',
      'docker tag alpine-python registry:5000/alpine-python:latest',
      'docker push registry:5000/alpine-python:3.6.0',
      'docker push registry:5000/alpine-python:3.6',
      'docker push registry:5000/alpine-python:3',
      'docker push registry:5000/alpine-python:latest',
    ]);
  });

  it('an image alone is pushed as it is, not tagged as itself', () => {
    expect(dockerCommands(planTags(['my-image:latest']))).toEqual(['docker push my-image:latest']);
    expect(dockerCommands(planTags(['my-image']))).toEqual(['docker push my-image:latest']);
    expect(dockerCommands(planTags(['my-image:1.0']))).toEqual(['docker push my-image:1.0']);
  });

  it('--tag replaces the image tag, which is not pushed', () => {
    expect(dockerCommands(planTags(['my-image:latest'], { tags: ['alpine', 'eea981f'] }))).toEqual([
      'docker tag my-image:latest my-image:alpine',
      'docker tag my-image:latest my-image:eea981f',
      'docker push my-image:alpine',
      'docker push my-image:eea981f',
    ]);
  });

  it('--version goes in front of each tag, once', () => {
    expect(targets('my-image', { tags: ['alpine'], version: '1.2.3' })).toEqual(['my-image:1.2.3-alpine']);
    expect(targets('my-image', { tags: ['1.2.3-alpine'], version: '1.2.3' })).toEqual(['my-image:1.2.3-alpine']);
  });

  it('--version-latest adds the tag without the version', () => {
    expect(targets('my-image', { version: '1.2.3', versionLatest: true })).toEqual([
      'my-image:1.2.3',
      'my-image:latest',
    ]);
    expect(targets('my-image', { tags: ['alpine'], version: '1.2.3', versionLatest: true })).toEqual([
      'my-image:1.2.3-alpine',
      'my-image:alpine',
    ]);
  });

  it('--version-semver tags each shorter version, and a tag starting with part of the version is not doubled', () => {
    const semver = { version: '1.2.3', versionSemver: true };
    const expected = ['my-image:1.2.3-alpine', 'my-image:1.2-alpine', 'my-image:1-alpine'];
    expect(targets('my-image', { ...semver, tags: ['alpine'] })).toEqual(expected);
    expect(targets('my-image', { ...semver, tags: ['1.2-alpine'] })).toEqual(expected);
    expect(targets('my-image', { ...semver, tags: ['1-alpine'] })).toEqual(expected);
  });

  it('a version with text: 8.7.1-jessie', () => {
    expect(semverVersions('8.7.1-jessie')).toEqual(['8.7.1-jessie', '8.7.1', '8.7', '8']);
    expect(targets('postgres', { version: '8.7.1-jessie', versionSemver: true })).toEqual([
      'postgres:8.7.1-jessie',
      'postgres:8.7.1',
      'postgres:8.7',
      'postgres:8',
    ]);
  });

  it('--semver-precision 2 stops at 1.2', () => {
    expect(targets('my-image', { version: '1.2.3', versionSemver: true, semverPrecision: 2 })).toEqual([
      'my-image:1.2.3',
      'my-image:1.2',
    ]);
  });

  it('a bare 0 only with --semver-zero', () => {
    expect(semverVersions('0.1.2')).toEqual(['0.1.2', '0.1']);
    expect(semverVersions('0.1.2', 1, true)).toEqual(['0.1.2', '0.1', '0']);
    expect(targets('app', { version: '0.9', versionSemver: true, semverZero: true, versionLatest: true })).toEqual([
      'app:0.9',
      'app:0',
      'app:latest',
    ]);
  });

  it('--registry with several tags', () => {
    expect(
      targets('my-image:latest', { tags: ['alpine', 'eea981f'], registry: 'my-registry.example.com:5000' }),
    ).toEqual(['my-registry.example.com:5000/my-image:alpine', 'my-registry.example.com:5000/my-image:eea981f']);
  });

  it('several images get the same tags', () => {
    const plan = planTags(['my-image', 'my-other-image'], { tags: ['eea981f'] });
    expect(plan.pushes).toEqual(['my-image:eea981f', 'my-other-image:eea981f']);
    expect(plan.tags).toEqual([
      { source: 'my-image', target: 'my-image:eea981f' },
      { source: 'my-other-image', target: 'my-other-image:eea981f' },
    ]);
  });
});

describe('semver versions', () => {
  it('splits each step at the last dot or dash', () => {
    expect(semverVersions('5.4.1')).toEqual(['5.4.1', '5.4', '5']);
    expect(semverVersions('5.5.0-alpha')).toEqual(['5.5.0-alpha', '5.5.0', '5.5', '5']);
    expect(semverVersions('1')).toEqual(['1']);
    expect(semverVersions('1.2.3', 3)).toEqual(['1.2.3']);
  });

  it('keeps a version that is only 0', () => {
    expect(semverVersions('0')).toEqual(['0']);
    expect(semverVersions('0.0', 2)).toEqual(['0.0']);
  });

  it('drops 0 only when it is the last one left after the precision', () => {
    expect(semverVersions('0.1.2', 2)).toEqual(['0.1.2', '0.1']);
  });

  it('rejects a precision larger than the version has parts', () => {
    invalid(() => semverVersions('1.2.3', 4), 'semverPrecision', /4 is more than the 3 part/);
    invalid(() => planTags(['a'], { version: '1', versionSemver: true, semverPrecision: 2 }), 'semverPrecision');
  });

  it('rejects a version that does not split into parts', () => {
    invalid(() => semverVersions('1.2.3+build'), 'version', /cannot be split/);
    invalid(() => semverVersions('1.2.'), 'version');
  });
});

describe('versioned tags', () => {
  const versions = ['1.2.3', '1.2', '1'];
  it('a missing tag or latest gives the versions', () => {
    expect(versionedTags(undefined, versions, false)).toEqual(versions);
    expect(versionedTags('latest', versions, false)).toEqual(versions);
    expect(versionedTags('1.2', versions, false)).toEqual(versions);
  });
  it('with latest, the tag without its version follows, or latest', () => {
    expect(versionedTags(undefined, ['1.2.3'], true)).toEqual(['1.2.3', 'latest']);
    expect(versionedTags('latest', ['1.2.3'], true)).toEqual(['1.2.3', 'latest']);
    expect(versionedTags('1.2.3', ['1.2.3'], true)).toEqual(['1.2.3', 'latest']);
    expect(versionedTags('1.2.3-alpine', ['1.2.3'], true)).toEqual(['1.2.3-alpine', 'alpine']);
  });
  it('--tag latest with a version but no --version-latest gives the version only (as docker-ci-deploy does)', () => {
    expect(targets('test-image:abc', { tags: ['latest'], version: '1.2.3' })).toEqual(['test-image:1.2.3']);
    expect(targets('test-image:abc', { tags: ['1.2.3-latest'], version: '1.2.3' })).toEqual(['test-image:1.2.3']);
  });
  it('a tag that only looks like a version prefix is kept whole', () => {
    expect(versionedTags('1.22-x', ['1.2'], false)).toEqual(['1.2-1.22-x']);
  });
  it("the image's own tag gets the version", () => {
    expect(targets('app:alpine', { version: '2.0' })).toEqual(['app:2.0-alpine']);
  });
});

describe('registry', () => {
  it('is prepended', () => {
    expect(withRegistry('bar', 'registry:5000')).toBe('registry:5000/bar');
    expect(withRegistry('praekeltorg/alpine-python', 'registry:5000')).toBe('registry:5000/praekeltorg/alpine-python');
    expect(withRegistry('my.registry.com/app', 'registry:5000')).toBe('registry:5000/my.registry.com/app');
  });
  it('replaces an existing registry only when prepending is invalid', () => {
    expect(withRegistry('registry:5000/bar', 'registry2:5000')).toBe('registry2:5000/bar');
    expect(withRegistry('Example.com/team/app', 'localhost:5000')).toBe('localhost:5000/team/app');
    expect(targets('localhost:5000/app:1.0', { registry: '127.0.0.1:6000' })).toEqual(['127.0.0.1:6000/app:1.0']);
  });
  it('an image with a registry pushed as it is keeps its own tag', () => {
    expect(dockerCommands(planTags(['localhost:5000/app:1.0'], { registry: 'localhost:5000' }))).toEqual([
      'docker push localhost:5000/app:1.0',
    ]);
  });
  it('rejects an address that is not host[:port]', () => {
    invalid(() => planTags(['a'], { registry: 'https://registry:5000' }), 'registry', /not a registry address/);
    invalid(() => planTags(['a'], { registry: 'registry:5000/' }), 'registry');
    invalid(() => planTags(['a'], { registry: '' }), 'registry');
  });
});

describe('bad input', () => {
  it('rejects an image that is not a reference', () => {
    invalid(() => planTags(['foo:5000:port/name']), 'images[0]', /not an image reference/);
    invalid(() => planTags(['ok', 'Upper/Case']), 'images[1]');
    invalid(() => planTags([]), 'images');
  });
  it('rejects options that need another', () => {
    invalid(() => planTags(['a'], { versionLatest: true }), 'versionLatest', /needs `version`/);
    invalid(() => planTags(['a'], { versionSemver: true }), 'versionSemver');
    invalid(() => planTags(['a'], { version: '1', semverPrecision: 1 }), 'semverPrecision', /needs `versionSemver`/);
    invalid(() => planTags(['a'], { version: '1', semverZero: true }), 'semverZero');
  });
  it('rejects bad tags, versions and precisions', () => {
    invalid(() => planTags(['a'], { tags: ['-x'] }), 'tags[0]');
    invalid(() => planTags(['a'], { tags: [] }), 'tags');
    invalid(() => planTags(['a'], { version: '' }), 'version');
    invalid(() => planTags(['a'], { version: '1 2' }), 'version');
    invalid(() => planTags(['a'], { version: '1+b' }), 'version', /not a valid tag/);
    invalid(() => planTags(['a'], { version: '1.2', versionSemver: true, semverPrecision: 0 }), 'semverPrecision');
    invalid(() => planTags(['a'], { version: '1.2', versionSemver: true, semverPrecision: 1.5 }), 'semverPrecision');
    invalid(() => planTags(['a'], { verison: '1' } as TagPlanOptions), 'verison', /unknown option/);
  });
  it('rejects two images that would get the same reference', () => {
    invalid(() => planTags(['a:1', 'a:2'], { tags: ['x'] }), 'images[1]', /a:2 and a:1 would both be tagged a:x/);
  });
  it('lists a target once when two tags give the same one', () => {
    expect(targets('a', { tags: ['1.2.3', 'latest'], version: '1.2.3' })).toEqual(['a:1.2.3']);
  });
});

describe('reference grammar', () => {
  it('splits name, tag and digest', () => {
    expect(parseReference('localhost:5000/team/app:1.2')).toEqual({
      name: 'localhost:5000/team/app',
      tag: '1.2',
      digest: undefined,
    });
    expect(parseReference(`app@sha256:${'a'.repeat(64)}`)?.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(parseReference('app:')).toBeUndefined();
    expect(parseReference(`${'a'.repeat(256)}`)).toBeUndefined();
  });
  it('checks tags, names and registries', () => {
    expect(isValidTag('a'.repeat(128))).toBe(true);
    expect(isValidTag('a'.repeat(129))).toBe(false);
    expect(isValidTag('.a')).toBe(false);
    expect(isValidName('a__b/c-d')).toBe(true);
    expect(isValidName('a/B')).toBe(false);
    expect(isValidRegistry('10.0.0.1:5000')).toBe(true);
    expect(isValidRegistry('-bad')).toBe(false);
  });
});
