import { isIP } from 'node:net';
import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { type HostOptions, normalizeCapability } from './host-options.js';
import { isPlainObject } from './merge.js';
import { assertKnownKeys, closest } from './validation.js';

/** Linux capabilities by name (without `CAP_`), as capabilities(7) lists them up to kernel 5.9. */
export const KNOWN_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

/** Resource names `setrlimit(2)` knows, as `docker run --ulimit` spells them. */
export const KNOWN_ULIMITS: readonly string[] = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
];

const PLATFORM = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+){0,2}$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const CPUSET = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const SYSCTL = /^[a-z0-9_]+(\.[A-Za-z0-9_-]+)+$/;
/** The sysctls with a per-container (namespaced) value, which the engine accepts; `net.*` and `fs.mqueue.*` as prefixes. */
const NAMESPACED_SYSCTLS = [
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
];
const TMPFS_OPTIONS = /^([a-z_]+(=[^,\s]+)?)(,[a-z_]+(=[^,\s]+)?)*$/;

/**
 * Check the host options of container `name` (paths like `db.ulimits.nofile.soft`).
 * Throws InvalidOptionError before anything is sent to the engine.
 */
export function validateHostOptions(name: string, options: HostOptions, memoryBytes: number | undefined): void {
  const at = (key: string) => `${name}.${key}`;
  validateCapabilities(at('capAdd'), options.capAdd);
  validateCapabilities(at('capDrop'), options.capDrop);
  assertBoolean(at('privileged'), options.privileged);
  assertBoolean(at('init'), options.init);
  assertBoolean(at('readOnlyRootFilesystem'), options.readOnlyRootFilesystem);
  validateUlimits(at('ulimits'), options.ulimits);
  validateExtraHosts(at('extraHosts'), options.extraHosts);
  if (options.shmSizeBytes !== undefined) assertBytes(at('shmSizeBytes'), options.shmSizeBytes, 1);
  if (options.cpus !== undefined) {
    const cpus: unknown = options.cpus;
    if (typeof cpus !== 'number' || !Number.isFinite(cpus) || cpus < 0.01) {
      throw new InvalidOptionError(
        at('cpus'),
        `${describeValue(cpus)} must be a number of CPUs, at least 0.01 (e.g. 0.5 for half of one)`,
      );
    }
  }
  if (options.cpuShares !== undefined) {
    const shares: unknown = options.cpuShares;
    if (!(Number.isInteger(shares) && (shares as number) >= 2 && (shares as number) <= 262_144)) {
      throw new InvalidOptionError(
        at('cpuShares'),
        `${describeValue(shares)} must be a whole number from 2 to 262144 (the default weight is 1024)`,
      );
    }
  }
  if (options.cpusetCpus !== undefined) {
    const set: unknown = options.cpusetCpus;
    if (typeof set !== 'string' || !CPUSET.test(set)) {
      throw new InvalidOptionError(
        at('cpusetCpus'),
        `${describeValue(set)} must list CPU numbers as a string, e.g. '0', '0-1' or '0,2'`,
      );
    }
  }
  validateMemory(at, options, memoryBytes);
  validateSysctls(at('sysctls'), options.sysctls);
  validateTmpfs(at('tmpfs'), options.tmpfs);
  if (options.platform !== undefined) {
    const platform: unknown = options.platform;
    if (typeof platform !== 'string' || !PLATFORM.test(platform)) {
      throw new InvalidOptionError(
        at('platform'),
        `${describeValue(platform)} is not a platform: write os[/arch[/variant]], e.g. 'linux/amd64' or 'linux/arm64/v8'`,
      );
    }
  }
  validateLogDriver(at('logDriver'), options.logDriver);
  validateHostname(at('hostname'), options.hostname);
  validateSecurityOpts(at('securityOpts'), options.securityOpts);
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; 253 characters at most. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function validateHostname(option: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !HOSTNAME.test(value)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} is not a host name: letters, digits and inner hyphens, in dot-separated labels of up to 63 characters (e.g. 'db' or 'db.test.local')`,
    );
  }
}

/** `--security-opt` keys the engine knows; seccomp profiles go as JSON text. */
const SECURITY_OPT = /^(no-new-privileges(:(true|false))?|apparmor=\S+|label[=:]\S.*|seccomp=(unconfined|\{[\s\S]*))$/;

function validateSecurityOpts(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new InvalidOptionError(option, `${describeValue(value)} must be a list of strings`);
  value.forEach((entry: unknown, i) => {
    if (typeof entry === 'string' && SECURITY_OPT.test(entry)) return;
    const hint =
      typeof entry === 'string' && entry.startsWith('seccomp=')
        ? 'a seccomp profile goes as its JSON text (read the file and pass its content), not a path'
        : "use 'no-new-privileges', 'seccomp=unconfined', 'apparmor=<profile>' or 'label=<option>'";
    throw new InvalidOptionError(`${option}[${i}]`, `${describeValue(entry)} is not a security option: ${hint}`);
  });
}

/** A tmpfs path given both in `tmpfs` and as a `{ type: 'tmpfs' }` mount: the engine would refuse the pair. */
export function assertTmpfsNotMounted(
  name: string,
  tmpfs: Readonly<Record<string, string>> | undefined,
  mounts: readonly { readonly target: string }[] | undefined,
): void {
  if (tmpfs === undefined || mounts === undefined) return;
  for (const path of Object.keys(tmpfs)) {
    const index = mounts.findIndex((m) => m.target === path);
    if (index >= 0) {
      throw new InvalidOptionError(
        `${name}.tmpfs[${JSON.stringify(path)}]`,
        `${path} is also mounts[${index}].target; give each path once, in \`tmpfs\` or in \`mounts\``,
      );
    }
  }
}

