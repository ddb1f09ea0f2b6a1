import { debugLogger } from '../../debug/logger.js';
import { redactText } from '../../debug/redact.js';
import { describeEndpoint, type EngineEndpoint } from '../endpoint.js';
import { type HostInternal, resolveHostInternal } from './host-internal.js';

/**
 * Host resolution: from where this process runs relative to the engine, decide
 * how containers are reached. Everything here is pure: a function from facts
 * to a decision with its reason, plus the parsers the fact gathering uses.
 * The impure half, which reads files and asks the engine, is
 * host-resolution-facts.ts; the sibling mode's network attachment is
 * host-resolution-sibling.ts. See docs/topologies.md.
 */

/** Where the test process runs relative to the engine, as seaworthy sees it. */
export type Topology =
  /** Not in a container; the engine runs on this machine (or Docker Desktop's VM). */
  | 'host'
  /** In a container that runs the engine itself (or that shares the engine's network namespace). */
  | 'docker-in-docker'
  /** In a container of the same engine, its socket mounted in: containers are reached over the helper's networks. */
  | 'sibling'
  /** A sibling that shares the engine host's network namespace (`--network host`): published ports on loopback. */
  | 'sibling-host-network'
  /** Bitbucket Pipelines' docker service, which shares the step's network namespace. */
  | 'bitbucket'
  /** The engine is on another host (`DOCKER_HOST=tcp://…`): published ports live there. */
  | 'remote'
  /** In a container the engine does not know; its host is reached as host.docker.internal. */
  | 'host-gateway'
  /** Set by `SEAWORTHY_HOST` or the engine's `hostAddress` option. */
  | 'override'
  /** In a container the engine does not know, with nothing pointing elsewhere: loopback, a guess. */
  | 'unknown';

/** How containers' ports are reached from this process. */
export type Reach =
  /** At `address`, on the host port each container port is published on. */
  | 'published'
  /** At each container's own address on a network this process's container joined, on the container port. */
  | 'container-network';

/** What host resolution decided, and why. */
export interface HostDecision {
  readonly topology: Topology;
  readonly reach: Reach;
  /**
   * Where published ports are reached. With `reach: 'container-network'` it
   * is not used for containers (each has its own address); it is what a
   * published port would be reached on if the network were not joined.
   */
  readonly address: string;
  /** The host IP ports are published on, on the engine's host: `127.0.0.1`, or `0.0.0.0` when they must be reachable from elsewhere. */
  readonly publishHostIp: string;
  /** The container whose network namespace this process runs in, joined to helper networks (`container-network` only). */
  readonly runnerContainerId?: string;
  /** Why, in a sentence or two, naming the facts it rests on. */
  readonly reason: string;
  /**
   * The host's internal address, when containers reach this process's host
   * through it (topologies `bitbucket` and `host-gateway`): Kafka advertises
   * it on its host listener. `resolveHostInternal(facts)` says what it would
   * be elsewhere.
   */
  readonly hostInternal?: HostInternal;
}

/** Environment variables host resolution reads. */
export interface HostEnv {
  /** The address published ports are reached on: skips detection. */
  readonly SEAWORTHY_HOST?: string;
  /** The id or name of the container this process runs in, when seaworthy cannot find it. */
  readonly SEAWORTHY_RUNNER_CONTAINER?: string;
  /** Set by Bitbucket Pipelines: the docker service's address. */
  readonly BITBUCKET_DOCKER_HOST_INTERNAL?: string;
  /** `off`: bind sources are passed to the engine as given, not translated from a sibling runner's mounts. */
  readonly SEAWORTHY_SIBLING_BINDS?: string;
}

/** This process's own container, as the engine reported it. */
export interface OwnContainer {
  readonly id: string;
  readonly name: string;
  /** `HostConfig.NetworkMode`: `bridge`, `host`, a network name, or `container:<id>`. */
  readonly networkMode: string;
  /** Networks it is on, by name. */
  readonly networks: readonly string[];
  /** Which candidate found it, e.g. `mountinfo`, `hostname`. */
  readonly foundBy: string;
}

/** Everything host resolution decides on. Gathered by host-resolution-facts.ts. */
export interface HostFacts {
  readonly env: HostEnv;
  /** The engine's `hostAddress` option, if given. */
  readonly hostAddressOption: string | undefined;
  readonly endpoint: EngineEndpoint;
  readonly inContainer: boolean;
  /** What says so, e.g. "/.dockerenv exists"; or what was checked. */
  readonly containerEvidence: string;
  /** This process's container, when the engine knows it. */
  readonly ownContainer: OwnContainer | undefined;
  /** What was looked up to find it, and how that went; "" when not looked up. */
  readonly ownContainerLookup: string;
  /** This machine's (or container's) host name. */
  readonly hostname: string;
  /** The engine's host name (`docker info` Name), when asked. */
  readonly engineHostname: string | undefined;
  /** The address host.docker.internal resolves to, when it resolves (looked up only when needed). */
  readonly hostDockerInternal: string | undefined;
  /** Whether host.docker.internal was looked up (`hostDockerInternal` is then its answer). */
  readonly hostDockerInternalLookedUp?: boolean;
}

