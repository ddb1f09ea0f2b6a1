import { InvalidOptionError } from '../../errors/index.js';
import { assertDuration, describeValue } from '../../options/duration.js';
import { checkCopyEntries } from '../files/copy-entry.js';
import { checkCredentials } from '../images/registry-auth.js';
import { assertHelperNetworkMode } from '../launch/network-placement.js';
import type { ContainerOptions } from './container-options.js';
import { HOST_OPTION_KEYS } from './host-options.js';
import { assertSysctlsFitNetwork, assertTmpfsNotMounted, validateHostOptions } from './host-options-validation.js';
import { isPlainObject } from './merge.js';
import { assertNetworkCombination, networkPlan } from './network-mode.js';
import { portKey } from './ports.js';
import { validateSharedOptions } from './shared-container-options.js';
import { assertKnownKeys } from './validation.js';

const KNOWN_OPTIONS: readonly (keyof ContainerOptions)[] = [
  'image',
  'command',
  'entrypoint',
  'env',
  'labels',
  'ports',
  'mounts',
  'networks',
  'aliases',
  'networkMode',
  'helperNetwork',
  'user',
  'workdir',
  'healthcheck',
  'tty',
  'memoryBytes',
  'wait',
  'startupTimeoutMs',
  'pull',
  'stopTimeoutMs',
  'createOverrides',
  // Typed host options (issue 13).
  ...HOST_OPTION_KEYS,
  'files',
  // Pull credentials (issue 14).
  'registryAuth',
  // Compose support (issue 15).
  'volumesFrom',
  'expose',
];

/** Reject misspelt or mistyped options before anything reaches the engine. */
export function validateContainerOptions(name: string, options: ContainerOptions): void {
  const at = (key: string) => `${name}.${key}`;
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(name, 'container options must be an object with at least `image`');
  }
  assertKnownKeys(name, options, KNOWN_OPTIONS);
  // Images (issue 14): an ImageDefinition is set up (built or found) at setup.
  if (isDefinitionLike(options.image)) {
    // nothing more to check here: the image definition checked its own options
  } else if (typeof options.image !== 'string' || !options.image.trim()) {
    throw new InvalidOptionError(
      at('image'),
      'an image reference is required, e.g. "redis:7", or an ImageDefinition to build',
    );
  } else if (/\s/.test(options.image) || /[A-Z]/.test(options.image.split('/').pop()?.split(':')[0] ?? '')) {
    throw new InvalidOptionError(at('image'), `${JSON.stringify(options.image)} is not a valid image reference`);
  }
  assertStringArray(at('command'), options.command);
  assertStringArray(at('entrypoint'), options.entrypoint);
  assertStringArray(at('aliases'), options.aliases);
  if (options.helperNetwork !== undefined) assertHelperNetworkMode(at('helperNetwork'), options.helperNetwork);
  assertStringRecord(at('env'), options.env);
  for (const key of Object.keys(options.env ?? {})) {
    if (key === '' || key.includes('=')) {
      throw new InvalidOptionError(
        keyPath(at('env'), key),
        `${key === '' ? 'an empty name' : 'a name with "="'} can't be an environment variable name (the engine splits "NAME=value" at the first "=")`,
      );
    }
  }
  assertStringRecord(at('labels'), options.labels);
  validatePorts(at('ports'), options.ports);
  validateMounts(at('mounts'), options.mounts);
  validateNetworks(at('networks'), options.networks);
  if (options.createOverrides !== undefined && !isPlainObject(options.createOverrides)) {
    throw new InvalidOptionError(
      at('createOverrides'),
      `${describeValue(options.createOverrides)} must be an object of Engine API fields, e.g. { HostConfig: { ShmSize: 67108864 } }`,
    );
  }
  assertNetworkCombination(networkPlan(options, at), options, at);
  // Files into a container (issue 13): shapes only; host sources are checked at setup.
  if (options.files !== undefined) checkCopyEntries(at('files'), options.files, true);
  // Pull credentials (issue 14).
  if (options.registryAuth !== undefined) checkCredentials(options.registryAuth, at('registryAuth'));
  if (options.healthcheck !== undefined) validateHealthcheck(at('healthcheck'), options.healthcheck);
  if (options.startupTimeoutMs !== undefined) assertDuration(at('startupTimeoutMs'), options.startupTimeoutMs);
  if (options.stopTimeoutMs !== undefined) {
    assertDuration(at('stopTimeoutMs'), options.stopTimeoutMs, { allowZero: true });
  }
  if (options.pull !== undefined && !['missing', 'never', 'always'].includes(options.pull)) {
    throw new InvalidOptionError(at('pull'), `${JSON.stringify(options.pull)} must be 'missing', 'never' or 'always'`);
  }
  if (
    options.memoryBytes !== undefined &&
    !(Number.isInteger(options.memoryBytes) && options.memoryBytes >= 6 * 1024 * 1024)
  ) {
    throw new InvalidOptionError(
      at('memoryBytes'),
      `${options.memoryBytes} must be a whole number of bytes, at least 6 MiB (the engine's minimum)`,
    );
  }
  // Typed host options (issue 13).
  validateHostOptions(name, options, options.memoryBytes);
  assertTmpfsNotMounted(name, options.tmpfs, options.mounts);
  const networkKind = networkPlan(options, at).kind;
  assertSysctlsFitNetwork(name, options.sysctls, networkKind);
  if (options.hostname !== undefined && (networkKind === 'host' || networkKind === 'container')) {
    throw new InvalidOptionError(
      at('hostname'),
      `can't be set with network mode '${networkKind}': the container shares another's host name there (the engine would refuse it); drop one of the two`,
    );
  }
  // Compose support (issue 15).
  validateSharedOptions(options, networkPlan(options, at), at);
  if (options.wait !== undefined && typeof options.wait?.wait !== 'function') {
    throw new InvalidOptionError(at('wait'), 'must be a wait strategy, e.g. waitFor.logLine(/ready/)');
  }
}

