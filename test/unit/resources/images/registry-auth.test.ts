import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CredentialHelperError, InvalidOptionError, RegistryConfigError } from '../../../../src/errors/index.js';
import { dockerConfigPath } from '../../../../src/resources/images/docker-config.js';
import { resolveRegistryAuth } from '../../../../src/resources/images/registry-auth.js';
import { normalizeRegistry, registryOf } from '../../../../src/resources/images/registry-reference.js';

const root = mkdtempSync(join(tmpdir(), 'seaworthy-registry-auth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
/** A fresh DOCKER_CONFIG folder holding `config` as config.json (or nothing). */
function configDir(config?: unknown): string {
  serial += 1;
  const dir = join(root, `config-${serial}`);
  mkdirSync(dir);
  if (config !== undefined) {
    writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  return dir;
}

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

/**
 * A folder with a fake `docker-credential-test` program: it answers from a
 * table keyed by the server address read on stdin (or "not found").
 */
function fakeHelper(answers: Record<string, { Username: string; Secret: string }>, name = 'test'): string {
  serial += 1;
  const dir = join(root, `bin-${serial}`);
  mkdirSync(dir);
  const program = join(dir, `docker-credential-${name}`);
  writeFileSync(
    program,
    `#!${process.execPath}
const answers = ${JSON.stringify(answers)};
if (process.argv[2] !== 'get') { console.error('unexpected ' + process.argv[2]); process.exit(2); }
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const answer = answers[input.trim()];
  if (!answer) { console.log('credentials not found in native keychain'); process.exit(1); }
  console.log(JSON.stringify({ ServerURL: input.trim(), ...answer }));
});
`,
  );
  chmodSync(program, 0o755);
  return dir;
}

const withPath = (bin: string) => `${bin}${delimiter}${process.env.PATH ?? ''}`;

describe('registryOf', () => {
  it.each([
    ['node:20', 'docker.io'],
    ['team/app:1.0', 'docker.io'],
    ['library/redis@sha256:abc', 'docker.io'],
    ['docker.io/library/node:20', 'docker.io'],
    ['index.docker.io/team/app', 'docker.io'],
    ['registry.example.com/team/app:1', 'registry.example.com'],
    ['Registry.Example.com/app', 'registry.example.com'],
    ['127.0.0.1:5000/app:1', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
    ['localhost:5000/a/b/c:tag', 'localhost:5000'],
    ['[::1]:5000/app', '[::1]:5000'],
  ])('%s is on %s', (reference, registry) => {
    expect(registryOf(reference)).toBe(registry);
  });

  it('rejects an empty reference', () => {
    expect(() => registryOf('')).toThrow(InvalidOptionError);
  });
});

describe('normalizeRegistry', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['https://registry.example.com', 'registry.example.com'],
    ['http://127.0.0.1:5000/v2/', '127.0.0.1:5000'],
    ['host:5000', 'host:5000'],
  ])('%s is %s', (key, registry) => {
    expect(normalizeRegistry(key)).toBe(registry);
  });
});

describe('resolveRegistryAuth', () => {
  it('credentials given in code win over the config', async () => {
    const dir = configDir({ auths: { 'registry.example.com': { auth: basic('file', 'pw') } } });
    const auth = await resolveRegistryAuth('registry.example.com/app', {
      auth: { username: 'code', password: 'secret' },
      env: { DOCKER_CONFIG: dir },
    });
    expect(auth).toEqual({ username: 'code', password: 'secret', serveraddress: 'registry.example.com' });
    expect(
      await resolveRegistryAuth('node:20', { auth: { identityToken: 'tok' }, env: { DOCKER_CONFIG: dir } }),
    ).toEqual({ identitytoken: 'tok', serveraddress: 'https://index.docker.io/v1/' });
  });

  it('checks credentials given in code', async () => {
    await expect(resolveRegistryAuth('x.example.com/a', { auth: { username: 'only' } })).rejects.toThrow(
      /auth.*username.*password/,
    );
    await expect(resolveRegistryAuth('x.example.com/a', { auth: { password: 7 as never } })).rejects.toThrow(
      /auth\.password/,
    );
  });

  it('reads auths entries in every key form, passwords with colons included', async () => {
    const dir = configDir({
      auths: {
        'https://index.docker.io/v1/': { auth: basic('hubuser', 'hub:pass') },
        'https://registry.example.com': { auth: basic('ex', 'pw') },
        '127.0.0.1:5000': { auth: basic('local', 'pw5000') },
        'token.example.com': { auth: basic('<token>', ''), identitytoken: 'refresh-token' },
      },
    });
    const env = { DOCKER_CONFIG: dir };
    expect(await resolveRegistryAuth('node:20', { env })).toEqual({
      username: 'hubuser',
      password: 'hub:pass',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(await resolveRegistryAuth('docker.io/team/app', { env })).toMatchObject({ username: 'hubuser' });
    expect(await resolveRegistryAuth('registry.example.com/app:1', { env })).toEqual({
      username: 'ex',
      password: 'pw',
      serveraddress: 'registry.example.com',
    });
    expect(await resolveRegistryAuth('127.0.0.1:5000/app', { env })).toMatchObject({ username: 'local' });
    expect(await resolveRegistryAuth('token.example.com/app', { env })).toEqual({
      username: '<token>',
      identitytoken: 'refresh-token',
      serveraddress: 'token.example.com',
    });
    expect(await resolveRegistryAuth('127.0.0.1:5001/app', { env })).toBeUndefined();
    expect(await resolveRegistryAuth('other.example.com/app', { env })).toBeUndefined();
  });

  it('finds the config in $DOCKER_CONFIG, else in $HOME/.docker; none at all is no credentials', async () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe(join('/cfg', 'config.json'));
    expect(dockerConfigPath({ HOME: '/home/u' })).toBe(join('/home/u', '.docker', 'config.json'));
    const home = configDir();
    mkdirSync(join(home, '.docker'));
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'h.example.com': { auth: basic('u', 'p') } } }),
    );
    expect(await resolveRegistryAuth('h.example.com/a', { env: { HOME: home } })).toMatchObject({ username: 'u' });
    expect(await resolveRegistryAuth('h.example.com/a', { env: { DOCKER_CONFIG: configDir() } })).toBeUndefined();
  });

  it('a config that is not JSON is RegistryConfigError naming the file', async () => {
    const dir = configDir('{ not json');
    const error = await resolveRegistryAuth('h.example.com/a', { env: { DOCKER_CONFIG: dir } }).catch((e) => e);
    expect(error).toBeInstanceOf(RegistryConfigError);
    expect(error.file).toBe(join(dir, 'config.json'));
  });

  it('asks the credHelpers program of the registry, with the server address on stdin', async () => {
    const bin = fakeHelper({ 'registry.example.com': { Username: 'helped', Secret: 's3' } });
    const dir = configDir({
      credHelpers: { 'registry.example.com': 'test' },
      auths: { 'registry.example.com': { auth: basic('stale', 'old') } },
    });
    const env = { DOCKER_CONFIG: dir, PATH: withPath(bin) };
    expect(await resolveRegistryAuth('registry.example.com/app', { env })).toEqual({
      username: 'helped',
      password: 's3',
      serveraddress: 'registry.example.com',
    });
  });

  it('asks the credsStore program for every registry; Docker Hub as its v1 URL; <token> is an identity token', async () => {
    const bin = fakeHelper({
      'https://index.docker.io/v1/': { Username: 'hub', Secret: 'hubsecret' },
      'tok.example.com': { Username: '<token>', Secret: 'refresh' },
    });
    const env = { DOCKER_CONFIG: configDir({ credsStore: 'test' }), PATH: withPath(bin) };
    expect(await resolveRegistryAuth('node:20', { env })).toMatchObject({ username: 'hub', password: 'hubsecret' });
    expect(await resolveRegistryAuth('tok.example.com/a', { env })).toEqual({
      identitytoken: 'refresh',
      serveraddress: 'tok.example.com',
    });
    // "credentials not found" from the helper: no credentials, not an error.
    expect(await resolveRegistryAuth('unknown.example.com/a', { env })).toBeUndefined();
  });

  it('falls back to auths when the helper has nothing for the registry', async () => {
    const bin = fakeHelper({});
    const dir = configDir({ credsStore: 'test', auths: { 'x.example.com': { auth: basic('from', 'auths') } } });
    expect(
      await resolveRegistryAuth('x.example.com/a', { env: { DOCKER_CONFIG: dir, PATH: withPath(bin) } }),
    ).toMatchObject({ username: 'from', password: 'auths' });
  });

  it('a credHelpers program that is not installed is CredentialHelperError saying what to install', async () => {
    const dir = configDir({ credHelpers: { 'x.example.com': 'nosuch-helper' } });
    const error = await resolveRegistryAuth('x.example.com/a', {
      env: { DOCKER_CONFIG: dir, PATH: configDir() },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect(error.program).toBe('docker-credential-nosuch-helper');
    expect(error.message).toMatch(/Install docker-credential-nosuch-helper/);
  });

  it('a credsStore program that is not installed is skipped: auths, else no credentials', async () => {
    const dir = configDir({ credsStore: 'desktop', auths: { 'x.example.com': { auth: basic('a', 'b') } } });
    const env = { DOCKER_CONFIG: dir, PATH: configDir() };
    expect(await resolveRegistryAuth('x.example.com/a', { env })).toMatchObject({ username: 'a' });
    expect(await resolveRegistryAuth('node:20', { env })).toBeUndefined();
  });

  it('a helper that fails otherwise is CredentialHelperError with its message', async () => {
    serial += 1;
    const bin = join(root, `bin-${serial}`);
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-credential-broken'), '#!/bin/sh\necho "keychain locked" >&2\nexit 3\n');
    chmodSync(join(bin, 'docker-credential-broken'), 0o755);
    const dir = configDir({ credsStore: 'broken' });
    const error = await resolveRegistryAuth('x.example.com/a', {
      env: { DOCKER_CONFIG: dir, PATH: withPath(bin) },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect(error.message).toMatch(/exit code 3: keychain locked/);
  });
});
