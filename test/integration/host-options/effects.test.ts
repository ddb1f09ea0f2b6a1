import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CapabilitiesRefusedError,
  type Container,
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';
import { effectiveCaps, hasCap, hostConfigOf, sh } from './support.js';

/**
 * Each typed host option, seen twice: in the HostConfig the engine stored
 * (inspect), and in its effect inside the running container (exec). This
 * engine runs cgroup v1, so CPU and memory limits are read from
 * /sys/fs/cgroup/<controller>/.
 */
let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});

afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

const MiB = 1024 * 1024;

function start(name: string, options: Omit<ContainerOptions, 'image'>): Promise<Container> {
  return new ContainerDefinition(name, {
    image: fixtureImage('logger'),
    wait: waitFor.logLine(/^ready$/),
    ...options,
  }).setup(helper);
}

/** A cgroup v1 file's content, or the v2 one when the engine runs cgroup v2. */
async function cgroup(container: Container, v1: string, v2: string): Promise<string> {
  const { stdout } = await sh(container, `cat /sys/fs/cgroup/${v1} 2>/dev/null || cat /sys/fs/cgroup/${v2}`);
  return stdout.trim();
}

describe('capabilities', () => {
  it('adds and drops capabilities, with or without the CAP_ prefix', async () => {
    const c = await start('caps', { capAdd: ['NET_ADMIN', 'cap_sys_time'], capDrop: ['CAP_CHOWN'] });
    const host = await hostConfigOf(helper, c);
    expect(host.CapAdd).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_TIME']);
    expect(host.CapDrop).toEqual(['CAP_CHOWN']);
    const caps = await effectiveCaps(c);
    expect(hasCap(caps, 'NET_ADMIN')).toBe(true);
    expect(hasCap(caps, 'SYS_TIME')).toBe(true);
    expect(hasCap(caps, 'CHOWN')).toBe(false);
    expect(hasCap(caps, 'KILL')).toBe(true); // a default one, untouched
    // the effect: chown is refused to root without CAP_CHOWN
    const chown = await sh(c, 'touch /tmp/f && chown 1000 /tmp/f', true);
    expect(chown.exitCode).not.toBe(0);
    expect(chown.stderr).toMatch(/not permitted/i);
  });

  it("capDrop: ['ALL'] leaves only what capAdd gives back", async () => {
    const c = await start('caps-none', { capDrop: ['ALL'], capAdd: ['NET_BIND_SERVICE'] });
    expect(await effectiveCaps(c)).toBe(1n << 10n);
  });
});