/** `net.*` sysctls need the container's own network namespace: with network mode 'host' runc refuses the start. */
export function assertSysctlsFitNetwork(
  name: string,
  sysctls: Readonly<Record<string, string>> | undefined,
  networkKind: string,
): void {
  if (sysctls === undefined || networkKind !== 'host') return;
  const key = Object.keys(sysctls).find((k) => k.startsWith('net.'));
  if (key === undefined) return;
  throw new InvalidOptionError(
    `${name}.sysctls[${JSON.stringify(key)}]`,
    "can't be set with network mode 'host': net.* parameters belong to the host's network namespace there " +
      '(the engine would refuse to start the container); drop it or give the container its own network',
  );
}

function validateCapabilities(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(option, `${describeValue(value)} must be an array of names, e.g. ['NET_ADMIN']`);
  }
  for (const [i, cap] of value.entries()) {
    if (typeof cap !== 'string') {
      throw new InvalidOptionError(`${option}[${i}]`, `${describeValue(cap)} must be a capability name string`);
    }
    const normalized = normalizeCapability(cap);
    if (normalized === 'ALL') continue;
    const bare = normalized.slice('CAP_'.length);
    if (!KNOWN_CAPABILITIES.includes(bare)) {
      const hint = closest(bare, KNOWN_CAPABILITIES);
      throw new InvalidOptionError(
        `${option}[${i}]`,
        `${describeValue(cap)} is not a Linux capability${hint ? `; did you mean '${hint}'?` : ''} ` +
          "(names as in capabilities(7), with or without 'CAP_', or 'ALL')",
      );
    }
  }
}

function validateUlimits(option: string, value: unknown): void {
  if (value === undefined) return;
  const entries: [string, string, unknown][] = [];
  if (Array.isArray(value)) {
    for (const [i, entry] of value.entries()) {
      const where = `${option}[${i}]`;
      if (!isPlainObject(entry)) {
        throw new InvalidOptionError(where, `${describeValue(entry)} must be { name, soft, hard }`);
      }
      assertKnownKeys(where, entry, ['name', 'soft', 'hard']);
      if (typeof entry.name !== 'string') {
        throw new InvalidOptionError(
          `${where}.name`,
          `${describeValue(entry.name)} must be a limit name, e.g. 'nofile'`,
        );
      }
      entries.push([where, entry.name, { soft: entry.soft, hard: entry.hard }]);
    }
  } else if (isPlainObject(value)) {
    for (const [limit, v] of Object.entries(value)) entries.push([`${option}.${limit}`, limit, v]);
  } else {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be an object like { nofile: { soft: 1024, hard: 2048 } } or a list of { name, soft, hard }`,
    );
  }
  const seen = new Set<string>();
  for (const [where, limit, v] of entries) {
    if (!KNOWN_ULIMITS.includes(limit)) {
      const hint = closest(limit, KNOWN_ULIMITS);
      throw new InvalidOptionError(
        where,
        `${describeValue(limit)} is not a resource limit${hint ? `; did you mean '${hint}'?` : ''} (known: ${KNOWN_ULIMITS.join(', ')})`,
      );
    }
    if (seen.has(limit)) throw new InvalidOptionError(where, `'${limit}' is given twice`);
    seen.add(limit);
    if (typeof v === 'number') {
      assertLimit(where, v);
      continue;
    }
    if (!isPlainObject(v)) {
      throw new InvalidOptionError(where, `${describeValue(v)} must be a number or { soft, hard }`);
    }
    assertLimit(`${where}.soft`, v.soft);
    assertLimit(`${where}.hard`, v.hard);
    const soft = v.soft === -1 ? Number.POSITIVE_INFINITY : (v.soft as number);
    const hard = v.hard === -1 ? Number.POSITIVE_INFINITY : (v.hard as number);
    if (soft > hard) {
      throw new InvalidOptionError(
        `${where}.soft`,
        `${describeValue(v.soft)} is above the hard limit ${describeValue(v.hard)}; the soft limit must be at most the hard one`,
      );
    }
  }
}

function assertLimit(option: string, value: unknown): void {
  if (!(Number.isSafeInteger(value) && (value as number) >= -1)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be a whole number, 0 or more (or -1 for unlimited)`,
    );
  }
}