function validatePorts(option: string, ports: unknown): void {
  if (ports === undefined) return;
  if (!Array.isArray(ports)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(ports)} must be an array, e.g. [8080, '53/udp', { container: 5432, hostPort: 15432 }]`,
    );
  }
  for (const [i, port] of ports.entries()) {
    const where = `${option}[${i}]`;
    if (typeof port !== 'object' || port === null) {
      portKey(port as string, where);
      continue;
    }
    portKey((port as { container?: unknown }).container as string, `${where}.container`);
    const { hostPort, hostIp } = port as { hostPort?: unknown; hostIp?: unknown };
    if (
      hostPort !== undefined &&
      !(Number.isInteger(hostPort) && (hostPort as number) >= 0 && (hostPort as number) <= 65535)
    ) {
      throw new InvalidOptionError(`${where}.hostPort`, `${describeValue(hostPort)} is not a port from 0 to 65535`);
    }
    if (hostIp !== undefined && (typeof hostIp !== 'string' || !hostIp)) {
      throw new InvalidOptionError(
        `${where}.hostIp`,
        `${describeValue(hostIp)} must be an address string, e.g. '127.0.0.1'`,
      );
    }
  }
}

function validateMounts(option: string, mounts: unknown): void {
  if (mounts === undefined) return;
  if (!Array.isArray(mounts)) {
    throw new InvalidOptionError(option, `${describeValue(mounts)} must be an array of mounts`);
  }
  for (const [i, mount] of mounts.entries()) {
    const where = `${option}[${i}]`;
    if (!mount || !['volume', 'bind', 'tmpfs'].includes(mount.type)) {
      throw new InvalidOptionError(`${where}.type`, "must be 'volume', 'bind' or 'tmpfs'");
    }
    if (typeof mount.target !== 'string' || !mount.target.startsWith('/')) {
      throw new InvalidOptionError(
        `${where}.target`,
        `${describeValue(mount.target)} must be an absolute path in the container`,
      );
    }
    if (mount.type === 'bind' && (typeof mount.source !== 'string' || !mount.source.startsWith('/'))) {
      throw new InvalidOptionError(
        `${where}.source`,
        `${describeValue(mount.source)} must be an absolute path on the engine host`,
      );
    }
    if (mount.type === 'volume' && !(isNonEmptyString(mount.source) || isDefinitionLike(mount.source))) {
      throw new InvalidOptionError(
        `${where}.source`,
        `${describeValue(mount.source)} must be a VolumeDefinition or an existing volume's name`,
      );
    }
  }
}

