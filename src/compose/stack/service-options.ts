import { InvalidOptionError } from '../../errors/index.js';
import type {
  ContainerOptions,
  MountOptions,
  NetworkAttachment,
  PortMapping,
  VolumesFromEntry,
} from '../../resources/definitions/container-options.js';
import type { CreateRequest } from '../../resources/definitions/create-request.js';
import type { DeepPatch } from '../../resources/definitions/merge.js';
import type { NetworkMode } from '../../resources/definitions/network-mode.js';
import type { PortSpec } from '../../resources/definitions/ports.js';
import type {
  ImageSource,
  NetworkSource,
  StartedContainerRef,
  VolumeSource,
} from '../../resources/definitions/resource-refs.js';
import type { WaitStrategy } from '../../resources/handles/readiness.js';
import type { ComposeMount, ComposePort, ComposeService } from '../model.js';

/** Labels the compose CLI puts on what it creates, so tools that read them recognise a stack's containers. */
export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

/** What turning one service into container options needs from its stack. */
export interface ServiceOptionsContext {
  /** The compose project name the labels carry. */
  readonly project: string;
  readonly hostPorts: 'as-written' | 'any-free';
  readonly startupTimeoutMs: number | undefined;
  /** The service's readiness wait, if any. */
  readonly wait: WaitStrategy | undefined;
  /** A stack network by key: its definition, or an external network's name. */
  network(key: string): NetworkSource | string;
  /** The engine name of a stack network, for per-network addresses. */
  networkEngineName(key: string): string;
  /** A stack volume by key: its definition, or an external volume's name. */
  volume(key: string): VolumeSource | string;
  /** A volume of this replica's own, for an anonymous volume (number `index` of the service's mounts). */
  anonymousVolume(index: number): VolumeSource;
  readonly image: string | ImageSource;
  /** The first started container of a service this one depends on. */
  started(service: string): StartedContainerRef;
}

/** Every field of a compose service as seaworthy container options, for replica `number` (1-based). */
export function serviceContainerOptions(
  service: ComposeService,
  number: number,
  context: ServiceOptionsContext,
): ContainerOptions {
  const overrides: DeepPatch<CreateRequest> & { HostConfig?: Record<string, unknown> } = {};
  const hostConfig: Record<string, unknown> = {};
  const at = (key: string) => `services.${service.name}.${key}`;
  const options: { -readonly [K in keyof ContainerOptions]?: ContainerOptions[K] } = {
    ...service.host,
    image: context.image,
    env: service.environment,
    labels: {
      ...service.labels,
      [COMPOSE_LABELS.project]: context.project,
      [COMPOSE_LABELS.service]: service.name,
      [COMPOSE_LABELS.containerNumber]: String(number),
      [COMPOSE_LABELS.oneoff]: 'False',
    },
    ports: service.ports.map((port) => portMapping(port, context.hostPorts)),
    mounts: service.mounts.map((mount, index) => mountOptions(mount, index, context)),
  };
  if (service.command) options.command = service.command;
  if (service.entrypoint) options.entrypoint = service.entrypoint;
  if (service.expose.length) options.expose = service.expose.map(portSpec);
  if (service.volumesFrom.length) {
    options.volumesFrom = service.volumesFrom.map(
      (entry): VolumesFromEntry => ({
        container: 'service' in entry.source ? context.started(entry.source.service) : entry.source.container,
        readOnly: entry.readOnly,
      }),
    );
  }
  if (service.healthcheck === 'disabled') overrides.Healthcheck = { Test: ['NONE'] };
  else if (service.healthcheck) options.healthcheck = service.healthcheck;
  if (service.hostname !== undefined) options.hostname = service.hostname;
  if (service.user !== undefined) options.user = service.user;
  if (service.workingDir !== undefined) options.workdir = service.workingDir;
  if (service.memoryBytes !== undefined) options.memoryBytes = service.memoryBytes;
  if (service.tty !== undefined) options.tty = service.tty;
  if (service.stopTimeoutMs !== undefined) options.stopTimeoutMs = service.stopTimeoutMs;
  if (service.pull !== undefined) options.pull = service.pull;
  if (service.stopSignal !== undefined) overrides.StopSignal = service.stopSignal;
  if (service.stdinOpen) overrides.OpenStdin = true;
  if (service.restart !== undefined) hostConfig.RestartPolicy = restartPolicy(service.restart, at('restart'));
  if (context.wait) options.wait = context.wait;
  if (context.startupTimeoutMs !== undefined) options.startupTimeoutMs = context.startupTimeoutMs;
  placeOnNetworks(service, context, options, overrides, hostConfig);
  if (Object.keys(hostConfig).length) overrides.HostConfig = hostConfig as never;
  if (Object.keys(overrides).length) options.createOverrides = overrides;
  return options as ContainerOptions;
}