describe('privileged', () => {
  it('is off unless asked for: mounting a filesystem is refused', async () => {
    const c = await start('unprivileged', {});
    expect((await hostConfigOf(helper, c)).Privileged).toBe(false);
    expect((await sh(c, 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t', true)).exitCode).not.toBe(0);
  });

  it('privileged: true gives every capability, or a typed error where the engine itself lacks some', async () => {
    // Engines in a sandbox (this repo's CI engine among them) run without CAP_SYS_RESOURCE, so runc
    // can't give a privileged container every capability: CapabilitiesRefusedError, nothing left.
    const before = (await resourcesOf(helper)).containers.length;
    const outcome = await start('privileged', { privileged: true }).catch((error: unknown) => error);
    if (outcome instanceof CapabilitiesRefusedError) {
      expect(outcome.code).toBe('SEAWORTHY_CAPABILITIES_REFUSED');
      expect(outcome.requested).toBe('privileged: true');
      expect(outcome.message).toContain("capDrop: ['SYS_RESOURCE']");
      expect((await resourcesOf(helper)).containers).toHaveLength(before);
      return;
    }
    if (outcome instanceof Error) throw outcome;
    const c = outcome as Container;
    expect((await hostConfigOf(helper, c)).Privileged).toBe(true);
    expect(hasCap(await effectiveCaps(c), 'SYS_ADMIN')).toBe(true);
    await sh(c, 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && umount /mnt/t');
  });

  it("the recipe that works on such engines: capAdd ['ALL'] without SYS_RESOURCE lets the container mount", async () => {
    const c = await start('all-caps', { capAdd: ['ALL'], capDrop: ['SYS_RESOURCE'] });
    const caps = await effectiveCaps(c);
    expect(hasCap(caps, 'SYS_ADMIN')).toBe(true);
    expect(hasCap(caps, 'NET_ADMIN')).toBe(true);
    await sh(c, 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && umount /mnt/t');
  });

  it('a capability the engine lacks gives CapabilitiesRefusedError where it is missing, and runs where it is not', async () => {
    const before = (await resourcesOf(helper)).containers.length;
    const outcome = await start('sys-resource', { capAdd: ['SYS_RESOURCE'] }).catch((error: unknown) => error);
    if (outcome instanceof CapabilitiesRefusedError) {
      expect(outcome.requested).toBe('capAdd: CAP_SYS_RESOURCE');
      expect((await resourcesOf(helper)).containers).toHaveLength(before);
      return;
    }
    if (outcome instanceof Error) throw outcome;
    expect((await hostConfigOf(helper, outcome as Container)).CapAdd).toEqual(['CAP_SYS_RESOURCE']);
  });
});

describe('limits', () => {
  let c: Container;
  beforeAll(async () => {
    c = await start('limits', {
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 300 },
      shmSizeBytes: 128 * MiB,
      cpus: 0.5,
      cpuShares: 512,
      cpusetCpus: '0',
      memoryBytes: 64 * MiB,
      memoryReservationBytes: 32 * MiB,
      memorySwapBytes: 96 * MiB,
    });
  });

  it('ulimits: soft and hard limits, a number meaning both', async () => {
    expect((await hostConfigOf(helper, c)).Ulimits).toEqual([
      { Name: 'nofile', Soft: 1024, Hard: 2048 },
      { Name: 'nproc', Soft: 300, Hard: 300 },
    ]);
    // PID 1, the container's own process: an exec'd one may see runc's soft limit instead (docs/host-options.md).
    const limits = (await sh(c, 'cat /proc/1/limits')).stdout;
    expect(limits).toMatch(/^Max open files\s+1024\s+2048\s/m);
    expect(limits).toMatch(/^Max processes\s+300\s+300\s/m);
  });

  it('shmSizeBytes sizes /dev/shm', async () => {
    expect((await hostConfigOf(helper, c)).ShmSize).toBe(128 * MiB);
    const { stdout } = await sh(c, "df -k /dev/shm | awk 'NR==2 {print $2}'");
    expect(Number(stdout.trim())).toBe(128 * 1024);
  });

  it('cpus becomes a CFS quota: 0.5 CPU is 50 ms per 100 ms period', async () => {
    const host = await hostConfigOf(helper, c);
    expect(host.NanoCpus).toBe(500_000_000);
    const quota = await cgroup(c, 'cpu/cpu.cfs_quota_us', 'cpu.max');
    const period = await cgroup(c, 'cpu/cpu.cfs_period_us', 'cpu.max');
    // v1: two files; v2: one line "50000 100000"
    expect(quota.split(' ')[0]).toBe('50000');
    expect(period.split(' ').pop()).toBe('100000');
  });

  it('cpuShares and cpusetCpus', async () => {
    const host = await hostConfigOf(helper, c);
    expect(host.CpuShares).toBe(512);
    expect(host.CpusetCpus).toBe('0');
    expect(await cgroup(c, 'cpuset/cpuset.cpus', 'cpuset.cpus')).toBe('0');
    // cgroup v1 keeps the shares as given; v2 converts them to a weight
    expect(await cgroup(c, 'cpu/cpu.shares', 'cpu.weight')).toMatch(/^(512|20)$/);
  });

  it('memory limit, reservation and memory+swap', async () => {
    const host = await hostConfigOf(helper, c);
    expect([host.Memory, host.MemoryReservation, host.MemorySwap]).toEqual([64 * MiB, 32 * MiB, 96 * MiB]);
    expect(await cgroup(c, 'memory/memory.limit_in_bytes', 'memory.max')).toBe(String(64 * MiB));
    expect(await cgroup(c, 'memory/memory.soft_limit_in_bytes', 'memory.low')).toBe(String(32 * MiB));
  });
});

describe('the container itself', () => {
  let c: Container;
  beforeAll(async () => {
    c = await start('shape', {
      init: true,
      readOnlyRootFilesystem: true,
      extraHosts: { 'db.local': '10.0.0.5', 'host.docker.internal': 'host-gateway' },
      sysctls: { 'net.ipv4.ip_local_port_range': '40000 40100' },
      tmpfs: { '/run': 'size=8m', '/scratch': '' },
      mounts: [{ type: 'tmpfs', target: '/cache', sizeBytes: 4 * MiB }],
    });
  });

  it('init: true runs docker-init as PID 1, with the command below it', async () => {
    expect((await hostConfigOf(helper, c)).Init).toBe(true);
    expect((await sh(c, 'cat /proc/1/comm')).stdout.trim()).toBe('docker-init');
    expect((await sh(c, 'cat /proc/1/cmdline | tr "\\0" " "')).stdout).toContain('/usr/local/bin/logger.sh');
  });

  it('readOnlyRootFilesystem refuses writes to / but not to tmpfs mounts', async () => {
    expect((await hostConfigOf(helper, c)).ReadonlyRootfs).toBe(true);
    const write = await sh(c, 'touch /x', true);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/read-only file system/i);
    await sh(c, 'touch /run/x /scratch/x /cache/x');
  });

  it('extraHosts adds /etc/hosts entries; host-gateway becomes the engine host address', async () => {
    const host = await hostConfigOf(helper, c);
    expect(host.ExtraHosts).toEqual(['db.local:10.0.0.5', 'host.docker.internal:host-gateway']);
    const hosts = (await sh(c, 'cat /etc/hosts')).stdout;
    expect(hosts).toMatch(/^10\.0\.0\.5\s+db\.local$/m);
    const gateway = /^(\S+)\s+host\.docker\.internal$/m.exec(hosts)?.[1];
    expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(gateway).not.toBe('host-gateway');
  });

  it('sysctls set namespaced kernel parameters', async () => {
    expect((await hostConfigOf(helper, c)).Sysctls).toEqual({ 'net.ipv4.ip_local_port_range': '40000 40100' });
    const { stdout } = await sh(c, 'cat /proc/sys/net/ipv4/ip_local_port_range');
    expect(stdout.trim().split(/\s+/)).toEqual(['40000', '40100']);
  });

  it('tmpfs mounts beside a tmpfs entry in mounts, with their own options', async () => {
    expect((await hostConfigOf(helper, c)).Tmpfs).toEqual({ '/run': 'size=8m', '/scratch': '' });
    const mounts = (await sh(c, 'cat /proc/mounts')).stdout;
    expect(mounts).toMatch(/^tmpfs \/run tmpfs \S*size=8192k/m);
    expect(mounts).toMatch(/^tmpfs \/scratch tmpfs /m);
    expect(mounts).toMatch(/^tmpfs \/cache tmpfs \S*size=4096k/m);
  });
});

describe('createOverrides', () => {
  it('is merged last, so a raw field wins over the typed option', async () => {
    const c = await start('override', {
      shmSizeBytes: 16 * MiB,
      createOverrides: { HostConfig: { ShmSize: 32 * MiB } },
    });
    expect((await hostConfigOf(helper, c)).ShmSize).toBe(32 * MiB);
    const { stdout } = await sh(c, "df -k /dev/shm | awk 'NR==2 {print $2}'");
    expect(Number(stdout.trim())).toBe(32 * 1024);
  });
});

describe('hostname and securityOpts', () => {
  it('hostname is what the container calls itself', async () => {
    const c = await start('named', { hostname: 'db.test.local' });
    expect((await sh(c, 'hostname')).stdout.trim()).toBe('db.test.local');
    expect((await sh(c, 'cat /etc/hosts')).stdout).toMatch(/\bdb\.test\.local\b/);
  });

  it("securityOpts: 'no-new-privileges' sets NoNewPrivs on its processes", async () => {
    const c = await start('nonewprivs', { securityOpts: ['no-new-privileges'] });
    expect((await hostConfigOf(helper, c)).SecurityOpt).toEqual(['no-new-privileges']);
    expect((await sh(c, 'grep NoNewPrivs /proc/1/status')).stdout).toMatch(/NoNewPrivs:\s+1/);
    const plain = await start('plainprivs', {});
    expect((await sh(plain, 'grep NoNewPrivs /proc/1/status')).stdout).toMatch(/NoNewPrivs:\s+0/);
  });
});
