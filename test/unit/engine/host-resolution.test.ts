import { describe, expect, it } from 'vitest';
import { parseDockerHost } from '../../../src/engine/endpoint.js';
import {
  containerEvidence,
  decideHost,
  type HostFacts,
  isLoopback,
  isOwnContainer,
  ownContainerCandidates,
  withPublishHostIp,
} from '../../../src/engine/host/host-resolution.js';

const ID = 'a'.repeat(12) + 'b'.repeat(52);
const socket = parseDockerHost('unix:///var/run/docker.sock', 'default socket');

/** Facts of a plain host; each case changes what it needs. */
function facts(change: Partial<HostFacts> = {}): HostFacts {
  return {
    env: {},
    hostAddressOption: undefined,
    endpoint: socket,
    inContainer: false,
    containerEvidence: 'no /.dockerenv, /run/.containerenv or container cgroup',
    ownContainer: undefined,
    ownContainerLookup: '',
    hostname: 'ci-host',
    engineHostname: undefined,
    hostDockerInternal: undefined,
    ...change,
  };
}

const inContainer = (change: Partial<HostFacts> = {}) =>
  facts({
    inContainer: true,
    containerEvidence: '/.dockerenv exists',
    hostname: 'aaaaaaaaaaaa',
    ownContainerLookup: 'looked up aaaaaaaaaaaa (hostname): not on this engine',
    engineHostname: 'ci-host',
    ...change,
  });

const sibling = (networkMode = 'bridge') =>
  inContainer({
    ownContainer: { id: ID, name: 'runner', networkMode, networks: ['bridge'], foundBy: 'mountinfo' },
    ownContainerLookup: '',
    engineHostname: undefined,
  });

