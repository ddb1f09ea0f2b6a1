import { isIP } from 'node:net';

/**
 * The host's internal address: what containers use to reach the host where
 * this process and the published ports live (Bitbucket Pipelines' docker
 * service, a runner with `host.docker.internal`). Pure: facts in, a choice
 * and its reason out. host-resolution.ts decides when it is used (the
 * `bitbucket` and `host-gateway` topologies). See docs/topologies.md.
 */

/** Where the internal address came from, in the order they are tried. */
export type HostInternalSource =
  /** Set by Bitbucket Pipelines in steps with the docker service. */
  | 'BITBUCKET_DOCKER_HOST_INTERNAL'
  /** The name resolves in this process (Docker Desktop, or a runner started with `--add-host`). */
  | 'host.docker.internal'
  /** Neither: the engine's `host-gateway` extra host, which containers get as `host.docker.internal`. */
  | 'host-gateway';

/** The host's internal address, where it came from, and why. */
export interface HostInternal {
  /** An IP address, or `host.docker.internal`. */
  readonly address: string;
  readonly source: HostInternalSource;
  /**
   * Extra `/etc/hosts` entries a container needs for `address` to resolve in
   * it, for its `extraHosts` option: `{ 'host.docker.internal': 'host-gateway' }`
   * for the name, `{}` for an IP address.
   */
  readonly extraHosts: Readonly<Record<string, string>>;
  /** Why this one, naming the facts. */
  readonly reason: string;
}

/** The facts the choice rests on (a part of `HostFacts`). */
export interface HostInternalFacts {
  readonly env: { readonly BITBUCKET_DOCKER_HOST_INTERNAL?: string };
  /** The address host.docker.internal resolved to here, if it did. */
  readonly hostDockerInternal: string | undefined;
  /** Whether host.docker.internal was looked up at all (only in a container nothing else placed). */
  readonly hostDockerInternalLookedUp?: boolean;
}

export const HOST_DOCKER_INTERNAL = 'host.docker.internal';
const GATEWAY_EXTRA_HOSTS: Readonly<Record<string, string>> = { [HOST_DOCKER_INTERNAL]: 'host-gateway' };

/**
 * Choose the host's internal address, in order: `BITBUCKET_DOCKER_HOST_INTERNAL`,
 * `host.docker.internal` when it resolves here, else the engine's
 * `host-gateway` (containers reach it as `host.docker.internal` through an
 * extra host). Always answers; whether it is used is the decision's business.
 */
export function resolveHostInternal(facts: HostInternalFacts): HostInternal {
  const bitbucket = facts.env.BITBUCKET_DOCKER_HOST_INTERNAL?.trim();
  if (bitbucket) {
    const ip = isIP(bitbucket) !== 0;
    return {
      address: bitbucket,
      source: 'BITBUCKET_DOCKER_HOST_INTERNAL',
      extraHosts: {},
      reason:
        `BITBUCKET_DOCKER_HOST_INTERNAL=${bitbucket}: the docker service's containers reach this step there` +
        (ip ? '' : ' (a name, not an IP address: containers must resolve it themselves)'),
    };
  }
  if (facts.hostDockerInternal) {
    return {
      address: HOST_DOCKER_INTERNAL,
      source: 'host.docker.internal',
      extraHosts: GATEWAY_EXTRA_HOSTS,
      reason:
        `host.docker.internal resolves here (${facts.hostDockerInternal}); containers that need the name ` +
        'get it as the extra host host.docker.internal:host-gateway',
    };
  }
  return {
    address: HOST_DOCKER_INTERNAL,
    source: 'host-gateway',
    extraHosts: GATEWAY_EXTRA_HOSTS,
    reason:
      `BITBUCKET_DOCKER_HOST_INTERNAL is not set and host.docker.internal ${
        facts.hostDockerInternalLookedUp ? 'does not resolve here' : 'was not looked up (not needed here)'
      }: containers reach the engine's host as host.docker.internal through the extra host ` +
      `host.docker.internal:host-gateway`,
  };
}
