import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { baseCreateRequest, type ContainerOptions } from '../../../src/resources/definitions/container-options.js';
import { validateContainerOptions } from '../../../src/resources/definitions/container-options-validation.js';
import { hostConfigFields, normalizeCapability } from '../../../src/resources/definitions/host-options.js';
import { deepMerge } from '../../../src/resources/definitions/merge.js';

const check = (options: Partial<ContainerOptions>) => () =>
  validateContainerOptions('app', { image: 'redis:7', ...options } as ContainerOptions);

/** The `InvalidOptionError` a bad option gives (fails the test when none is thrown). */
function rejection(options: Partial<ContainerOptions>): InvalidOptionError {
  try {
    check(options)();
  } catch (error) {
    if (error instanceof InvalidOptionError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('host options: mapping onto HostConfig', () => {
  it('maps every option to its Engine API field', () => {
    const host = hostConfigFields({
      capAdd: ['net_admin', 'CAP_SYS_TIME'],
      capDrop: ['ALL'],
      privileged: true,
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 },
      extraHosts: { 'db.local': '10.0.0.5', 'host.docker.internal': 'host-gateway' },
      shmSizeBytes: 128 * 1024 * 1024,
      cpus: 0.5,
      cpuShares: 512,
      cpusetCpus: '0',
      memoryReservationBytes: 32 * 1024 * 1024,
      memorySwapBytes: -1,
      init: true,
      readOnlyRootFilesystem: true,
      sysctls: { 'net.core.somaxconn': '1024' },
      tmpfs: { '/run': 'size=64m' },
      platform: 'linux/amd64',
      logDriver: { type: 'local', options: { 'max-size': '1m' } },
    });
    expect(host).toEqual({
      CapAdd: ['CAP_NET_ADMIN', 'CAP_SYS_TIME'],
      CapDrop: ['ALL'],
      Privileged: true,
      Ulimits: [
        { Name: 'nofile', Soft: 1024, Hard: 2048 },
        { Name: 'nproc', Soft: 512, Hard: 512 },
      ],
      ExtraHosts: ['db.local:10.0.0.5', 'host.docker.internal:host-gateway'],
      ShmSize: 134217728,
      NanoCpus: 500_000_000,
      CpuShares: 512,
      CpusetCpus: '0',
      MemoryReservation: 33554432,
      MemorySwap: -1,
      Init: true,
      ReadonlyRootfs: true,
      Sysctls: { 'net.core.somaxconn': '1024' },
      Tmpfs: { '/run': 'size=64m' },
      LogConfig: { Type: 'local', Config: { 'max-size': '1m' } },
    });
    // platform is a query parameter of the create call, never a body field
    expect(host).not.toHaveProperty('Platform');
  });

  it('sets nothing for options not given, and never turns privileged on by itself', () => {
    expect(hostConfigFields({})).toEqual({});
    expect(hostConfigFields({ privileged: false })).toEqual({});
    expect(baseCreateRequest({ image: 'x' }, {}).HostConfig).toEqual({});
  });

  it('takes ulimits as a list too', () => {
    expect(hostConfigFields({ ulimits: [{ name: 'nofile', soft: 10, hard: 20 }] }).Ulimits).toEqual([
      { Name: 'nofile', Soft: 10, Hard: 20 },
    ]);
  });

  it('rounds cpus to whole nanoCPUs', () => {
    expect(hostConfigFields({ cpus: 1.5 }).NanoCpus).toBe(1_500_000_000);
    expect(hostConfigFields({ cpus: 0.333 }).NanoCpus).toBe(333_000_000);
  });

  it('normalizes capability names to CAP_ upper case', () => {
    expect(normalizeCapability('chown')).toBe('CAP_CHOWN');
    expect(normalizeCapability('CAP_KILL')).toBe('CAP_KILL');
    expect(normalizeCapability('all')).toBe('ALL');
  });

  it('keeps memoryBytes as the swap limit unless memorySwapBytes is given', () => {
    const mem = 64 * 1024 * 1024;
    expect(baseCreateRequest({ image: 'x', memoryBytes: mem }, {}).HostConfig?.MemorySwap).toBe(mem);
    expect(
      baseCreateRequest({ image: 'x', memoryBytes: mem, memorySwapBytes: 2 * mem }, {}).HostConfig?.MemorySwap,
    ).toBe(2 * mem);
  });

  it('lets createOverrides win over a typed option when merged last, as launch does', () => {
    const base = baseCreateRequest({ image: 'x', shmSizeBytes: 1024, capAdd: ['NET_ADMIN'] }, {});
    const merged = deepMerge(base, { HostConfig: { ShmSize: 2048 } });
    expect(merged.HostConfig).toEqual({ ShmSize: 2048, CapAdd: ['CAP_NET_ADMIN'] });
  });
});

describe('host options: validation', () => {
  it('accepts a full, correct set', () => {
    expect(
      check({
        capAdd: ['NET_ADMIN', 'cap_sys_ptrace', 'ALL'],
        capDrop: ['CHOWN'],
        privileged: false,
        ulimits: { nofile: { soft: 1024, hard: 2048 }, memlock: { soft: -1, hard: -1 }, nproc: 100 },
        extraHosts: { 'db.local': '10.0.0.5', v6: '::1', gw: 'host-gateway' },
        shmSizeBytes: 1,
        cpus: 0.01,
        cpuShares: 2,
        cpusetCpus: '0-1,3',
        memoryBytes: 64 * 1024 * 1024,
        memoryReservationBytes: 32 * 1024 * 1024,
        memorySwapBytes: 128 * 1024 * 1024,
        init: true,
        readOnlyRootFilesystem: true,
        sysctls: { 'net.ipv4.ip_local_port_range': '40000 40100', 'kernel.shmmax': '1000', 'fs.mqueue.msg_max': '5' },
        tmpfs: { '/run': 'size=64m,mode=1777', '/tmp': '' },
        platform: 'linux/arm64/v8',
        logDriver: { type: 'json-file', options: { 'max-size': '1m' } },
      }),
    ).not.toThrow();
  });

  it('rejects an unknown capability, suggesting the nearest', () => {
    const error = rejection({ capAdd: ['NET_ADMN'] });
    expect(error.option).toBe('app.capAdd[0]');
    expect(error.message).toContain("did you mean 'NET_ADMIN'?");
    expect(rejection({ capDrop: ['CHOWN', 'CAP_FLY'] }).option).toBe('app.capDrop[1]');
    expect(rejection({ capAdd: 'NET_ADMIN' as never }).option).toBe('app.capAdd');
    expect(rejection({ capAdd: [42 as never] }).option).toBe('app.capAdd[0]');
  });

  it('rejects non-boolean switches', () => {
    expect(rejection({ privileged: 'yes' as never }).option).toBe('app.privileged');
    expect(rejection({ init: 1 as never }).option).toBe('app.init');
    expect(rejection({ readOnlyRootFilesystem: 'true' as never }).option).toBe('app.readOnlyRootFilesystem');
  });

  it('rejects a soft ulimit above the hard one, unknown limits and bad numbers', () => {
    const error = rejection({ ulimits: { nofile: { soft: 4096, hard: 1024 } } });
    expect(error.option).toBe('app.ulimits.nofile.soft');
    expect(error.message).toContain('above the hard limit 1024');
    expect(check({ ulimits: { nofile: { soft: 10, hard: -1 } } })).not.toThrow();
    expect(rejection({ ulimits: { nofile: { soft: -1, hard: 10 } } }).option).toBe('app.ulimits.nofile.soft');
    expect(rejection({ ulimits: { nofiles: 10 } }).message).toContain("did you mean 'nofile'?");
    expect(rejection({ ulimits: { nofile: 1.5 } }).option).toBe('app.ulimits.nofile');
    expect(rejection({ ulimits: { nofile: { soft: 1 } as never } }).option).toBe('app.ulimits.nofile.hard');
    expect(rejection({ ulimits: [{ name: 'nproc', soft: 5, hard: 1 }] }).option).toBe('app.ulimits[0].soft');
    expect(
      rejection({
        ulimits: [
          { name: 'nproc', soft: 1, hard: 1 },
          { name: 'nproc', soft: 2, hard: 2 },
        ],
      }).message,
    ).toContain('given twice');
    expect(rejection({ ulimits: 'nofile=1024' as never }).option).toBe('app.ulimits');
  });

  it('rejects extra hosts that are not a name and an address', () => {
    expect(rejection({ extraHosts: { 'db.local': 'not-an-ip' } }).option).toBe('app.extraHosts["db.local"]');
    expect(rejection({ extraHosts: { 'bad name': '10.0.0.1' } }).option).toBe('app.extraHosts["bad name"]');
    expect(rejection({ extraHosts: ['db:10.0.0.1'] as never }).option).toBe('app.extraHosts');
  });

  it('rejects shm sizes and CPU limits out of range', () => {
    expect(rejection({ shmSizeBytes: 0 }).option).toBe('app.shmSizeBytes');
    expect(rejection({ shmSizeBytes: 1.5 }).option).toBe('app.shmSizeBytes');
    for (const cpus of [-1, 0, 0.001, Number.NaN, Number.POSITIVE_INFINITY, '1']) {
      expect(rejection({ cpus: cpus as never }).option, String(cpus)).toBe('app.cpus');
    }
    expect(rejection({ cpuShares: 1 }).option).toBe('app.cpuShares');
    expect(rejection({ cpuShares: 10.5 }).option).toBe('app.cpuShares');
    expect(rejection({ cpusetCpus: 'all' }).option).toBe('app.cpusetCpus');
    expect(rejection({ cpusetCpus: 0 as never }).option).toBe('app.cpusetCpus');
  });

  it('rejects memory reservation and swap that do not fit memoryBytes', () => {
    const mem = 64 * 1024 * 1024;
    expect(rejection({ memoryBytes: mem, memoryReservationBytes: 2 * mem }).option).toBe('app.memoryReservationBytes');
    expect(rejection({ memoryReservationBytes: 1024 }).message).toContain('at least 6291456');
    expect(rejection({ memorySwapBytes: 2 * mem }).message).toContain('needs memoryBytes');
    expect(rejection({ memoryBytes: mem, memorySwapBytes: mem / 2 }).option).toBe('app.memorySwapBytes');
  });

  it('rejects sysctl values that are not strings and sysctls a container cannot set', () => {
    const error = rejection({ sysctls: { 'net.core.somaxconn': 1024 as never } });
    expect(error.option).toBe('app.sysctls["net.core.somaxconn"]');
    expect(error.message).toContain('1024 is a number, not a string');
    expect(rejection({ sysctls: { 'vm.swappiness': '1' } }).message).toContain('not namespaced');
    expect(rejection({ sysctls: { 'not a sysctl': '1' } }).option).toBe('app.sysctls["not a sysctl"]');
    const host = rejection({ networkMode: 'host', sysctls: { 'net.core.somaxconn': '1024' } });
    expect(host.option).toBe('app.sysctls["net.core.somaxconn"]');
    expect(host.message).toContain("network mode 'host'");
    expect(
      rejection({
        createOverrides: { HostConfig: { NetworkMode: 'host' } },
        sysctls: { 'net.ipv4.ip_forward': '1' },
      }).option,
    ).toBe('app.sysctls["net.ipv4.ip_forward"]');
    expect(check({ networkMode: 'host', sysctls: { 'kernel.shmmax': '1000' } })).not.toThrow();
  });

  it('rejects tmpfs with a relative path, bad options, or a path also in mounts', () => {
    expect(rejection({ tmpfs: { run: '' } }).option).toBe('app.tmpfs["run"]');
    expect(rejection({ tmpfs: { '/run': 64 as never } }).option).toBe('app.tmpfs["/run"]');
    expect(rejection({ tmpfs: { '/run': 'size = 64m' } }).option).toBe('app.tmpfs["/run"]');
    const error = rejection({ tmpfs: { '/run': '' }, mounts: [{ type: 'tmpfs', target: '/run' }] });
    expect(error.option).toBe('app.tmpfs["/run"]');
    expect(error.message).toContain('mounts[0].target');
  });

  it('rejects a badly formed platform', () => {
    for (const platform of ['linux/amd64/v8/extra', 'bad!!', '', 'linux//amd64', 5]) {
      expect(rejection({ platform: platform as never }).option, String(platform)).toBe('app.platform');
    }
    expect(check({ platform: 'linux' })).not.toThrow();
  });

  it('rejects a log driver without a type or with non-string options', () => {
    expect(rejection({ logDriver: 'none' as never }).option).toBe('app.logDriver');
    expect(rejection({ logDriver: { type: '' } }).option).toBe('app.logDriver.type');
    expect(rejection({ logDriver: { type: 'local', options: { 'max-size': 5 as never } } }).option).toBe(
      'app.logDriver.options["max-size"]',
    );
    expect(rejection({ logDriver: { type: 'local', opts: {} } as never }).option).toBe('app.logDriver.opts');
  });

  it('suggests host option names for misspellings', () => {
    expect(rejection({ capadd: [] } as never).message).toContain('did you mean `capAdd`?');
    expect(rejection({ readOnlyRootFilesytem: true } as never).message).toContain(
      'did you mean `readOnlyRootFilesystem`?',
    );
  });
});