describe('decideHost', () => {
  it('uses loopback on a plain host with a local socket', () => {
    const decision = decideHost(facts());
    expect(decision).toMatchObject({
      topology: 'host',
      reach: 'published',
      address: '127.0.0.1',
      publishHostIp: '127.0.0.1',
    });
    expect(decision.reason).toMatch(/not in a container.*the engine is local/);
  });

  it('treats a tcp engine on loopback as local', () => {
    expect(decideHost(facts({ endpoint: parseDockerHost('tcp://localhost:2375', 'DOCKER_HOST') }))).toMatchObject({
      topology: 'host',
      address: '127.0.0.1',
      publishHostIp: '127.0.0.1',
    });
  });

  it("reaches a remote tcp engine's published ports on its host, published on all its interfaces", () => {
    const decision = decideHost(facts({ endpoint: parseDockerHost('tcp://docker:2376', 'DOCKER_HOST', true) }));
    expect(decision).toMatchObject({ topology: 'remote', address: 'docker', publishHostIp: '0.0.0.0' });
    expect(decision.reason).toContain('published ports live on docker');
  });

  it('lets SEAWORTHY_HOST and the hostAddress option override everything, the option first', () => {
    expect(decideHost(sibling())).toMatchObject({ topology: 'sibling' });
    expect(decideHost({ ...sibling(), env: { SEAWORTHY_HOST: '10.0.0.5' } })).toMatchObject({
      topology: 'override',
      reach: 'published',
      address: '10.0.0.5',
      publishHostIp: '0.0.0.0',
      reason: 'SEAWORTHY_HOST=10.0.0.5',
    });
    expect(decideHost({ ...facts(), env: { SEAWORTHY_HOST: 'localhost' } })).toMatchObject({
      address: '127.0.0.1',
      publishHostIp: '127.0.0.1',
    });
    expect(
      decideHost({ ...facts(), env: { SEAWORTHY_HOST: '10.0.0.5' }, hostAddressOption: '127.0.0.2' }),
    ).toMatchObject({ address: '127.0.0.2', reason: expect.stringContaining('hostAddress option') });
  });

  it('joins the helper networks in a container that the engine knows (sibling)', () => {
    const decision = decideHost(sibling());
    expect(decision).toMatchObject({
      topology: 'sibling',
      reach: 'container-network',
      runnerContainerId: ID,
      publishHostIp: '127.0.0.1',
    });
    expect(decision.reason).toContain('in container aaaaaaaaaaaa (runner, found by mountinfo)');
  });

  it('also for a tcp engine that knows this container', () => {
    const decision = decideHost({ ...sibling(), endpoint: parseDockerHost('tcp://172.17.0.1:2375', 'DOCKER_HOST') });
    expect(decision).toMatchObject({ topology: 'sibling', reach: 'container-network' });
  });

  it("uses loopback for a sibling on the host's network, which cannot join others", () => {
    expect(decideHost(sibling('host'))).toMatchObject({
      topology: 'sibling-host-network',
      reach: 'published',
      address: '127.0.0.1',
    });
  });

  it('joins with the container whose network it shares (--network container:<id>)', () => {
    const owner = 'c'.repeat(64);
    expect(decideHost(sibling(`container:${owner}`))).toMatchObject({
      topology: 'sibling',
      runnerContainerId: owner,
    });
  });

  it('recognises an engine running in this very container (Docker-in-Docker) by its host name', () => {
    const decision = decideHost(inContainer({ engineHostname: 'aaaaaaaaaaaa' }));
    expect(decision).toMatchObject({ topology: 'docker-in-docker', address: '127.0.0.1', publishHostIp: '127.0.0.1' });
    expect(decision.reason).toContain("the engine's host name is this container's (aaaaaaaaaaaa)");
    expect(decision.reason).toContain('not on this engine');
  });

  it('and one listening on this container’s loopback', () => {
    const decision = decideHost(inContainer({ endpoint: parseDockerHost('tcp://127.0.0.1:2375', 'DOCKER_HOST') }));
    expect(decision).toMatchObject({ topology: 'docker-in-docker', address: '127.0.0.1' });
  });

  it("uses loopback in Bitbucket Pipelines, whose docker service shares the step's network, and publishes where the internal address reaches", () => {
    const env = { BITBUCKET_DOCKER_HOST_INTERNAL: '10.39.145.17' };
    for (const host of ['tcp://localhost:2375', 'tcp://10.39.145.17:2375', 'unix:///var/run/docker.sock']) {
      const decision = decideHost(inContainer({ env, endpoint: parseDockerHost(host, 'DOCKER_HOST') }));
      expect(decision).toMatchObject({ topology: 'bitbucket', address: '127.0.0.1', publishHostIp: '0.0.0.0' });
      expect(decision.reason).toContain('BITBUCKET_DOCKER_HOST_INTERNAL=10.39.145.17');
      expect(decision.hostInternal).toMatchObject({
        address: '10.39.145.17',
        source: 'BITBUCKET_DOCKER_HOST_INTERNAL',
        extraHosts: {},
      });
    }
  });

  it('keeps ports on loopback in Bitbucket when the internal address is loopback', () => {
    const env = { BITBUCKET_DOCKER_HOST_INTERNAL: '127.0.0.1' };
    const decision = decideHost(inContainer({ env }));
    expect(decision).toMatchObject({ topology: 'bitbucket', publishHostIp: '127.0.0.1' });
    expect(decision.hostInternal?.address).toBe('127.0.0.1');
  });

  it('has no internal address where containers do not reach the host through one', () => {
    const env = { BITBUCKET_DOCKER_HOST_INTERNAL: '10.39.145.17' };
    for (const f of [
      facts(),
      facts({ env }),
      sibling(),
      inContainer({ engineHostname: 'aaaaaaaaaaaa' }),
      inContainer(),
    ]) {
      expect(decideHost(f).hostInternal).toBeUndefined();
    }
  });

  it('reaches a DinD service (GitLab: DOCKER_HOST=tcp://docker:2376) on its host name', () => {
    const decision = decideHost(
      inContainer({ endpoint: parseDockerHost('tcp://docker:2376', 'DOCKER_HOST', true), engineHostname: 'f00d' }),
    );
    expect(decision).toMatchObject({ topology: 'remote', address: 'docker', publishHostIp: '0.0.0.0' });
    expect(decision.reason).toMatch(/in a container the engine does not know.*published ports live on docker/);
  });

  it('falls back to host.docker.internal when it resolves, then to a loopback guess that says so', () => {
    expect(decideHost(inContainer({ hostDockerInternal: '192.168.65.254' }))).toMatchObject({
      topology: 'host-gateway',
      address: 'host.docker.internal',
      publishHostIp: '0.0.0.0',
      hostInternal: {
        address: 'host.docker.internal',
        source: 'host.docker.internal',
        extraHosts: { 'host.docker.internal': 'host-gateway' },
      },
    });
    const guess = decideHost(inContainer());
    expect(guess).toMatchObject({ topology: 'unknown', address: '127.0.0.1', publishHostIp: '127.0.0.1' });
    expect(guess.reason).toMatch(/assuming.*set SEAWORTHY_HOST, or SEAWORTHY_RUNNER_CONTAINER/);
  });
});

describe('containerEvidence', () => {
  const none = { dockerenv: false, containerenv: false, cgroup: '0::/\n', mountinfo: '' };

  it('is not in a container without a marker file, container cgroup or container mount', () => {
    expect(containerEvidence(none)).toEqual({
      inContainer: false,
      evidence: 'no /.dockerenv, /run/.containerenv or container cgroup',
    });
  });

  it('names what says it is', () => {
    expect(containerEvidence({ ...none, dockerenv: true }).evidence).toBe('/.dockerenv exists');
    expect(containerEvidence({ ...none, containerenv: true }).evidence).toBe('/run/.containerenv exists');
    expect(containerEvidence({ ...none, cgroup: `12:pids:/docker/${ID}\n` }).evidence).toBe(
      '/proc/self/cgroup names docker',
    );
    expect(containerEvidence({ ...none, cgroup: `0::/kubepods/besteffort/pod1/${ID}\n` }).evidence).toBe(
      '/proc/self/cgroup names kubepods',
    );
    const mountinfo = `612 590 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n`;
    expect(containerEvidence({ ...none, mountinfo })).toMatchObject({ inContainer: true });
  });
});