const LOOPBACK_IP = '127.0.0.1';
const ALL_INTERFACES = '0.0.0.0';

/** Whether `host` names this machine's loopback. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function published(
  topology: Topology,
  address: string,
  reason: string,
  publishHostIp = isLoopback(address) ? LOOPBACK_IP : ALL_INTERFACES,
): HostDecision {
  // 'localhost' may resolve to ::1, where nothing is published: say 127.0.0.1.
  const at = address.toLowerCase() === 'localhost' ? LOOPBACK_IP : address;
  return { topology, reach: 'published', address: at, publishHostIp, reason };
}

/**
 * Decide how containers are reached, from facts alone. In order:
 *
 * 1. an explicit address (`hostAddress` option, then `SEAWORTHY_HOST`);
 * 2. not in a container: loopback for a local engine, the engine's host for a remote one;
 * 3. in a container the engine knows: join the helper networks (sibling), or
 *    loopback if the container shares the host's network;
 * 4. Bitbucket's docker service, or an engine in this very container: loopback;
 * 5. a remote tcp engine: its host;
 * 6. host.docker.internal, when it resolves;
 * 7. otherwise loopback, flagged as a guess.
 */
export function decideHost(facts: HostFacts): HostDecision {
  const decision = decide(facts);
  logHostResolution(facts, decision);
  return decision;
}

/** `seaworthy:host`: the facts host resolution saw and what it decided. */
function logHostResolution(facts: HostFacts, decision: HostDecision): void {
  const log = debugLogger('host');
  if (!log.enabled) return;
  const own = facts.ownContainer;
  const engine = describeEndpoint(facts.endpoint);
  const shown = {
    engine: `${engine} (from ${facts.endpoint.source})`,
    hostAddressOption: facts.hostAddressOption,
    SEAWORTHY_HOST: facts.env.SEAWORTHY_HOST,
    SEAWORTHY_RUNNER_CONTAINER: facts.env.SEAWORTHY_RUNNER_CONTAINER,
    BITBUCKET_DOCKER_HOST_INTERNAL: facts.env.BITBUCKET_DOCKER_HOST_INTERNAL,
    inContainer: `${facts.inContainer} (${facts.containerEvidence})`,
    ownContainer: own && `${shortId(own.id)} ${own.name}, network mode ${own.networkMode}, found by ${own.foundBy}`,
    ownContainerLookup: facts.ownContainerLookup || undefined,
    hostname: facts.hostname,
    engineHostname: facts.engineHostname,
    hostDockerInternal: facts.hostDockerInternal,
  };
  const listed = Object.entries(shown).filter(([, value]) => value !== undefined);
  log('facts: %s', redactText(listed.map(([key, value]) => `${key}=${value}`).join('; ')));
  log(
    'decision: %s, reach %s at %s, ports published on %s%s: %s',
    decision.topology,
    decision.reach,
    decision.address,
    decision.publishHostIp,
    decision.runnerContainerId ? `, runner container ${shortId(decision.runnerContainerId)}` : '',
    decision.reason,
  );
  const internal = decision.hostInternal ?? resolveHostInternal(facts);
  log(
    'host internal address: %s (from %s)%s: %s',
    internal.address,
    internal.source,
    decision.hostInternal ? '' : `, not used in topology ${decision.topology}`,
    internal.reason,
  );
}

