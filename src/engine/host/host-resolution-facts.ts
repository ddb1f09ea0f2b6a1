import { lookup } from 'node:dns/promises';
import { access, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { EngineEndpoint } from '../endpoint.js';
import {
  containerEvidence,
  type HostEnv,
  type HostFacts,
  isOwnContainer,
  type OwnContainer,
  ownContainerCandidates,
  shortId,
} from './host-resolution.js';

/** What fact gathering asks the engine. The engine connection implements it over its first connection. */
export interface EngineFactProbe {
  /** A container by id or name; `undefined` when the engine has none by that reference. */
  inspectContainer(ref: string): Promise<
    | {
        readonly id: string;
        readonly name: string;
        readonly hostname: string;
        readonly networkMode: string;
        readonly networks: readonly string[];
      }
    | undefined
  >;
  /** The engine's host name (`docker info` Name). */
  engineHostname(): Promise<string>;
}

/** What fact gathering reads from this machine. Tests pass their own. */
export interface LocalSources {
  exists(path: string): Promise<boolean>;
  /** The file's text, or '' when it cannot be read. */
  read(path: string): Promise<string>;
  hostname(): string;
  /** The first address `name` resolves to, or `undefined`. */
  resolve(name: string): Promise<string | undefined>;
}

const RESOLVE_TIMEOUT_MS = 1_000;

export const localSources: LocalSources = {
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  read: (path) => readFile(path, 'utf8').catch(() => ''),
  hostname: () => hostname(),
  async resolve(name) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), RESOLVE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([
        lookup(name, { family: 4 }).then(
          (r) => r.address,
          () => undefined,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  },
};

/**
 * Gather the facts {@link decideHost} decides on. Cheap on a plain host: a
 * few local files and no extra engine request. Inside a container it looks
 * its own container up on the engine (one request per candidate), asks the
 * engine's host name when that fails, and resolves host.docker.internal only
 * when nothing else can decide. Never throws: a failed lookup is a fact too.
 */
export async function gatherHostFacts(input: {
  readonly probe: EngineFactProbe;
  readonly endpoint: EngineEndpoint;
  readonly env: HostEnv;
  readonly hostAddressOption: string | undefined;
  readonly local?: LocalSources;
}): Promise<HostFacts> {
  const { probe, endpoint, env } = input;
  const local = input.local ?? localSources;
  const [dockerenv, containerenv, cgroup, mountinfo] = await Promise.all([
    local.exists('/.dockerenv'),
    local.exists('/run/.containerenv'),
    local.read('/proc/self/cgroup'),
    local.read('/proc/self/mountinfo'),
  ]);
  const ownHostname = local.hostname();
  const where = containerEvidence({ dockerenv, containerenv, cgroup, mountinfo });
  const facts: HostFacts = {
    env,
    hostAddressOption: input.hostAddressOption,
    endpoint,
    inContainer: where.inContainer,
    containerEvidence: where.evidence,
    ownContainer: undefined,
    ownContainerLookup: '',
    hostname: ownHostname,
    engineHostname: undefined,
    hostDockerInternal: undefined,
  };
  if (input.hostAddressOption || env.SEAWORTHY_HOST?.trim() || !where.inContainer) return facts;

  const candidates = ownContainerCandidates({ cgroup, mountinfo, hostname: ownHostname }, env);
  const tried: string[] = [];
  let ownContainer: OwnContainer | undefined;
  for (const candidate of candidates) {
    try {
      const found = await probe.inspectContainer(candidate.ref);
      if (found && isOwnContainer(candidate, found, ownHostname)) {
        ownContainer = {
          id: found.id,
          name: found.name,
          networkMode: found.networkMode,
          networks: found.networks,
          foundBy: candidate.via,
        };
        break;
      }
      tried.push(`${shortId(candidate.ref)} (${candidate.via}): ${found ? 'another container' : 'not on this engine'}`);
    } catch (error) {
      tried.push(`${shortId(candidate.ref)} (${candidate.via}): lookup failed, ${(error as Error).message}`);
    }
  }
  const lookup = candidates.length ? `looked up ${tried.join('; ')}` : 'no id or host name to look it up by';
  if (ownContainer) return { ...facts, ownContainer, ownContainerLookup: '' };

  const engineHostname = await probe.engineHostname().catch(() => undefined);
  const needGateway =
    endpoint.kind === 'unix' && engineHostname !== ownHostname && !env.BITBUCKET_DOCKER_HOST_INTERNAL?.trim();
  const hostDockerInternal = needGateway ? await local.resolve('host.docker.internal') : undefined;
  return {
    ...facts,
    ownContainerLookup: lookup,
    engineHostname,
    hostDockerInternal,
    hostDockerInternalLookedUp: needGateway,
  };
}
