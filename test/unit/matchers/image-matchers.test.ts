import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/files/image-config.js';
import { imageProblems } from '../../../src/matchers/image-matchers.js';

const equals = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const config = (over: Partial<ImageConfig> = {}): ImageConfig => ({
  id: 'sha256:abc',
  tags: ['app:latest'],
  env: { PATH: '/usr/bin:/bin', APP_ENV: 'production' },
  entrypoint: ['/entrypoint.sh'],
  cmd: ['python3', 'server.py'],
  exposedPorts: ['53/udp', '8080/tcp'],
  user: 'app',
  workdir: '/app',
  labels: { 'org.opencontainers.image.title': 'app' },
  ...over,
});

describe('imageProblems', () => {
  it('finds nothing wrong for an empty expectation', () => {
    expect(imageProblems(config(), {}, equals)).toEqual([]);
  });

  it('finds nothing wrong when every given fact holds', () => {
    expect(
      imageProblems(
        config(),
        {
          env: { APP_ENV: 'production' },
          entrypoint: ['/entrypoint.sh'],
          cmd: ['python3', 'server.py'],
          exposedPorts: [8080, '53/udp'],
          user: 'app',
          workdir: '/app',
          labels: { 'org.opencontainers.image.title': 'app' },
        },
        equals,
      ),
    ).toEqual([]);
  });

  it('reports a variable that is not set', () => {
    expect(imageProblems(config(), { env: { DEBUG: '1' } }, equals)).toEqual(['env DEBUG=1, but DEBUG is not set']);
  });

  it('reports a variable with another value', () => {
    expect(imageProblems(config(), { env: { APP_ENV: 'test' } }, equals)).toEqual([
      'env APP_ENV=test, but it is production',
    ]);
  });

  it('accepts a variable set to the empty string when that is expected', () => {
    expect(imageProblems(config({ env: { EMPTY: '' } }), { env: { EMPTY: '' } }, equals)).toEqual([]);
    expect(imageProblems(config({ env: { EMPTY: '' } }), { env: { EMPTY: 'x' } }, equals)).toEqual([
      'env EMPTY=x, but it is ',
    ]);
  });

  it('compares entrypoint and cmd as whole lists', () => {
    expect(imageProblems(config(), { entrypoint: ['/entrypoint.sh', '--debug'] }, equals)).toEqual([
      'entrypoint ["/entrypoint.sh","--debug"], but it is ["/entrypoint.sh"]',
    ]);
    expect(imageProblems(config(), { cmd: ['server.py', 'python3'] }, equals)).toEqual([
      'cmd ["server.py","python3"], but it is ["python3","server.py"]',
    ]);
  });

  it('accepts an expected empty entrypoint when the image has none', () => {
    expect(imageProblems(config({ entrypoint: [] }), { entrypoint: [] }, equals)).toEqual([]);
  });

  it('compares lists with the equality it is given', () => {
    const always = () => true;
    expect(imageProblems(config(), { cmd: ['anything'] }, always)).toEqual([]);
  });

  it('normalises exposed ports, 8080 meaning 8080/tcp', () => {
    expect(imageProblems(config(), { exposedPorts: [8080, '8080', '8080/tcp'] }, equals)).toEqual([]);
    expect(imageProblems(config(), { exposedPorts: [53] }, equals)).toEqual([
      'port 53/tcp exposed, but it exposes 53/udp, 8080/tcp',
    ]);
  });

  it('says when the image exposes nothing', () => {
    expect(imageProblems(config({ exposedPorts: [] }), { exposedPorts: [80] }, equals)).toEqual([
      'port 80/tcp exposed, but it exposes nothing',
    ]);
  });

  it.each([
    ['', ''],
    ['', 'root'],
    ['', '0'],
    ['root', ''],
    ['0', 'root'],
  ])('treats image user %j as root user %j', (actual, expected) => {
    expect(imageProblems(config({ user: actual }), { user: expected }, equals)).toEqual([]);
  });

  it('reports a non-root user when root is expected', () => {
    expect(imageProblems(config({ user: 'app' }), { user: 'root' }, equals)).toEqual(["user 'root', but it is 'app'"]);
  });

  it('shows an empty user as root when another user is expected', () => {
    expect(imageProblems(config({ user: '' }), { user: 'app' }, equals)).toEqual(["user 'app', but it is 'root'"]);
  });

  it('compares a non-root user exactly', () => {
    expect(imageProblems(config({ user: '1000:1000' }), { user: '1000' }, equals)).toEqual([
      "user '1000', but it is '1000:1000'",
    ]);
  });

  it("treats an empty workdir as '/'", () => {
    expect(imageProblems(config({ workdir: '' }), { workdir: '/' }, equals)).toEqual([]);
    expect(imageProblems(config({ workdir: '/' }), { workdir: '' }, equals)).toEqual([]);
    expect(imageProblems(config({ workdir: '' }), { workdir: '/app' }, equals)).toEqual([
      "workdir '/app', but it is '/'",
    ]);
  });

  it('reports a label that differs or is unset', () => {
    expect(
      imageProblems(config(), { labels: { 'org.opencontainers.image.title': 'web', maintainer: 'ops' } }, equals),
    ).toEqual(['label org.opencontainers.image.title=web, but it is app', 'label maintainer=ops, but it is unset']);
  });

  it('lists every problem at once', () => {
    expect(
      imageProblems(
        config(),
        { env: { X: '1' }, cmd: [], exposedPorts: [1], user: 'root', workdir: '/', labels: { a: 'b' } },
        equals,
      ),
    ).toHaveLength(6);
  });
});
