import { describe, expect, it } from 'vitest';
import {
  AlreadyConnectedError,
  type Container,
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  InvalidOptionError,
  type Network,
  NetworkDefinition,
  NetworkNotFoundError,
  type NetworkOptions,
  PortNotPublishedError,
  SubnetOverlapError,
  VolumeDefinition,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf, useFileHelper } from '../../support/helper.js';

/**
 * Network and volume handles on the real engine: inspect data, fixed IPAM,
 * driver options, internal networks, and connecting a running container to a
 * network and disconnecting it, checked from a second container.
 */
const file = useFileHelper();
const logger = fixtureImage('logger');
let serial = 0;

/**
 * Set up a network with a fixed /24 in 10.213.0.0/16, a random third octet
 * per attempt so runs side by side don't collide; on overlap, another one.
 */
async function withFreeSubnet(
  helper: DockerHelper,
  options: (octet: number) => NetworkOptions,
): Promise<{ network: Network; octet: number }> {
  const tried = new Set<number>();
  for (let attempt = 0; attempt < 40; attempt++) {
    const octet = 1 + Math.floor(Math.random() * 254);
    if (tried.has(octet)) continue;
    tried.add(octet);
    try {
      const network = await new NetworkDefinition(`ipam${++serial}`, options(octet)).setup(helper);
      return { network, octet };
    } catch (error) {
      if (!(error instanceof SubnetOverlapError)) throw error;
    }
  }
  throw new Error('no free /24 found in 10.213.0.0/16 after 40 tries');
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

/** Run bash in a container: resolve and reach `host:port` over TCP, fetching `/`. */
async function fetchFrom(client: Container, host: string, port: number) {
  return client.exec([
    'timeout',
    '20',
    'bash',
    '-c',
    `exec 3<>/dev/tcp/${host}/${port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && head -c 12 <&3`,
  ]);
}

async function resolves(client: Container, name: string): Promise<boolean> {
  return (await client.exec(['getent', 'hosts', name])).exitCode === 0;
}

function httpd(name: string, options: Omit<ContainerOptions, 'image'> = {}) {
  return new ContainerDefinition(name, {
    image: fixtureImage('httpd'),
    wait: waitFor.logLine('httpd listening'),
    ...options,
  });
}

describe('network.inspect()', () => {
  it('reports driver, flags, IPAM, driver options, labels, and attached containers with their addresses', async () => {
    const { network, octet } = await withFreeSubnet(file.helper, (o) => ({
      attachable: true,
      ipam: { subnet: `10.213.${o}.0/24`, gateway: `10.213.${o}.254`, ipRange: `10.213.${o}.128/25` },
      driverOptions: { 'com.docker.network.driver.mtu': '1400' },
      labels: { team: 'net' },
    }));
    const before = await network.inspect();
    expect(before).toMatchObject({
      id: network.id,
      name: network.name,
      driver: 'bridge',
      scope: 'local',
      internal: false,
      attachable: true,
      options: { 'com.docker.network.driver.mtu': '1400' },
      containers: [],
    });
    expect(before.ipam.config).toEqual([
      { subnet: `10.213.${octet}.0/24`, gateway: `10.213.${octet}.254`, ipRange: `10.213.${octet}.128/25` },
    ]);
    expect(before.labels.team).toBe('net');
    expect(before.labels['dev.seaworthy.namespace']).toBe(file.helper.namespace);
    expect(before.createdAt).toBeInstanceOf(Date);

    const member = await new ContainerDefinition(`member${++serial}`, {
      image: logger,
      networkMode: network.definition,
    }).setup(file.helper);
    const after = await network.inspect();
    expect(after.containers).toHaveLength(1);
    const endpoint = after.containers[0];
    expect(endpoint?.id).toBe(member.id);
    expect(endpoint?.name).toBe(member.name);
    expect(endpoint?.macAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    // The address comes from ipRange (the upper half of the /24) and is the one the container sees.
    const address = endpoint?.ipv4Address ?? '';
    expect(address.startsWith(`10.213.${octet}.`)).toBe(true);
    expect(ipv4ToNumber(address)).toBeGreaterThanOrEqual(ipv4ToNumber(`10.213.${octet}.128`));
    expect(ipv4ToNumber(address)).toBeLessThan(ipv4ToNumber(`10.213.${octet}.254`));
    expect((await member.exec(['hostname', '-i'])).stdout.trim().split(/\s+/)).toContain(address);
    // The driver option took effect: the container's interface has the MTU asked for.
    expect((await member.exec(['cat', '/sys/class/net/eth0/mtu'])).stdout.trim()).toBe('1400');
    await member.teardown();
  });

  it('reports an internal network as internal: no port published from it, yet containers on it reach each other by name', async () => {
    const network = await new NetworkDefinition(`internal${++serial}`, { internal: true }).setup(file.helper);
    expect((await network.inspect()).internal).toBe(true);
    const server = await httpd(`isrv${++serial}`, {
      networkMode: network.definition,
      aliases: ['inside'],
      ports: [8080],
    }).setup(file.helper);
    const client = await new ContainerDefinition(`icli${++serial}`, {
      image: logger,
      networkMode: network.definition,
    }).setup(file.helper);
    const fetched = await fetchFrom(client, 'inside', 8080);
    expect(fetched.exitCode).toBe(0);
    expect(fetched.stdout).toMatch(/^HTTP\/1\.[01] 200$/);
    // The engine gives a container on an internal network no way in from the host either:
    // the port it asked to publish has no binding.
    expect((await server.inspect()).ports['8080/tcp'] ?? []).toEqual([]);
    expect(() => server.hostPort(8080)).toThrow(PortNotPublishedError);
    await Promise.all([server.teardown(), client.teardown()]);
  });
});

describe('IPAM errors', () => {
  it('reports a subnet another network already uses as SubnetOverlapError, leaving nothing behind', async () => {
    const { octet } = await withFreeSubnet(file.helper, (o) => ({ ipam: { subnet: `10.213.${o}.0/24` } }));
    const tracked = file.helper.trackedResources().networks.length;
    const clash = new NetworkDefinition(`clash${++serial}`, { ipam: { subnet: `10.213.${octet}.0/25` } });
    const error = await clash.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubnetOverlapError);
    expect((error as SubnetOverlapError).code).toBe('SEAWORTHY_SUBNET_OVERLAP');
    expect((error as SubnetOverlapError).subnet).toBe(`10.213.${octet}.0/25`);
    expect((error as Error).message).toMatch(/overlaps/);
    expect(file.helper.trackedResources().networks).toHaveLength(tracked);
  });

  it('rejects bad IPAM input naming the option, before anything reaches the engine', () => {
    const bad = (ipam: unknown) => {
      try {
        new NetworkDefinition('bad', { ipam } as NetworkOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        return (error as InvalidOptionError).option;
      }
      throw new Error('no error');
    };
    expect(bad({ subnet: '10.213.300.0/24' })).toBe('bad.ipam.subnet');
    expect(bad({ subnet: '10.213.5.0/24', gateway: '10.213.6.1' })).toBe('bad.ipam.gateway');
    expect(bad({ subnet: '10.213.5.0/24', ipRange: '10.213.4.0/23' })).toBe('bad.ipam.ipRange');
    expect(bad({ gateway: '10.213.5.1' })).toBe('bad.ipam.subnet');
  });
});

describe('network.connect() and disconnect()', () => {
  it('makes a running container reachable by alias from another container, and unreachable after', async () => {
    const side = await new NetworkDefinition(`side${++serial}`).setup(file.helper);
    // The server starts on the helper's network only; the client lives on `side` only.
    const server = await httpd(`srv${++serial}`).setup(file.helper);
    // Where it started: the default bridge when it was alone in the helper, else the helper's network.
    const home = Object.keys((await server.inspect()).networks);
    const client = await new ContainerDefinition(`cli${++serial}`, {
      image: logger,
      networkMode: side.definition,
    }).setup(file.helper);
    expect(await resolves(client, 'web-alias')).toBe(false);

    await side.connect(server, { aliases: ['web-alias'] });
    expect(await resolves(client, 'web-alias')).toBe(true);
    const fetched = await fetchFrom(client, 'web-alias', 8080);
    expect(fetched.exitCode).toBe(0);
    expect(fetched.stdout).toMatch(/^HTTP\/1\.[01] 200$/);
    expect((await side.inspect()).containers.map((c) => c.id)).toContain(server.id);
    expect(Object.keys((await server.inspect()).networks)).toContain(side.name);

    await side.disconnect(server);
    expect(await resolves(client, 'web-alias')).toBe(false);
    expect((await fetchFrom(client, 'web-alias', 8080)).exitCode).not.toBe(0);
    expect((await side.inspect()).containers.map((c) => c.id)).not.toContain(server.id);
    // It still serves on its own network.
    expect(Object.keys((await server.inspect()).networks)).toEqual(home);

    // And it can come back, under the same alias.
    await side.connect(server, { aliases: ['web-alias'] });
    expect((await fetchFrom(client, 'web-alias', 8080)).stdout).toMatch(/^HTTP\/1\.[01] 200$/);
    await Promise.all([server.teardown(), client.teardown()]);
  });

  it('is idempotent for a repeat connect with the same aliases and for disconnecting a container not attached', async () => {
    const net = await new NetworkDefinition(`idem${++serial}`).setup(file.helper);
    const c = await new ContainerDefinition(`idem${++serial}`, { image: logger }).setup(file.helper);
    await net.disconnect(c); // never connected: fine
    await net.connect(c, { aliases: ['one', 'two'] });
    await net.connect(c, { aliases: ['two'] }); // already has it: no change
    await net.connect(c); // no aliases asked for: no change
    const error = await net.connect(c, { aliases: ['three'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyConnectedError);
    expect((error as AlreadyConnectedError).currentAliases).toEqual(expect.arrayContaining(['one', 'two']));
    expect((error as AlreadyConnectedError).requestedAliases).toEqual(['three']);
    await net.disconnect(c);
    await net.disconnect(c); // twice: fine
    expect((await net.inspect()).containers).toEqual([]);
    await c.teardown();
  });

  it('rejects bad aliases naming the option, and a torn-down container', async () => {
    const net = await new NetworkDefinition(`bad${++serial}`).setup(file.helper);
    const c = await new ContainerDefinition(`gone${++serial}`, { image: logger }).setup(file.helper);
    const bad = await net.connect(c, { aliases: ['ok', 'not ok'] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidOptionError);
    expect((bad as InvalidOptionError).option).toBe('connect.aliases[1]');
    await c.teardown();
    const gone = await net.connect(c).catch((e: unknown) => e);
    expect((gone as { code?: string }).code).toBe('SEAWORTHY_CONTAINER_REMOVED');
    await net.disconnect(c); // gone: nothing to do
  });

  it('says so when the network has been torn down', async () => {
    const net = await new NetworkDefinition(`short${++serial}`).setup(file.helper);
    const c = await new ContainerDefinition(`stays${++serial}`, { image: logger }).setup(file.helper);
    await net.teardown();
    const error = await net.connect(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkNotFoundError);
    expect((error as NetworkNotFoundError).network).toBe(net.name);
    await net.disconnect(c); // nothing to detach from: fine
    await c.teardown();
  });

  it('does not block teardown when a container of another helper was connected later', async () => {
    const owner = await DockerHelper.create();
    const other = await DockerHelper.create();
    try {
      const shared = await new NetworkDefinition('shared').setup(owner);
      const guest = await new ContainerDefinition('guest', { image: logger }).setup(other);
      await shared.connect(guest, { aliases: ['guest-alias'] });
      const local = await new ContainerDefinition('local', { image: logger }).setup(owner);
      await shared.connect(local);
      await owner.teardown(); // removes `local`, detaches `guest`, removes the network
      expect(await resourcesOf(owner)).toEqual({ containers: [], networks: [], volumes: [] });
      expect(Object.keys((await guest.inspect()).networks)).not.toContain(shared.name);
      expect(await guest.state()).toMatchObject({ running: true });
    } finally {
      await Promise.allSettled([owner.teardown(), other.teardown()]);
    }
    expect(await resourcesOf(other)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

describe('volume.inspect() and driver options', () => {
  it('reports name, driver, mountpoint, options, labels and creation time; a tmpfs volume mounts as tmpfs', async () => {
    const definition = new VolumeDefinition(`mem${++serial}`, {
      driverOptions: { type: 'tmpfs', device: 'tmpfs', o: 'size=10m' },
      labels: { purpose: 'scratch' },
    });
    const volume = await definition.setup(file.helper);
    const info = await volume.inspect();
    expect(info).toMatchObject({
      name: volume.name,
      driver: 'local',
      scope: 'local',
      options: { type: 'tmpfs', device: 'tmpfs', o: 'size=10m' },
    });
    expect(info.labels.purpose).toBe('scratch');
    expect(info.labels['dev.seaworthy.namespace']).toBe(file.helper.namespace);
    expect(info.mountpoint).toContain(volume.name);
    expect(info.createdAt).toBeInstanceOf(Date);

    const user = await new ContainerDefinition(`vuser${++serial}`, {
      image: logger,
      mounts: [{ type: 'volume', source: definition, target: '/scratch' }],
    }).setup(file.helper);
    const mounts = (await user.exec(['cat', '/proc/mounts'])).stdout;
    const line = mounts.split('\n').find((l) => l.split(' ')[1] === '/scratch') ?? '';
    expect(line.split(' ')[2]).toBe('tmpfs');
    expect(line).toMatch(/size=10240k/);
    await user.teardown();
  });

  it('rejects driver options that are not strings, naming the key', () => {
    expect(() => new VolumeDefinition('v', { driverOptions: { size: 10 as unknown as string } })).toThrow(
      expect.objectContaining({ option: 'v.driverOptions["size"]' }),
    );
  });
});

describe('leftovers', () => {
  it('leaves nothing once the file helper tears down (checked in a fresh helper doing the same)', async () => {
    const helper = await DockerHelper.create();
    const { network } = await withFreeSubnet(helper, (o) => ({ ipam: { subnet: `10.213.${o}.0/24` } }));
    await new VolumeDefinition('v', { driverOptions: { type: 'tmpfs', device: 'tmpfs' } }).setup(helper);
    const c = await new ContainerDefinition('late', { image: logger }).setup(helper);
    await network.connect(c, { aliases: ['late-alias'] });
    await helper.teardown();
    expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
