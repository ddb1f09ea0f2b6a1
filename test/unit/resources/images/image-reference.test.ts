import { describe, expect, it } from 'vitest';
import {
  isBuildArgName,
  isPathComponent,
  isTagReference,
  withTag,
} from '../../../../src/resources/images/image-reference.js';

describe('image references', () => {
  it.each([
    'app',
    'app:1.2.3',
    'team/app:latest',
    'registry.local:5000/team/app:1.2.3-alpine',
    'localhost/app',
    'a__b/c-d.e:TAG_1',
  ])('accepts %s', (reference) => {
    expect(isTagReference(reference)).toBe(true);
  });

  it.each([
    'App',
    'team/App:1',
    'app:',
    'app:-bad',
    'app@sha256:0123',
    'app:has space',
    '-app',
    'app/',
    `app:${'x'.repeat(129)}`,
  ])('rejects %s', (reference) => {
    expect(isTagReference(reference)).toBe(false);
  });

  it('adds :latest only when the reference has no tag', () => {
    expect(withTag('registry.local:5000/app')).toBe('registry.local:5000/app:latest');
    expect(withTag('app:1')).toBe('app:1');
  });

  it('checks image definition names and build argument names', () => {
    expect(isPathComponent('web-app')).toBe(true);
    expect(isPathComponent('Web')).toBe(false);
    expect(isPathComponent('a/b')).toBe(false);
    expect(isBuildArgName('HTTP_PROXY')).toBe(true);
    expect(isBuildArgName('_x1')).toBe(true);
    expect(isBuildArgName('1X')).toBe(false);
    expect(isBuildArgName('NO-DASH')).toBe(false);
  });
});