function validateExtraHosts(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be an object of host name → address, e.g. { 'db.local': '10.0.0.5' }`,
    );
  }
  for (const [host, address] of Object.entries(value)) {
    const where = `${option}[${JSON.stringify(host)}]`;
    if (!HOST_NAME.test(host)) {
      throw new InvalidOptionError(where, `${describeValue(host)} is not a host name (letters, digits, '.', '-', '_')`);
    }
    if (address !== 'host-gateway' && !(typeof address === 'string' && isIP(address))) {
      throw new InvalidOptionError(
        where,
        `${describeValue(address)} must be an IPv4 or IPv6 address string, or 'host-gateway' for the engine host`,
      );
    }
  }
}

function validateMemory(at: (key: string) => string, options: HostOptions, memoryBytes: number | undefined): void {
  const reservation: unknown = options.memoryReservationBytes;
  if (reservation !== undefined) {
    assertBytes(at('memoryReservationBytes'), reservation, 6 * 1024 * 1024);
    if (memoryBytes !== undefined && (reservation as number) > memoryBytes) {
      throw new InvalidOptionError(
        at('memoryReservationBytes'),
        `${reservation} is above memoryBytes (${memoryBytes}); the reservation is a soft limit below the hard one`,
      );
    }
  }
  const swap: unknown = options.memorySwapBytes;
  if (swap === undefined) return;
  if (memoryBytes === undefined) {
    throw new InvalidOptionError(at('memorySwapBytes'), 'needs memoryBytes: it is memory plus swap, so set both');
  }
  if (swap === -1) return;
  if (!(Number.isSafeInteger(swap) && (swap as number) >= memoryBytes)) {
    throw new InvalidOptionError(
      at('memorySwapBytes'),
      `${describeValue(swap)} must be memory plus swap in bytes, at least memoryBytes (${memoryBytes}), or -1 for unlimited swap`,
    );
  }
}

function validateSysctls(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be an object of string values, e.g. { 'net.core.somaxconn': '1024' }`,
    );
  }
  for (const [key, v] of Object.entries(value)) {
    const where = `${option}[${JSON.stringify(key)}]`;
    if (!SYSCTL.test(key)) {
      throw new InvalidOptionError(where, `${describeValue(key)} is not a sysctl name, e.g. 'net.ipv4.ip_forward'`);
    }
    if (!(NAMESPACED_SYSCTLS.includes(key) || key.startsWith('net.') || key.startsWith('fs.mqueue.'))) {
      throw new InvalidOptionError(
        where,
        `${key} is not namespaced, so a container can't set it (the engine would refuse to start it); ` +
          `allowed: net.*, fs.mqueue.*, ${NAMESPACED_SYSCTLS.join(', ')}`,
      );
    }
    if (typeof v !== 'string') {
      throw new InvalidOptionError(
        where,
        `${describeValue(v)} is a ${v === null ? 'null' : typeof v}, not a string; write it as a string, e.g. ${JSON.stringify(String(v))}`,
      );
    }
  }
}

function validateTmpfs(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be an object of path → mount options, e.g. { '/run': 'size=64m' }`,
    );
  }
  for (const [path, v] of Object.entries(value)) {
    const where = `${option}[${JSON.stringify(path)}]`;
    if (!path.startsWith('/')) throw new InvalidOptionError(where, 'the key must be an absolute path in the container');
    if (typeof v !== 'string' || (v !== '' && !TMPFS_OPTIONS.test(v))) {
      throw new InvalidOptionError(
        where,
        `${describeValue(v)} must be tmpfs mount options as a string, e.g. 'size=64m,mode=1777', or '' for none`,
      );
    }
  }
}

function validateLogDriver(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError(option, `${describeValue(value)} must be { type, options? }, e.g. { type: 'local' }`);
  }
  assertKnownKeys(option, value, ['type', 'options']);
  if (typeof value.type !== 'string' || !/^[^\s]+$/.test(value.type)) {
    throw new InvalidOptionError(
      `${option}.type`,
      `${describeValue(value.type)} must be a logging driver name, e.g. 'json-file' or 'local'`,
    );
  }
  if (value.options === undefined) return;
  if (!isPlainObject(value.options)) {
    throw new InvalidOptionError(`${option}.options`, `${describeValue(value.options)} must be an object of strings`);
  }
  for (const [key, v] of Object.entries(value.options)) {
    if (typeof v !== 'string') {
      throw new InvalidOptionError(
        `${option}.options[${JSON.stringify(key)}]`,
        `${describeValue(v)} must be a string, e.g. ${JSON.stringify(String(v))}`,
      );
    }
  }
}

function assertBoolean(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidOptionError(option, `${describeValue(value)} must be true or false`);
  }
}

function assertBytes(option: string, value: unknown, min: number): void {
  if (!(Number.isSafeInteger(value) && (value as number) >= min)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} must be a whole number of bytes${min > 1 ? `, at least ${min}` : ', above 0'}`,
    );
  }
}
