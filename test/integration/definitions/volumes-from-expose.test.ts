import { describe, expect, it } from 'vitest';
import { type Container, ContainerDefinition, VolumeDefinition } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

/**
 * `volumesFrom` and `expose` (compose `volumes_from` and `expose`) on the
 * real engine: what the second container sees, and what inspect reports.
 */
const file = useFileHelper();
const httpd = fixtureImage('httpd');
const sleeper = ['sleep', 'infinity'];
let serial = 0;

async function sh(container: Container, script: string) {
  return container.exec(['sh', '-c', script]);
}

/** The raw `HostConfig` the engine kept for a container. */
async function hostConfigOf(container: Container): Promise<{ VolumesFrom?: string[]; PortBindings?: object }> {
  const raw = (await file.helper.engine.inspectContainer(container.id)) as unknown as { HostConfig?: object };
  return raw.HostConfig ?? {};
}

/** A started container with a named volume at /data. */
async function dataOwner(): Promise<Container> {
  const n = ++serial;
  return new ContainerDefinition(`data${n}`, {
    image: httpd,
    command: sleeper,
    mounts: [{ type: 'volume', source: new VolumeDefinition(`shared${n}`), target: '/data' }],
  }).setup(file.helper);
}

describe('volumesFrom', () => {
  it("mounts a started container's volumes at the same paths, read-write", async () => {
    const owner = await dataOwner();
    const user = await new ContainerDefinition(`user${serial}`, {
      image: httpd,
      command: sleeper,
      volumesFrom: [{ container: owner }],
    }).setup(file.helper);
    expect((await sh(user, 'echo from-user > /data/note')).exitCode).toBe(0);
    expect((await sh(owner, 'cat /data/note')).stdout.trim()).toBe('from-user');
    const mount = (await user.inspect()).mounts.find((m) => m.target === '/data');
    expect(mount).toMatchObject({ type: 'volume', readOnly: false, name: `${file.helper.namespace}_shared${serial}` });
    expect((await hostConfigOf(user)).VolumesFrom).toEqual([owner.id]);
  });

  it('mounts them read-only with readOnly: true: reads work, a write fails', async () => {
    const owner = await dataOwner();
    await sh(owner, 'echo from-owner > /data/note');
    const reader = await new ContainerDefinition(`reader${serial}`, {
      image: httpd,
      command: sleeper,
      volumesFrom: [{ container: owner, readOnly: true }],
    }).setup(file.helper);
    expect((await sh(reader, 'cat /data/note')).stdout.trim()).toBe('from-owner');
    const write = await sh(reader, 'echo nope > /data/other');
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/read-only file system/i);
    expect((await reader.inspect()).mounts.find((m) => m.target === '/data')?.readOnly).toBe(true);
  });

  it("takes an existing container's name (here the engine name of one the helper made)", async () => {
    const owner = await dataOwner();
    await sh(owner, 'echo by-name > /data/note');
    const user = await new ContainerDefinition(`byname${serial}`, {
      image: httpd,
      command: sleeper,
      volumesFrom: [{ container: owner.name }],
    }).setup(file.helper);
    expect(owner.name).toBe(`${file.helper.namespace}_data${serial}`);
    expect((await sh(user, 'cat /data/note')).stdout.trim()).toBe('by-name');
  });
});

describe('expose', () => {
  it('records the ports in ExposedPorts without publishing them, and peers on the network reach them', async () => {
    const server = await new ContainerDefinition('exposed-server', {
      image: httpd,
      command: ['busybox', 'httpd', '-f', '-p', '9090', '-h', '/www'],
      expose: [9090, '5353/udp'],
    }).setup(file.helper);
    const info = await server.inspect();
    // 8080 comes from the image's EXPOSE; ours are added beside it.
    expect([...info.config.exposedPorts].sort()).toEqual(['5353/udp', '8080/tcp', '9090/tcp']);
    expect(info.ports).toEqual({});
    expect((await hostConfigOf(server)).PortBindings ?? {}).toEqual({});

    const client = await new ContainerDefinition('exposed-client', { image: httpd, command: sleeper }).setup(
      file.helper,
    );
    // Retried: the server may still be binding its port on a slow machine.
    const fetched = await sh(
      client,
      'for i in $(seq 1 50); do busybox wget -q -O- http://exposed-server:9090/ && exit 0; sleep 0.2; done; exit 1',
    );
    expect(fetched.exitCode).toBe(0);
    expect(fetched.stdout.length).toBeGreaterThan(0);
  });
});