function decide(facts: HostFacts): HostDecision {
  const { endpoint, env } = facts;
  const engineWhere =
    endpoint.kind === 'unix' ? `the socket ${endpoint.socketPath}` : describeEndpoint(endpoint).replace(' (TLS)', '');

  if (facts.hostAddressOption) {
    return published('override', facts.hostAddressOption, `the engine's hostAddress option says so`);
  }
  const override = env.SEAWORTHY_HOST?.trim();
  if (override) return published('override', override, `SEAWORTHY_HOST=${override}`);

  // ssh:// like tcp://: the engine runs on that host, so its published ports are there.
  const tcpRemote = endpoint.kind !== 'unix' && !isLoopback(endpoint.host);

  if (!facts.inContainer) {
    if (tcpRemote) {
      return published(
        'remote',
        endpoint.host,
        `not in a container, and the engine is at ${engineWhere} (${endpoint.source}), so published ports live on ${endpoint.host}`,
      );
    }
    return published(
      'host',
      LOOPBACK_IP,
      `not in a container (${facts.containerEvidence}); the engine is local (${engineWhere})`,
    );
  }

  const own = facts.ownContainer;
  if (own) {
    const mode = own.networkMode;
    if (mode === 'host') {
      return published(
        'sibling-host-network',
        LOOPBACK_IP,
        `in container ${shortId(own.id)} (${own.name}) of this engine, which shares the host's network (--network host)`,
      );
    }
    const owner = mode.startsWith('container:') ? mode.slice('container:'.length) : undefined;
    return {
      topology: 'sibling',
      reach: 'container-network',
      address: LOOPBACK_IP,
      publishHostIp: LOOPBACK_IP,
      runnerContainerId: owner ?? own.id,
      reason:
        `in container ${shortId(own.id)} (${own.name}, found by ${own.foundBy}) of this engine, so published ports ` +
        `are on the engine's host, not here; ` +
        (owner
          ? `it uses the network of container ${shortId(owner)}, which joins each helper network`
          : 'it joins each helper network and reaches containers at their address there'),
    };
  }

  const bitbucket = env.BITBUCKET_DOCKER_HOST_INTERNAL?.trim();
  if (bitbucket && (endpoint.kind === 'unix' || isLoopback(endpoint.host) || endpoint.host === bitbucket)) {
    // Published on all interfaces (unless the internal address is loopback), so that containers reach them there too.
    const publishOn = isLoopback(bitbucket) ? LOOPBACK_IP : ALL_INTERFACES;
    return {
      ...published(
        'bitbucket',
        LOOPBACK_IP,
        `BITBUCKET_DOCKER_HOST_INTERNAL=${bitbucket}: Bitbucket's docker service shares this step's network, so ` +
          `published ports are on loopback${publishOn === ALL_INTERFACES ? `, and on ${bitbucket}, where containers reach them` : ''}`,
        publishOn,
      ),
      hostInternal: resolveHostInternal(facts),
    };
  }

  if (endpoint.kind !== 'unix' && isLoopback(endpoint.host)) {
    return published(
      'docker-in-docker',
      LOOPBACK_IP,
      `in a container (${facts.containerEvidence}) whose loopback the engine listens on (${engineWhere}), so they share a network`,
    );
  }
  if (facts.engineHostname !== undefined && facts.engineHostname === facts.hostname && !tcpRemote) {
    return published(
      'docker-in-docker',
      LOOPBACK_IP,
      `in a container (${facts.containerEvidence}) that runs the engine itself: the engine's host name is this ` +
        `container's (${facts.hostname})${notFound(facts)}`,
    );
  }

  if (tcpRemote) {
    return published(
      'remote',
      endpoint.host,
      `in a container the engine does not know${notFound(facts)}, and the engine is at ${engineWhere} ` +
        `(${endpoint.source}), so published ports live on ${endpoint.host}`,
    );
  }

  if (facts.hostDockerInternal) {
    return {
      ...published(
        'host-gateway',
        'host.docker.internal',
        `in a container the engine does not know${notFound(facts)}; host.docker.internal resolves ` +
          `(${facts.hostDockerInternal}), so published ports are reached through it`,
      ),
      hostInternal: resolveHostInternal(facts),
    };
  }

  return published(
    'unknown',
    LOOPBACK_IP,
    `in a container (${facts.containerEvidence}) that the engine does not know${notFound(facts)} and does not run in ` +
      `(engine host name ${facts.engineHostname ?? 'unknown'}, here ${facts.hostname}); assuming published ports ` +
      'are on loopback. If they are not, set SEAWORTHY_HOST, or SEAWORTHY_RUNNER_CONTAINER to this container',
  );
}

function notFound(facts: HostFacts): string {
  return facts.ownContainerLookup ? ` (${facts.ownContainerLookup})` : '';
}

/** The first 12 characters of a 64-character id, as `docker ps` shows it. */
export function shortId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id;
}

/** Whether this process runs in a container, from what the gatherer found. */
export function containerEvidence(found: {
  readonly dockerenv: boolean;
  readonly containerenv: boolean;
  readonly cgroup: string;
  readonly mountinfo: string;
}): { inContainer: boolean; evidence: string } {
  if (found.dockerenv) return { inContainer: true, evidence: '/.dockerenv exists' };
  if (found.containerenv) return { inContainer: true, evidence: '/run/.containerenv exists' };
  const cgroup = found.cgroup.match(/\/(docker|kubepods|libpod|containerd|lxc)[/.-]/);
  if (cgroup) return { inContainer: true, evidence: `/proc/self/cgroup names ${cgroup[1]}` };
  if (mountinfoContainerIds(found.mountinfo).length) {
    return { inContainer: true, evidence: "/etc/hostname is mounted from a container's directory" };
  }
  return { inContainer: false, evidence: 'no /.dockerenv, /run/.containerenv or container cgroup' };
}