/**
 * `network_mode`, or the service's networks: the first is its network mode
 * (so it does not join the helper's own network), the others are joined
 * before start. The service name, `container_name` and the network's
 * aliases are its aliases on each.
 */
function placeOnNetworks(
  service: ComposeService,
  context: ServiceOptionsContext,
  options: {
    networkMode?: NetworkMode;
    aliases?: readonly string[];
    networks?: readonly (NetworkSource | NetworkAttachment)[];
  },
  overrides: { NetworkingConfig?: unknown },
  hostConfig: Record<string, unknown>,
): void {
  const at = (key: string) => `services.${service.name}.${key}`;
  const mode = service.networkMode;
  if (mode !== undefined) {
    if (mode === 'none' || mode === 'host' || mode === 'bridge') options.networkMode = mode;
    else if (mode.startsWith('service:')) options.networkMode = { container: context.started(mode.slice(8)) };
    else if (mode.startsWith('container:')) hostConfig.NetworkMode = mode;
    else {
      throw new InvalidOptionError(
        at('network_mode'),
        `${JSON.stringify(mode)} is not supported; use 'none', 'host', 'bridge', 'service:<name>' or 'container:<name>', or list the network under \`networks\``,
      );
    }
    return;
  }
  const names = [service.name, ...(service.containerName ? [service.containerName] : [])];
  const [primary, ...others] = Object.keys(service.networks);
  if (primary === undefined) return;
  const first = context.network(primary);
  if (typeof first === 'string') hostConfig.NetworkMode = first;
  else options.networkMode = first;
  options.aliases = [...names, ...(service.networks[primary]?.aliases ?? [])];
  const address = service.networks[primary]?.ipv4Address;
  if (address !== undefined) {
    const engineName = typeof first === 'string' ? first : context.networkEngineName(primary);
    overrides.NetworkingConfig = { EndpointsConfig: { [engineName]: { IPAMConfig: { IPv4Address: address } } } };
  }
  options.networks = others.map((key) => {
    if (service.networks[key]?.ipv4Address !== undefined) {
      throw new InvalidOptionError(
        at(`networks.${key}.ipv4_address`),
        `is only supported on a service's first network ('${primary}'); list '${key}' first, or drop the fixed address`,
      );
    }
    return { network: context.network(key), aliases: [...names, ...(service.networks[key]?.aliases ?? [])] };
  });
}

function portSpec(port: ComposePort): PortSpec {
  return `${port.target}/${port.protocol}`;
}

function portMapping(port: ComposePort, hostPorts: 'as-written' | 'any-free'): PortMapping {
  return {
    container: portSpec(port),
    hostIp: port.hostIp ?? '127.0.0.1',
    ...(port.published !== undefined && hostPorts === 'as-written' ? { hostPort: port.published } : {}),
  };
}

function mountOptions(mount: ComposeMount, index: number, context: ServiceOptionsContext): MountOptions {
  if (mount.type === 'tmpfs') return mount;
  if (mount.type === 'bind') {
    return { type: 'bind', source: mount.source, target: mount.target, readOnly: mount.readOnly };
  }
  const source = mount.source === undefined ? context.anonymousVolume(index) : context.volume(mount.source);
  return { type: 'volume', source, target: mount.target, readOnly: mount.readOnly };
}

/** `restart:` as the engine's restart policy. */
export function restartPolicy(value: string, option: string): { Name: string; MaximumRetryCount?: number } {
  if (value === 'no' || value === 'always' || value === 'unless-stopped') return { Name: value };
  const match = /^on-failure(?::(\d+))?$/.exec(value);
  if (match) return { Name: 'on-failure', ...(match[1] ? { MaximumRetryCount: Number(match[1]) } : {}) };
  throw new InvalidOptionError(
    option,
    `${JSON.stringify(value)} is not a restart policy; use 'no', 'always', 'on-failure[:N]' or 'unless-stopped'`,
  );
}
