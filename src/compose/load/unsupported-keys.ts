import { ComposeUnsupportedError } from '../../errors/compose.js';
import { isMapping, type RawMapping } from './read-yaml.js';

/*
 * The keys seaworthy supports, as allowlists. A key the Compose
 * Specification's schema accepts but that is not listed here (`secrets`,
 * `configs`, `devices`, `develop`, `include`, …) fails with a
 * ComposeUnsupportedError naming the file, service and key; nothing is
 * silently ignored. `x-*` extension keys are allowed everywhere.
 * docs/compose-files.md has the table of what each supported key becomes.
 */

const keys = (...names: string[]): ReadonlySet<string> => new Set(names);

const TOP = keys('version', 'name', 'services', 'networks', 'volumes');

/** Service keys seaworthy maps onto its definitions. */
export const SUPPORTED_SERVICE_KEYS = keys(
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'expose',
  'volumes',
  'volumes_from',
  'depends_on',
  'healthcheck',
  'networks',
  'network_mode',
  'hostname',
  'labels',
  'user',
  'working_dir',
  'tmpfs',
  'extra_hosts',
  'profiles',
  'extends',
  'links',
  'container_name',
  'cap_add',
  'cap_drop',
  'privileged',
  'ulimits',
  'shm_size',
  'sysctls',
  'init',
  'read_only',
  'security_opt',
  'platform',
  'cpus',
  'cpu_shares',
  'cpuset',
  'mem_limit',
  'mem_reservation',
  'memswap_limit',
  'logging',
  'stop_grace_period',
  'stop_signal',
  'tty',
  'stdin_open',
  'restart',
  'pull_policy',
  'scale',
  'deploy',
);

/** Allowed keys of nested mappings, by their path below the service. */
const NESTED: Readonly<Record<string, ReadonlySet<string>>> = {
  build: keys('context', 'dockerfile', 'dockerfile_inline', 'args', 'target', 'labels'),
  deploy: keys('replicas', 'resources'),
  'deploy.resources': keys('limits'),
  'deploy.resources.limits': keys('memory', 'cpus'),
  healthcheck: keys('test', 'interval', 'timeout', 'retries', 'start_period', 'disable'),
  logging: keys('driver', 'options'),
  extends: keys('service', 'file'),
};

/** Allowed keys of the mapping entries of a list (or of a map's values), by the service key. */
const ENTRIES: Readonly<Record<string, ReadonlySet<string>>> = {
  ports: keys('target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol'),
  volumes: keys('type', 'source', 'target', 'read_only', 'bind', 'tmpfs'),
  depends_on: keys('condition', 'required'),
  networks: keys('aliases', 'ipv4_address'),
  env_file: keys('path', 'required'),
};

const MOUNT_NESTED: Readonly<Record<string, ReadonlySet<string>>> = {
  bind: keys('create_host_path'),
  tmpfs: keys('size', 'mode'),
};

const TOP_ENTRIES: Readonly<Record<string, ReadonlySet<string>>> = {
  networks: keys(
    'driver',
    'driver_opts',
    'internal',
    'attachable',
    'enable_ipv6',
    'labels',
    'ipam',
    'external',
    'name',
  ),
  volumes: keys('driver', 'driver_opts', 'labels', 'external', 'name'),
};

const HINTS: Readonly<Record<string, string>> = {
  include: 'list the files to merge in the call instead',
  secrets: 'mount the file with a bind volume, or pass the value in environment',
  configs: 'mount the file with a bind volume',
  dns: 'seaworthy sets no DNS servers; the engine default applies',
  devices: 'use createOverrides.HostConfig.Devices in code',
  'ports.mode': 'only "host" (or "ingress", which means the same on one engine)',
};

interface Walk {
  readonly file: string;
  readonly service?: string;
}

function check(value: unknown, allowed: ReadonlySet<string>, prefix: string, at: Walk): void {
  if (!isMapping(value)) return;
  for (const key of Object.keys(value)) {
    if (key.startsWith('x-') || allowed.has(key)) continue;
    const hint = HINTS[key];
    throw new ComposeUnsupportedError(
      {
        file: at.file,
        ...(at.service !== undefined && { service: at.service }),
        key: prefix ? `${prefix}.${key}` : key,
      },
      hint,
    );
  }
}

function checkEntries(value: unknown, allowed: ReadonlySet<string>, prefix: string, at: Walk): void {
  const entries = Array.isArray(value)
    ? value.map((v, i) => [`${prefix}[${i}]`, v] as const)
    : isMapping(value)
      ? Object.entries(value).map(([k, v]) => [`${prefix}.${k}`, v] as const)
      : [];
  for (const [path, entry] of entries) {
    check(entry, allowed, path, at);
    if (prefix.endsWith('.volumes') && isMapping(entry)) {
      for (const [sub, subAllowed] of Object.entries(MOUNT_NESTED)) check(entry[sub], subAllowed, `${path}.${sub}`, at);
    }
    if (prefix.endsWith('.ports') && isMapping(entry) && entry.mode !== undefined) {
      if (entry.mode !== 'host' && entry.mode !== 'ingress') {
        throw new ComposeUnsupportedError({ ...at, key: `${path}.mode` }, HINTS['ports.mode']);
      }
    }
  }
}

/** Throws a ComposeUnsupportedError for the first key of one service seaworthy does not support. */
export function checkServiceKeys(service: string, raw: unknown, file: string): void {
  const at = { file, service };
  const prefix = `services.${service}`;
  check(raw, SUPPORTED_SERVICE_KEYS, prefix, at);
  if (!isMapping(raw)) return;
  for (const [path, allowed] of Object.entries(NESTED)) {
    const value = path.split('.').reduce<unknown>((node, k) => (isMapping(node) ? node[k] : undefined), raw);
    check(value, allowed, `${prefix}.${path}`, at);
  }
  for (const [key, allowed] of Object.entries(ENTRIES)) checkEntries(raw[key], allowed, `${prefix}.${key}`, at);
}

/** Throws a ComposeUnsupportedError for the first top-level key (or network / volume key) seaworthy does not support. */
export function checkTopLevelKeys(data: RawMapping, file: string): void {
  check(data, TOP, '', { file });
  for (const [section, allowed] of Object.entries(TOP_ENTRIES)) {
    checkEntries(data[section], allowed, section, { file });
  }
  for (const [name, network] of Object.entries(isMapping(data.networks) ? data.networks : {})) {
    const ipam = isMapping(network) ? network.ipam : undefined;
    check(ipam, keys('driver', 'config'), `networks.${name}.ipam`, { file });
    if (isMapping(ipam)) {
      checkEntries(ipam.config, keys('subnet', 'ip_range', 'gateway'), `networks.${name}.ipam.config`, { file });
    }
  }
}
