import { describe, expect, it } from 'vitest';
import { type Container, ContainerDefinition, type ContainerOptions, NetworkDefinition } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

/**
 * `networkMode`, and the same modes given as `createOverrides.HostConfig.NetworkMode`:
 * what the container ends up with on the real engine (its interfaces, its
 * networks, who can resolve it by name).
 */
const file = useFileHelper();
const logger = fixtureImage('logger');
let serial = 0;

async function start(options: Omit<ContainerOptions, 'image'>, name = `c${++serial}`): Promise<Container> {
  return new ContainerDefinition(name, { image: logger, ...options }).setup(file.helper);
}

/** Interface names inside the container, from /proc/net/dev. */
async function interfaces(container: Container): Promise<string[]> {
  const result = await container.exec(['cat', '/proc/net/dev']);
  expect(result.exitCode).toBe(0);
  return result.stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter(Boolean)
    .sort();
}

const helperNetwork = () => `${file.helper.namespace}_default`;

describe("networkMode 'none'", () => {
  it('gives only the loopback interface and joins no network', async () => {
    const c = await start({ networkMode: 'none' });
    expect(await interfaces(c)).toEqual(['lo']);
    expect(Object.keys((await c.inspect()).networks)).toEqual(['none']);
    await c.teardown();
  });

  it('does the same through createOverrides (it used to get eth0 on the helper network)', async () => {
    const c = await start({ createOverrides: { HostConfig: { NetworkMode: 'none' } } });
    expect(await interfaces(c)).toEqual(['lo']);
    expect(Object.keys((await c.inspect()).networks)).not.toContain(helperNetwork());
    await c.teardown();
  });
});

describe("networkMode 'host'", () => {
  it('uses the host network stack and joins no network', async () => {
    const c = await start({ networkMode: 'host' });
    expect(Object.keys((await c.inspect()).networks)).toEqual(['host']);
    expect(await interfaces(c)).not.toEqual(['lo']);
    await c.teardown();
  });

  it('starts through createOverrides too (it used to fail with an HTTP 500)', async () => {
    const c = await start({ createOverrides: { HostConfig: { NetworkMode: 'host' } } });
    expect(Object.keys((await c.inspect()).networks)).toEqual(['host']);
    await c.teardown();
  });
});

describe("networkMode 'bridge'", () => {
  it("puts the container on the engine's default bridge only", async () => {
    const c = await start({ networkMode: 'bridge' });
    expect(Object.keys((await c.inspect()).networks)).toEqual(['bridge']);
    expect(await interfaces(c)).toEqual(['eth0', 'lo']);
    await c.teardown();
  });
});

describe('networkMode { container }', () => {
  it("shares the started container's network namespace", async () => {
    const web = await new ContainerDefinition('ns-web', { image: fixtureImage('httpd') }).setup(file.helper);
    const sidecar = await new ContainerDefinition('ns-sidecar', {
      image: fixtureImage('httpd'),
      command: ['sleep', 'infinity'],
      networkMode: { container: web },
    }).setup(file.helper);
    const mac = async (c: Container) => (await c.exec(['cat', '/sys/class/net/eth0/address'])).stdout.trim();
    expect(await mac(sidecar)).toMatch(/^[0-9a-f:]{17}$/);
    expect(await mac(sidecar)).toBe(await mac(web));
    // Its 127.0.0.1 is web's: web's server answers there (retried while busybox httpd comes up).
    const fetched = await sidecar.exec([
      'sh',
      '-c',
      'for i in $(seq 1 100); do busybox wget -qO- http://127.0.0.1:8080/ && exit 0; sleep 0.2; done; exit 1',
    ]);
    expect(fetched.exitCode).toBe(0);
    expect(fetched.stdout.length).toBeGreaterThan(0);
    expect((await sidecar.inspect()).networks).toEqual({});
    await sidecar.teardown();
    await web.teardown();
  });

  it('does the same with container:<id> through createOverrides', async () => {
    const owner = await start({});
    const guest = await start({ createOverrides: { HostConfig: { NetworkMode: `container:${owner.id}` } } });
    expect(await interfaces(guest)).toEqual(await interfaces(owner));
    await guest.teardown();
    await owner.teardown();
  });
});

describe('networkMode <a network>', () => {
  it('joins that network instead of the helper network, known there by its name and aliases', async () => {
    const backend = new NetworkDefinition('modes-backend');
    const db = await start({ networkMode: backend, aliases: ['database'] }, 'modes-db');
    const networks = (await db.inspect()).networks;
    const engineName = `${file.helper.namespace}_modes-backend`;
    expect(Object.keys(networks)).toEqual([engineName]);
    expect(networks[engineName]?.aliases).toEqual(expect.arrayContaining(['modes-db', 'database']));
    // A container on the same network reaches it by its definition name and its alias.
    const client = await start({ networks: [backend] });
    for (const name of ['modes-db', 'database']) {
      const lookup = await client.exec(['getent', 'hosts', name]);
      expect(lookup.exitCode, name).toBe(0);
      expect(lookup.stdout).toContain(networks[engineName]?.ipAddress);
    }
    await client.teardown();
    await db.teardown();
  });

  it("joins a network named in createOverrides (it used to be ignored), with the definition's name as alias", async () => {
    const existing = await new NetworkDefinition('modes-named').setup(file.helper);
    const c = await start({ createOverrides: { HostConfig: { NetworkMode: existing.name } } }, 'named-member');
    const networks = (await c.inspect()).networks;
    expect(Object.keys(networks)).toEqual([existing.name]);
    expect(networks[existing.name]?.aliases).toContain('named-member');
    await c.teardown();
  });
});
