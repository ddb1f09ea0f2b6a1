import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { RegistryApi } from '../../../src/containers/registry/registry-api.js';
import { InvalidOptionError, pullImage, RegistryRequestError } from '../../../src/index.js';
import { RegistryDefinition } from '../../../src/registry.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import { pushForTest, removeLocalTag } from '../../support/registry-push.js';

const file = useFileHelper();

// No image option: SEAWORTHY_REGISTRY_IMAGE (set in vitest.config.ts) points it at our twin.
const plain = new RegistryDefinition();
const secured = new RegistryDefinition({ name: 'registry-auth', auth: { username: 'ci', password: 'pa:ss word' } });
const tls = new RegistryDefinition({ name: 'registry-tls', tls: true });
const both = new RegistryDefinition({
  name: 'registry-both',
  tls: true,
  auth: { username: 'robot', password: 's3cret' },
});

describe('RegistryDefinition', () => {
  it('serves plain HTTP: the engine pushes to its address, and the API lists the repository, tag and digest', async () => {
    const registry = await plain.setup(file.helper);
    expect(registry.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(registry.caPem).toBeUndefined();
    expect(registry.credentials).toBeUndefined();
    expect(registry.networkAddress).toBe('registry:5000');
    expect(await registry.catalog()).toEqual([]);

    const pushed = await pushForTest(fixtureImage('logger'), `${registry.address}/team/logger:1.0`);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    expect(await registry.catalog()).toEqual(['team/logger']);
    expect(await registry.tags('team/logger')).toEqual(['1.0']);
    expect(await registry.manifest('team/logger', '1.0')).toMatchObject({ exists: true, digest: pushed.digest });
    expect(await registry.manifest('team/logger', pushed.digest as string)).toMatchObject({ exists: true });
    expect(await registry.manifest('team/logger', '2.0')).toEqual({ exists: false });
    expect(await registry.tags('team/nothing-here')).toEqual([]);
  });

  it('with auth, refuses requests without the login (401) and accepts pushes and API calls with it', async () => {
    const registry = await secured.setup(file.helper);
    expect(registry.credentials).toEqual({ username: 'ci', password: 'pa:ss word' });
    const anonymous = await request(`${registry.url}/v2/_catalog`);
    await anonymous.body.dump();
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="seaworthy registry"/);

    await expect(pushForTest(fixtureImage('logger'), `${registry.address}/locked/logger:1`)).rejects.toThrow(
      /no basic auth credentials|unauthorized|authentication required/i,
    );
    await pushForTest(fixtureImage('logger'), `${registry.address}/locked/logger:1`, {
      username: 'ci',
      password: 'pa:ss word',
      serveraddress: registry.address,
    });
    expect(await registry.catalog()).toEqual(['locked/logger']);
    expect(await registry.tags('locked/logger')).toEqual(['1']);
  });

  it('with tls, serves HTTPS with a certificate from its own CA, which the engine accepts on 127.0.0.1 for pushes and pulls', async () => {
    const registry = await tls.setup(file.helper);
    expect(registry.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(registry.caPem).toContain('-----BEGIN CERTIFICATE-----');

    // Trusted with the CA; refused without it (Node's own trust list does not know it).
    const dispatcher = new Agent({ connect: { ca: registry.caPem } });
    const trusted = await request(`${registry.url}/v2/`, { dispatcher });
    await trusted.body.dump();
    expect(trusted.statusCode).toBe(200);
    await dispatcher.close();
    await expect(request(`${registry.url}/v2/`)).rejects.toThrow(/self[- ]signed|unable to (verify|get)/i);

    const pushed = await pushForTest(fixtureImage('logger'), `${registry.address}/secure/logger:tls`);
    expect(await registry.tags('secure/logger')).toEqual(['tls']);
    expect(await registry.manifest('secure/logger', 'tls')).toMatchObject({ exists: true, digest: pushed.digest });

    // And pulls from it (the pushed tag was removed locally again).
    const reference = `${registry.address}/secure/logger:tls`;
    expect(await file.helper.engine.findImage(reference)).toBeUndefined();
    await pullImage(file.helper, reference, { mode: 'quiet' });
    expect(await file.helper.engine.findImage(reference)).toBeDefined();
    await removeLocalTag(reference);
  });

  it('with tls and auth together, the API client uses both', async () => {
    const registry = await both.setup(file.helper);
    await pushForTest(fixtureImage('logger'), `${registry.address}/both/logger:1`, {
      username: 'robot',
      password: 's3cret',
      serveraddress: registry.address,
    });
    expect(await registry.catalog()).toEqual(['both/logger']);
  });

  it('API errors are typed: a bad repository name is InvalidOptionError, a refused call RegistryRequestError', async () => {
    const registry = await plain.setup(file.helper);
    await expect(registry.tags('Team/Upper')).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(registry.manifest('team/logger', 'bad tag')).rejects.toBeInstanceOf(InvalidOptionError);
    // Deletes are off by default, as in the official image: the registry refuses them (405).
    const digest = (await pushForTest(fixtureImage('logger'), `${registry.address}/team/deletable:1`)).digest;
    const refused = await request(`${registry.url}/v2/team/deletable/manifests/${digest}`, { method: 'DELETE' });
    await refused.body.dump();
    expect(refused.statusCode).toBe(405);
  });

  it('a call the registry refuses is RegistryRequestError with the status; no answer at all has none', async () => {
    const registry = await secured.setup(file.helper);
    const anonymous = new RegistryApi(() => registry.url);
    const refused = await anonymous.catalog().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryRequestError);
    expect(refused).toMatchObject({ code: 'SEAWORTHY_REGISTRY_REQUEST', status: 401 });
    expect((refused as Error).message).toMatch(/wants credentials/);
    await anonymous.close();

    // Plain HTTP against the TLS registry: the server answers 400 to a plain request on a TLS port.
    const tlsRegistry = await tls.setup(file.helper);
    const wrongScheme = new RegistryApi(() => tlsRegistry.url.replace('https:', 'http:'));
    await expect(wrongScheme.catalog()).rejects.toMatchObject({ code: 'SEAWORTHY_REGISTRY_REQUEST' });
    await wrongScheme.close();
  });

  it('checks its options before any engine call', () => {
    expect(() => new RegistryDefinition({ auth: { username: 'a:b', password: 'x' } })).toThrow(/auth\.username/);
    expect(() => new RegistryDefinition({ auth: { username: 'ci', password: '' } })).toThrow(/auth\.password/);
    expect(() => new RegistryDefinition({ tls: 'yes' as never })).toThrow(InvalidOptionError);
  });
});