describe('ownContainerCandidates', () => {
  const mountinfo = [
    '590 1 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X',
    `611 590 254:1 /var/lib/docker/containers/${ID}/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw`,
    `612 590 254:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw`,
  ].join('\n');

  it('finds the id in the mount sources of /etc/hostname (cgroup v2) and skips the host name that is its short form', () => {
    expect(ownContainerCandidates({ cgroup: '0::/\n', mountinfo, hostname: ID.slice(0, 12) }, {})).toEqual([
      { ref: ID, via: 'mountinfo' },
    ]);
  });

  it('reads cgroup v1 paths, including systemd scopes', () => {
    const other = 'd'.repeat(64);
    expect(
      ownContainerCandidates(
        { cgroup: `1:name=systemd:/system.slice/docker-${other}.scope\n`, mountinfo: '', hostname: 'runner' },
        {},
      ),
    ).toEqual([
      { ref: other, via: 'cgroup' },
      { ref: 'runner', via: 'hostname' },
    ]);
  });

  it("ignores the files of other containers that the engine mounts beside it (a process in the engine's mount namespace sees them)", () => {
    const other = 'e'.repeat(64);
    const beside = `733 29 254:1 /var/lib/docker/containers/${other}/hostname /var/lib/docker/overlay2/abc/merged/etc/hostname rw,relatime - ext4 /dev/vda1 rw\n`;
    expect(ownContainerCandidates({ cgroup: '0::/\n', mountinfo: beside, hostname: 'vm' }, {})).toEqual([
      { ref: 'vm', via: 'hostname' },
    ]);
    expect(
      containerEvidence({ dockerenv: false, containerenv: false, cgroup: '0::/\n', mountinfo: beside }),
    ).toMatchObject({
      inContainer: false,
    });
  });

  it('finds podman containers too', () => {
    const podman = `700 600 0:5 /containers/storage/overlay-containers/${ID}/userdata/hostname /etc/hostname rw - tmpfs tmpfs rw\n`;
    expect(ownContainerCandidates({ cgroup: '', mountinfo: podman, hostname: '' }, {})).toEqual([
      { ref: ID, via: 'mountinfo' },
    ]);
  });

  it('uses SEAWORTHY_RUNNER_CONTAINER alone when set', () => {
    expect(
      ownContainerCandidates({ cgroup: '', mountinfo, hostname: 'x' }, { SEAWORTHY_RUNNER_CONTAINER: ' my-runner ' }),
    ).toEqual([{ ref: 'my-runner', via: 'SEAWORTHY_RUNNER_CONTAINER' }]);
  });
});

describe('isOwnContainer', () => {
  const inspected = { id: ID, name: 'runner', hostname: 'aaaaaaaaaaaa' };

  it('trusts an id read from this container’s own files', () => {
    expect(isOwnContainer({ ref: ID, via: 'mountinfo' }, { ...inspected, hostname: 'other' }, 'x')).toBe(true);
  });

  it('takes a container found by host name only if its host name and id or name match', () => {
    expect(isOwnContainer({ ref: 'aaaaaaaaaaaa', via: 'hostname' }, inspected, 'aaaaaaaaaaaa')).toBe(true);
    expect(isOwnContainer({ ref: 'runner', via: 'hostname' }, { ...inspected, hostname: 'runner' }, 'runner')).toBe(
      true,
    );
    // A container that happens to be named like this machine, with another host name.
    expect(isOwnContainer({ ref: 'ci-host', via: 'hostname' }, { ...inspected, name: 'ci-host' }, 'ci-host')).toBe(
      false,
    );
  });
});

describe('isLoopback', () => {
  it('knows the loopback names', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST']) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of ['docker', '10.0.0.1', '0.0.0.0', '::', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });
});

describe('withPublishHostIp', () => {
  const body = {
    Image: 'x',
    HostConfig: {
      Memory: 1,
      PortBindings: {
        '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
        '53/udp': [{ HostIp: '10.0.0.2', HostPort: '5353' }],
      },
    },
  };

  it('moves loopback bindings to the given address and leaves the others', () => {
    expect(withPublishHostIp(body, '0.0.0.0')).toEqual({
      Image: 'x',
      HostConfig: {
        Memory: 1,
        PortBindings: {
          '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }],
          '53/udp': [{ HostIp: '10.0.0.2', HostPort: '5353' }],
        },
      },
    });
    expect(body.HostConfig.PortBindings['80/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
  });

  it('returns the request itself when there is nothing to change', () => {
    expect(withPublishHostIp(body, '127.0.0.1')).toBe(body);
    const noPorts = { Image: 'x' };
    expect(withPublishHostIp(noPorts, '0.0.0.0')).toBe(noPorts);
  });
});
