import { describe, expect, it } from 'vitest';
import { parseDockerHost } from '../../../src/engine/endpoint.js';
import {
  type EngineFactProbe,
  gatherHostFacts,
  type LocalSources,
} from '../../../src/engine/host/host-resolution-facts.js';

const ID = 'e'.repeat(64);
const socket = parseDockerHost('/var/run/docker.sock', 'default socket');

function local(
  files: Record<string, string>,
  hostname: string,
  resolves?: string,
): LocalSources & { resolved: string[] } {
  const resolved: string[] = [];
  return {
    resolved,
    exists: async (path) => path in files,
    read: async (path) => files[path] ?? '',
    hostname: () => hostname,
    async resolve(name) {
      resolved.push(name);
      return resolves;
    },
  };
}

function probe(
  containers: Record<string, { id: string; name: string; hostname: string; networkMode: string; networks: string[] }>,
  engineHostname = 'engine-host',
): EngineFactProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async inspectContainer(ref) {
      asked.push(ref);
      if (ref === 'boom') throw new Error('socket hang up');
      return containers[ref];
    },
    async engineHostname() {
      asked.push('info');
      return engineHostname;
    },
  };
}

describe('gatherHostFacts', () => {
  it('asks the engine nothing on a plain host', async () => {
    const engine = probe({});
    const facts = await gatherHostFacts({
      probe: engine,
      endpoint: socket,
      env: {},
      hostAddressOption: undefined,
      local: local({ '/proc/self/cgroup': '0::/user.slice\n' }, 'laptop'),
    });
    expect(engine.asked).toEqual([]);
    expect(facts).toMatchObject({ inContainer: false, hostname: 'laptop', ownContainer: undefined });
  });

  it('asks nothing either when SEAWORTHY_HOST decides', async () => {
    const engine = probe({});
    await gatherHostFacts({
      probe: engine,
      endpoint: socket,
      env: { SEAWORTHY_HOST: '10.1.1.1' },
      hostAddressOption: undefined,
      local: local({ '/.dockerenv': '' }, 'x'),
    });
    expect(engine.asked).toEqual([]);
  });

  it('finds its own container by the id in mountinfo and stops there', async () => {
    const mountinfo = `612 590 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n`;
    const engine = probe({
      [ID]: { id: ID, name: 'runner', hostname: 'eeeeeeeeeeee', networkMode: 'bridge', networks: ['bridge'] },
    });
    const facts = await gatherHostFacts({
      probe: engine,
      endpoint: socket,
      env: {},
      hostAddressOption: undefined,
      local: local({ '/.dockerenv': '', '/proc/self/mountinfo': mountinfo }, 'eeeeeeeeeeee'),
    });
    expect(engine.asked).toEqual([ID]);
    expect(facts.ownContainer).toEqual({
      id: ID,
      name: 'runner',
      networkMode: 'bridge',
      networks: ['bridge'],
      foundBy: 'mountinfo',
    });
  });

  it('records every failed lookup, then asks for the engine host name and resolves host.docker.internal', async () => {
    const sources = local(
      { '/.dockerenv': '', '/proc/self/cgroup': `1:pids:/docker/${ID}\n` },
      'boom',
      '192.168.65.254',
    );
    const engine = probe({});
    const facts = await gatherHostFacts({
      probe: engine,
      endpoint: socket,
      env: {},
      hostAddressOption: undefined,
      local: sources,
    });
    expect(engine.asked).toEqual([ID, 'boom', 'info']);
    expect(facts.ownContainerLookup).toBe(
      'looked up eeeeeeeeeeee (cgroup): not on this engine; boom (hostname): lookup failed, socket hang up',
    );
    expect(facts).toMatchObject({
      engineHostname: 'engine-host',
      hostDockerInternal: '192.168.65.254',
      hostDockerInternalLookedUp: true,
    });
    expect(sources.resolved).toEqual(['host.docker.internal']);
  });

  it('does not resolve host.docker.internal when the engine runs in this container', async () => {
    const sources = local({ '/.dockerenv': '' }, 'dind-runner');
    const facts = await gatherHostFacts({
      probe: probe({}, 'dind-runner'),
      endpoint: socket,
      env: {},
      hostAddressOption: undefined,
      local: sources,
    });
    expect(facts.engineHostname).toBe('dind-runner');
    expect(facts.hostDockerInternalLookedUp).toBe(false);
    expect(sources.resolved).toEqual([]);
  });

  it('does not take an unrelated container named like this host for its own', async () => {
    const facts = await gatherHostFacts({
      probe: probe({ ci: { id: ID, name: 'ci', hostname: 'elsewhere', networkMode: 'bridge', networks: [] } }),
      endpoint: socket,
      env: {},
      hostAddressOption: undefined,
      local: local({ '/.dockerenv': '' }, 'ci'),
    });
    expect(facts.ownContainer).toBeUndefined();
    expect(facts.ownContainerLookup).toBe('looked up ci (hostname): another container');
  });
});
