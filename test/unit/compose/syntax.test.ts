import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';

const dir = join(import.meta.dirname, 'files', 'syntax');
const model = loadComposeModel(join(dir, 'docker-compose.yml'), { env: { PASSED_THROUGH: 'pt' } });
const service = (name: string) => {
  const found = model.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

describe('loadComposeModel: short and long syntax', () => {
  it('expands every form of ports, ranges one entry per port', () => {
    expect(service('ports').ports).toEqual([
      { target: 80, protocol: 'tcp' },
      { target: 8080, protocol: 'tcp' },
      { target: 8080, published: 18080, protocol: 'tcp' },
      { target: 8081, published: 18081, hostIp: '127.0.0.1', protocol: 'tcp' },
      { target: 8082, published: 18082, hostIp: '::1', protocol: 'tcp' },
      { target: 53, published: 53, protocol: 'udp' },
      { target: 9000, published: 9000, protocol: 'tcp' },
      { target: 9001, published: 9001, protocol: 'tcp' },
      { target: 7000, hostIp: '127.0.0.1', protocol: 'tcp' },
      { target: 5432, published: 15432, hostIp: '127.0.0.1', protocol: 'tcp' },
    ]);
    expect(service('ports').expose).toEqual([
      { target: 3000, protocol: 'tcp' },
      { target: 4000, protocol: 'tcp' },
      { target: 4001, protocol: 'tcp' },
      { target: 5000, protocol: 'udp' },
    ]);
  });

  it('reads bind, named, anonymous and tmpfs mounts in short and long syntax', () => {
    expect(service('volumes').mounts).toEqual([
      { type: 'bind', source: join(dir, 'data'), target: '/data', readOnly: true },
      { type: 'bind', source: join(dir, '..', 'shared'), target: '/shared', readOnly: false },
      { type: 'bind', source: join(homedir(), 'cache'), target: '/root/.cache', readOnly: false },
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
      { type: 'volume', source: 'named', target: '/named', readOnly: false },
      { type: 'volume', target: '/anonymous', readOnly: false },
      { type: 'bind', source: join(dir, 'conf'), target: '/etc/app', readOnly: true, createHostPath: false },
      { type: 'volume', source: 'named', target: '/named-long', readOnly: false },
      { type: 'volume', target: '/anonymous-long', readOnly: false },
      { type: 'tmpfs', target: '/scratch', sizeBytes: 1024 ** 3, mode: 0o1777 },
    ]);
    expect(service('volumes').host.tmpfs).toEqual({ '/run': '' });
  });

  it('reads volumes_from services and containers, and depends on those services', () => {
    expect(service('volumes').volumesFrom).toEqual([
      { source: { service: 'ports' }, readOnly: false },
      { source: { service: 'ports' }, readOnly: true },
      { source: { container: 'artifacts' }, readOnly: false },
      { source: { container: 'parent' }, readOnly: false },
    ]);
    expect(service('volumes').dependsOn).toEqual({ ports: { condition: 'service_started', required: true } });
  });

  it('puts env_file entries first, environment over them; optional missing files are skipped', () => {
    expect(service('environment').environment).toEqual({
      FROM_FILE: '1',
      FROM_LIST: '1',
      URL: 'http://localhost:8080',
      OPTIONAL: 'yes',
      WITH_EQUALS: 'a=b',
      PASSED_THROUGH: 'pt',
    });
    expect(service('maps').environment).toEqual({ NUMBER: '42', BOOL: 'true', EMPTY: '', PASSED_THROUGH: 'pt' });
  });

  it('reads labels, extra_hosts and sysctls in list and map form', () => {
    expect(service('environment').labels).toEqual({ 'com.example.tier': 'backend', 'com.example.empty': '' });
    expect(service('environment').host).toEqual({
      extraHosts: {
        'host.docker.internal': 'host-gateway',
        'db.local': '10.0.0.5',
        'v6.local': '::1',
        'v6b.local': '2001:db8::1',
      },
      sysctls: { 'net.core.somaxconn': '1024' },
    });
    expect(service('maps').labels).toEqual({ 'com.example.number': '1' });
    expect(service('maps').host).toEqual({
      extraHosts: { 'db.local': '10.0.0.5' },
      sysctls: { 'net.ipv4.ip_forward': '1' },
    });
  });

  it('reads networks with aliases and a fixed address, and links as dependencies plus aliases', () => {
    expect(service('maps').networks).toEqual({
      front: { aliases: ['web', 'www', 'database'], ipv4Address: '172.28.0.10' },
      back: { aliases: [] },
    });
    expect(service('linked').dependsOn).toEqual({
      maps: { condition: 'service_started', required: true },
      ports: { condition: 'service_started', required: true },
    });
  });

  it('maps host keys onto host options and the service’s own fields', () => {
    const host = service('host');
    expect(host.host).toEqual({
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      privileged: false,
      ulimits: { nproc: 512, nofile: { soft: 1024, hard: 2048 } },
      shmSizeBytes: 64 * 1024 ** 2,
      cpus: 0.5,
      cpuShares: 512,
      cpusetCpus: '0',
      memoryReservationBytes: 256 * 1024 ** 2,
      memorySwapBytes: 1024 ** 3,
      init: true,
      readOnlyRootFilesystem: true,
      platform: 'linux/amd64',
      logDriver: { type: 'json-file', options: { 'max-size': '1m' } },
      securityOpts: ['no-new-privileges'],
    });
    expect(host).toMatchObject({
      memoryBytes: 512 * 1024 ** 2,
      stopTimeoutMs: 90_000,
      stopSignal: 'SIGINT',
      tty: true,
      stdinOpen: true,
      restart: 'on-failure:3',
      pull: 'missing',
      hostname: 'box',
      containerName: 'fixed-box',
      healthcheck: 'disabled',
    });
  });

  it('reads deploy replicas and limits, scale, NONE healthchecks and interpolated numbers', () => {
    expect(service('scaled')).toMatchObject({
      replicas: 3,
      memoryBytes: 128 * 1024 ** 2,
      host: { cpus: 0.25 },
      healthcheck: 'disabled',
      networkMode: 'none',
      networks: {},
    });
    expect(service('linked')).toMatchObject({
      replicas: 2,
      pull: 'always',
      healthcheck: { test: ['CMD', 'true'], retries: 4 },
    });
  });

  it('makes network_mode service:<name> a dependency and joins no network', () => {
    expect(service('sidecar')).toMatchObject({
      networkMode: 'service:ports',
      networks: {},
      dependsOn: { ports: { condition: 'service_started', required: true } },
    });
  });

  it('takes a build given as a string as the context', () => {
    expect(service('maps').build).toEqual({ context: join(dir, 'maps-context'), args: {}, labels: {} });
  });

  it('reads top-level networks (ipam, external by name) and volumes (the old external form too)', () => {
    expect(model.networks.front).toEqual({
      key: 'front',
      external: false,
      driverOpts: { 'com.docker.network.bridge.name': 'front0' },
      internal: false,
      attachable: true,
      enableIpv6: false,
      labels: { 'com.example.net': 'front' },
      ipam: {
        driver: 'default',
        config: [{ subnet: '172.28.0.0/16', ipRange: '172.28.5.0/24', gateway: '172.28.0.1' }],
      },
    });
    expect(model.networks.back).toMatchObject({ internal: true });
    expect(model.networks.outside).toMatchObject({ external: true, name: 'ci_shared' });
    expect(model.networks.default).toMatchObject({ key: 'default', external: false });
    expect(model.volumes).toEqual({
      named: { key: 'named', external: false, driver: 'local', driverOpts: {}, labels: { 'com.example.keep': 'yes' } },
      legacy: { key: 'legacy', external: true, name: 'old_volume', driverOpts: {}, labels: {} },
    });
  });
});