function validateNetworks(option: string, networks: unknown): void {
  if (networks === undefined) return;
  if (!Array.isArray(networks)) {
    throw new InvalidOptionError(option, `${describeValue(networks)} must be an array of networks`);
  }
  for (const [i, entry] of networks.entries()) {
    const where = `${option}[${i}]`;
    if (isDefinitionLike(entry)) continue;
    if (entry === null || typeof entry !== 'object' || !('network' in entry)) {
      throw new InvalidOptionError(
        where,
        `${describeValue(entry)} must be a NetworkDefinition or { network: <a NetworkDefinition or an existing network's name>, aliases? }`,
      );
    }
    const { network, aliases } = entry as { network: unknown; aliases?: unknown };
    if (!(isNonEmptyString(network) || isDefinitionLike(network))) {
      throw new InvalidOptionError(
        `${where}.network`,
        `${describeValue(network)} must be a NetworkDefinition or an existing network's name`,
      );
    }
    assertStringArray(`${where}.aliases`, aliases);
  }
}

const HEALTHCHECK_KEYS = ['test', 'intervalMs', 'timeoutMs', 'retries', 'startPeriodMs'];

function validateHealthcheck(option: string, hc: unknown): void {
  if (!isPlainObject(hc)) {
    throw new InvalidOptionError(option, 'must be an object, e.g. { test: ["CMD", "pg_isready"] }');
  }
  assertKnownKeys(option, hc, HEALTHCHECK_KEYS);
  const test = hc.test;
  const validTest =
    (typeof test === 'string' && test.trim() !== '') ||
    (Array.isArray(test) && test.length > 0 && test.every((t) => typeof t === 'string'));
  if (!validTest) {
    throw new InvalidOptionError(
      `${option}.test`,
      `${describeValue(test)} must be a shell command string or an array like ['CMD', 'pg_isready']`,
    );
  }
  // The engine rejects a healthcheck interval, timeout or start period under 1 ms (0 means its default).
  if (hc.intervalMs !== undefined) assertDuration(`${option}.intervalMs`, hc.intervalMs, { min: 1 });
  if (hc.timeoutMs !== undefined) assertDuration(`${option}.timeoutMs`, hc.timeoutMs, { min: 1 });
  if (hc.startPeriodMs !== undefined) {
    assertDuration(`${option}.startPeriodMs`, hc.startPeriodMs, { min: 1, allowZero: true });
  }
  if (hc.retries !== undefined && !(Number.isInteger(hc.retries) && (hc.retries as number) >= 0)) {
    throw new InvalidOptionError(`${option}.retries`, `${describeValue(hc.retries)} must be a whole number, 0 or more`);
  }
}

/** A definition (network or volume) as options hold it: named, with `setup()`. */
function isDefinitionLike(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { setup?: unknown }).setup === 'function'
  );
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `env.PORT`, or `env["A=B"]` for a key that is not a plain identifier. */
function keyPath(option: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${option}.${key}` : `${option}[${JSON.stringify(key)}]`;
}

function assertStringArray(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InvalidOptionError(option, 'must be an array of strings, e.g. ["sh", "-c", "echo hi"]');
  }
}

function assertStringRecord(option: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(option, 'must be an object of string values');
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new InvalidOptionError(
        keyPath(option, key),
        `${describeValue(v)} is a ${v === null ? 'null' : typeof v}, not a string; write it as a string, e.g. ${JSON.stringify(String(v))}`,
      );
    }
  }
}