/** `/var/lib/docker/containers/<id>/hostname` and friends, as the source of a bind mount in /proc/self/mountinfo. */
const MOUNTINFO_SOURCE_ID = /containers\/([0-9a-f]{64})\/(?:userdata\/)?(?:hostname|hosts|resolv\.conf)$/;
/** Where the engine mounts those files in a container of its own. */
const CONTAINER_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

/**
 * Container ids in /proc/self/mountinfo: the id in the source of a bind mount
 * on this process's own /etc/hostname, /etc/hosts or /etc/resolv.conf. Only
 * those mount points count: a process beside the engine (in its mount
 * namespace) also sees the engine mount those files under other containers'
 * root filesystems while it copies files in or out of them, and must not take
 * such a container for its own.
 */
function mountinfoContainerIds(mountinfo: string): string[] {
  const ids: string[] = [];
  for (const line of mountinfo.split('\n')) {
    // Fields: mount id, parent id, major:minor, root (the source within its file system), mount point, …
    const [, , , root, mountPoint] = line.split(' ');
    if (root === undefined || mountPoint === undefined || !CONTAINER_FILES.has(mountPoint)) continue;
    const id = MOUNTINFO_SOURCE_ID.exec(root)?.[1];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
/** `/docker/<id>`, `docker-<id>.scope`, `/kubepods/…/<id>` in /proc/self/cgroup. */
const CGROUP_ID = /[/-]([0-9a-f]{64})(?:\.scope)?$/gm;

function containerIdsIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '').filter(Boolean);
}

/**
 * Names to look this process's container up by, best first: an explicit
 * `SEAWORTHY_RUNNER_CONTAINER` alone; otherwise the id in the bind-mount
 * sources of /etc/hostname (works with cgroup v2), the id in the cgroup path
 * (cgroup v1), and the host name (Docker's default is the short id).
 */
export function ownContainerCandidates(
  sources: { readonly cgroup: string; readonly mountinfo: string; readonly hostname: string },
  env: HostEnv,
): { readonly ref: string; readonly via: string }[] {
  const explicit = env.SEAWORTHY_RUNNER_CONTAINER?.trim();
  if (explicit) return [{ ref: explicit, via: 'SEAWORTHY_RUNNER_CONTAINER' }];
  const seen = new Set<string>();
  const candidates: { ref: string; via: string }[] = [];
  const add = (ref: string, via: string) => {
    // The host name is usually the short form of an id already found.
    const shortOfSeen = /^[0-9a-f]{12,}$/.test(ref) && [...seen].some((s) => s.startsWith(ref));
    if (!ref || seen.has(ref) || shortOfSeen) return;
    seen.add(ref);
    candidates.push({ ref, via });
  };
  for (const id of mountinfoContainerIds(sources.mountinfo)) add(id, 'mountinfo');
  for (const id of containerIdsIn(sources.cgroup, CGROUP_ID)) add(id, 'cgroup');
  if (sources.hostname && sources.hostname !== 'localhost') add(sources.hostname, 'hostname');
  return candidates;
}

/**
 * Whether the container the engine returned for `candidate` is really this
 * process's. An id found in mountinfo or cgroup is; a host name must match the
 * container's host name and its id or name, so that an unrelated container
 * that happens to be named like this machine is not taken for it.
 */
export function isOwnContainer(
  candidate: { readonly ref: string; readonly via: string },
  inspected: { readonly id: string; readonly name: string; readonly hostname: string },
  hostname: string,
): boolean {
  if (candidate.via !== 'hostname') return true;
  return (
    inspected.hostname === hostname && (inspected.id.startsWith(candidate.ref) || inspected.name === candidate.ref)
  );
}

/**
 * A container create request with its loopback port bindings moved to
 * `hostIp`: a remote engine's ports must be reachable from this machine.
 * Bindings to other addresses are left as they are.
 */
export function withPublishHostIp<T extends object>(body: T, hostIp: string): T {
  const hostConfig = (body as { HostConfig?: { PortBindings?: Record<string, { HostIp?: string }[] | null> } })
    .HostConfig;
  if (!hostConfig?.PortBindings || hostIp === LOOPBACK_IP) return body;
  const bindings = Object.fromEntries(
    Object.entries(hostConfig.PortBindings).map(([port, list]) => [
      port,
      list ? list.map((b) => (b.HostIp === LOOPBACK_IP ? { ...b, HostIp: hostIp } : b)) : list,
    ]),
  );
  return { ...body, HostConfig: { ...hostConfig, PortBindings: bindings } };
}
