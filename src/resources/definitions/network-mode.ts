import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import type { NetworkSource, StartedContainerRef } from './resource-refs.js';

export type { NetworkSource, StartedContainerRef } from './resource-refs.js';

/**
 * How a container is networked instead of joining its helper's network:
 * - `'bridge'`: the engine's default bridge only (no helper network, no aliases);
 * - `'none'`: no network at all, only the loopback interface;
 * - `'host'`: the engine host's network stack (no published ports needed, or possible);
 * - `{ container }`: share that started container's network namespace (`localhost` is that container);
 * - a `NetworkDefinition`: that network instead of the helper's, with the definition's name (and `aliases`) as aliases.
 */
export type NetworkMode = 'bridge' | 'none' | 'host' | { readonly container: StartedContainerRef } | NetworkSource;

/** The networking a container ends up with, from `networkMode` or `createOverrides.HostConfig.NetworkMode`. */
export type NetworkPlan =
  | { readonly kind: 'helper' }
  | { readonly kind: 'bridge' | 'none' | 'host' }
  | { readonly kind: 'container'; readonly container: string }
  | { readonly kind: 'network'; readonly source: NetworkSource }
  | { readonly kind: 'named'; readonly network: string };

/** The options the plan is read from and checked against. */
export interface NetworkModeOptions {
  readonly networkMode?: NetworkMode | undefined;
  readonly createOverrides?: object | undefined;
  readonly networks?: readonly unknown[] | undefined;
  readonly aliases?: readonly unknown[] | undefined;
  readonly ports?: unknown;
  readonly helperNetwork?: unknown;
}

const OVERRIDE = 'createOverrides.HostConfig.NetworkMode';

/** Read the plan, rejecting modes that don't exist. `at` prefixes option paths (the definition's name). */
export function networkPlan(options: NetworkModeOptions, at = (key: string) => key): NetworkPlan {
  const typed = options.networkMode;
  const raw = overrideMode(options.createOverrides);
  if (typed !== undefined && raw !== undefined) {
    throw new InvalidOptionError(
      at('networkMode'),
      `is set twice, here and in ${OVERRIDE} (${describeValue(raw)}); keep only \`networkMode\``,
    );
  }
  if (typed !== undefined) return typedPlan(typed, at('networkMode'));
  if (raw === undefined || raw === null) return { kind: 'helper' };
  if (typeof raw !== 'string' || !raw.trim()) {
    throw new InvalidOptionError(
      at(OVERRIDE),
      `${describeValue(raw)} is not a network mode; use 'bridge', 'none', 'host', 'container:<id or name>' or a network's name (or the typed \`networkMode\` option)`,
    );
  }
  if (raw === 'bridge' || raw === 'default') return { kind: 'bridge' };
  if (raw === 'none' || raw === 'host') return { kind: raw };
  if (raw.startsWith('container:')) {
    const container = raw.slice('container:'.length);
    if (!container) throw new InvalidOptionError(at(OVERRIDE), `${describeValue(raw)} names no container`);
    return { kind: 'container', container };
  }
  return { kind: 'named', network: raw };
}

function typedPlan(mode: unknown, option: string): NetworkPlan {
  if (mode === 'bridge' || mode === 'none' || mode === 'host') return { kind: mode };
  if (mode !== null && typeof mode === 'object') {
    if ('container' in mode) {
      const owner = (mode as { container: unknown }).container;
      const id = owner !== null && typeof owner === 'object' ? (owner as { id?: unknown }).id : undefined;
      if (typeof id !== 'string' || !id) {
        throw new InvalidOptionError(
          `${option}.container`,
          'must be a started container: the handle `await definition.setup(helper)` returned, not a definition or a name',
        );
      }
      return { kind: 'container', container: id };
    }
    const source = mode as Partial<NetworkSource>;
    if (typeof source.name === 'string' && typeof source.setup === 'function') {
      return { kind: 'network', source: source as NetworkSource };
    }
  }
  throw new InvalidOptionError(
    option,
    `${describeValue(mode)} is not a network mode; use 'bridge', 'none', 'host', { container: <a started container> } or a NetworkDefinition`,
  );
}

function overrideMode(overrides: object | undefined): unknown {
  if (overrides === null || typeof overrides !== 'object') return undefined;
  const host = (overrides as { HostConfig?: unknown }).HostConfig;
  if (host === null || typeof host !== 'object') return undefined;
  return (host as { NetworkMode?: unknown }).NetworkMode;
}

/**
 * Reject options that can't work with the plan, before any engine call:
 * no networks, aliases or published ports without a network stack of one's
 * own (`none`, `host`, `container`), no aliases on the default bridge, and
 * `helperNetwork` only for containers on their helper's network.
 */
export function assertNetworkCombination(
  plan: NetworkPlan,
  options: NetworkModeOptions,
  at = (key: string) => key,
): void {
  if (plan.kind === 'helper') return;
  const mode = describePlan(plan);
  const conflict = (key: string, why: string) => {
    throw new InvalidOptionError(at(key), `can't be used with ${mode}: ${why}`);
  };
  if (options.helperNetwork !== undefined) {
    conflict('helperNetwork', "that mode keeps the container off its helper's network; drop `helperNetwork`");
  }
  if (plan.kind !== 'none' && plan.kind !== 'host' && plan.kind !== 'container') {
    if (plan.kind === 'bridge' && options.aliases?.length) {
      conflict(
        'aliases',
        "the engine's default bridge has no aliases; put the container on a network of its own instead",
      );
    }
    return;
  }
  const own =
    plan.kind === 'container'
      ? "the container uses another container's network stack"
      : plan.kind === 'host'
        ? "the container uses the engine host's network stack"
        : 'the container has no network, only loopback';
  if (options.networks?.length) conflict('networks', `${own}, so it can't join networks`);
  if (options.aliases?.length) conflict('aliases', `${own}, so it has no network to be known by on`);
  const ports = options.ports;
  if (Array.isArray(ports) ? ports.length > 0 : ports !== undefined) {
    conflict(
      'ports',
      plan.kind === 'host'
        ? `${own}: a server in it listens on the host's ports directly, so there is nothing to publish`
        : `${own}, so it can't publish ports${plan.kind === 'container' ? " (publish them on that container's definition)" : ''}`,
    );
  }
}

/** `networkMode 'none'`, for messages. */
export function describePlan(plan: NetworkPlan): string {
  switch (plan.kind) {
    case 'helper':
      return "its helper's network";
    case 'container':
      return `networkMode container:${plan.container}`;
    case 'network':
      return `networkMode network '${plan.source.name}'`;
    case 'named':
      return `network mode '${plan.network}'`;
    default:
      return `networkMode '${plan.kind}'`;
  }
}

/** `HostConfig.NetworkMode` for a plan, given the resolved network's engine name; undefined for the helper's network. */
export function engineNetworkMode(plan: NetworkPlan, networkName?: string): string | undefined {
  switch (plan.kind) {
    case 'helper':
      return undefined;
    case 'container':
      return `container:${plan.container}`;
    case 'network':
      return networkName;
    case 'named':
      return plan.network;
    default:
      return plan.kind;
  }
}
