import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import {
  type EngineAttempt,
  EngineSshError,
  EngineTooNewError,
  EngineTooOldError,
  EngineUnavailableError,
} from '../../errors/index.js';
import { assertDuration } from '../../options/duration.js';
import { negotiateApiVersion } from '../api-version.js';
import type { EngineVersion, HostResolution } from '../client.js';
import {
  type CertEnv,
  candidateEndpoints,
  describeEndpoint,
  type EndpointEnv,
  type EngineEndpoint,
  endpointCertDirectory,
} from '../endpoint.js';
import { isNotFound, reasonOf } from '../error-mapping.js';
import { decideHost, type HostEnv } from '../host/host-resolution.js';
import { type EngineFactProbe, gatherHostFacts } from '../host/host-resolution-facts.js';
import { engineProduct } from '../podman/dialect.js';
import type { RawContainerInspect } from '../raw-types.js';
import { logEngineCalls } from './call-log.js';
import { type EngineSshOptions, openSshTunnel, type SshEnv, type SshTunnel } from './ssh-transport.js';

export type { EngineSshOptions } from './ssh-transport.js';

/** How to reach the engine. Every field is optional; DOCKER_HOST, the Docker context and the default sockets are used otherwise. */
export interface EngineOptions {
  /**
   * Engine address: `unix:///var/run/docker.sock`, `tcp://host:2375`, `ssh://user@host`.
   * @default DOCKER_HOST, then DOCKER_CONTEXT, then the docker config's current context, then the usual local sockets
   */
  readonly host?: string;
  /** Keys and host-key checking for an `ssh://` engine (docs/engine.md#ssh). */
  readonly ssh?: EngineSshOptions;
  /** How long to wait for the engine to answer its first request. @default 3_000 */
  readonly connectTimeoutMs?: number;
  /**
   * The address published ports are reached on; skips host resolution.
   * @default detected: see docs/topologies.md ($SEAWORTHY_HOST, else 127.0.0.1 for a local engine,
   * the tcp host for a remote one, each container's network address in a sibling container)
   */
  readonly hostAddress?: string;
  /**
   * The interface on the engine's host that container ports are published on.
   * Set `0.0.0.0` for an engine behind port forwarding (a Docker-in-Docker
   * container whose API port is published, an ssh tunnel), where the engine's
   * loopback is not the one this process reaches.
   * @default 127.0.0.1 when published ports are reached on loopback, else 0.0.0.0
   */
  readonly publishOn?: string;
  /**
   * Several engines to spread workers over, one per worker (docs/several-engines.md):
   * entries like `ci-a=tcp://10.0.0.5:2376;certs=/ci/a;weight=2`, as a list or
   * one comma-separated string. Not with `host`.
   * @default $SEAWORTHY_ENGINES, unless `host` is set
   */
  readonly engines?: string | readonly string[];
  /** Environment to read DOCKER_HOST, SEAWORTHY_HOST & co. from. @default process.env */
  readonly env?: EngineEnv;
}

/** The variables an engine connection reads. */
export type EngineEnv = EndpointEnv &
  HostEnv &
  CertEnv &
  SshEnv & {
    /** Several engines, one per worker (docs/several-engines.md). */
    readonly SEAWORTHY_ENGINES?: string;
    /** Where workers record which of them each uses. @default `<tmpdir>/seaworthy-engines` */
    readonly SEAWORTHY_ENGINE_LEASES?: string;
  };

/** A connection that answered: the client, where it is, and what host resolution decided. */
export interface OpenConnection {
  readonly docker: Dockerode;
  readonly endpoint: EngineEndpoint;
  readonly version: EngineVersion;
  readonly hostResolution: HostResolution;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/**
 * Try each candidate endpoint in turn and return the first that answers.
 * Fails fast with {@link EngineUnavailableError} listing every address tried and why.
 */
export async function openConnection(
  options: EngineOptions = {},
  endpoints?: readonly EngineEndpoint[],
): Promise<OpenConnection> {
  const env = options.env ?? (process.env as EngineEnv);
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  assertDuration('engine.connectTimeoutMs', timeoutMs);
  const attempts: EngineAttempt[] = [];
  let lastError: unknown;
  for (const endpoint of endpoints ?? candidateEndpoints(options.host, env)) {
    let tunnel: SshTunnel | undefined;
    let raw: Record<string, string>;
    try {
      if (endpoint.kind === 'ssh') tunnel = await openSshTunnel(endpoint, options.ssh ?? {}, env, timeoutMs);
      const modemOptions = dockerodeOptions(endpoint, env, tunnel);
      // Unversioned: the engine answers in its own API version, which is what is asked.
      raw = (await logEngineCalls(
        new Dockerode({ ...modemOptions, timeout: timeoutMs }),
      ).version()) as unknown as Record<string, string>;
    } catch (error) {
      const dialFailure = await tunnel?.dialFailure();
      tunnel?.close();
      if (dialFailure) throw dialFailure;
      if (error instanceof EngineSshError) throw error;
      lastError = error;
      attempts.push({ host: describeEndpoint(endpoint), source: endpoint.source, reason: reasonOf(error, timeoutMs) });
      continue;
    }
    const reported = {
      version: raw.Version ?? 'unknown',
      apiVersion: raw.ApiVersion ?? 'unknown',
      minApiVersion: raw.MinAPIVersion ?? 'unknown',
      os: raw.Os ?? 'unknown',
      arch: raw.Arch ?? 'unknown',
      product: engineProduct(raw),
    };
    const decision = negotiateApiVersion(reported);
    if (decision.kind !== 'ok') {
      tunnel?.close();
      const address = describeEndpoint(endpoint);
      throw decision.kind === 'too-old'
        ? new EngineTooOldError(address, decision.engine, decision.minimum, reported.version)
        : new EngineTooNewError(address, decision.engineMin, decision.maximum, reported.version);
    }
    const version: EngineVersion = { ...reported, negotiatedApiVersion: decision.version };
    // Every later request carries the negotiated version in its path: /v1.41/containers/create.
    const modemOptions = { ...dockerodeOptions(endpoint, env, tunnel), version: `v${decision.version}` };
    const docker = logEngineCalls(new Dockerode(modemOptions));
    // Never throws: a failed lookup is a fact like any other.
    const facts = await gatherHostFacts({
      probe: factProbe(docker),
      endpoint,
      env,
      hostAddressOption: options.hostAddress,
    });
    const decided = decideHost(facts);
    const hosting = options.publishOn ? { ...decided, publishHostIp: options.publishOn } : decided;
    return { docker, endpoint, version, hostResolution: { facts, decision: hosting } };
  }
  throw new EngineUnavailableError(attempts, lastError);
}

/** What host resolution asks the engine, over the connection's first client. */
function factProbe(docker: Dockerode): EngineFactProbe {
  return {
    async inspectContainer(ref) {
      try {
        const raw = (await docker.getContainer(ref).inspect()) as unknown as RawContainerInspect & {
          HostConfig?: { NetworkMode?: string };
        };
        return {
          id: raw.Id,
          name: raw.Name.replace(/^\//, ''),
          hostname: raw.Config.Hostname ?? '',
          networkMode: raw.HostConfig?.NetworkMode ?? '',
          networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async engineHostname() {
      return ((await docker.info()) as { Name?: string }).Name ?? '';
    },
  };
}

function dockerodeOptions(
  endpoint: EngineEndpoint,
  env: CertEnv,
  tunnel: SshTunnel | undefined,
): Dockerode.DockerOptions {
  if (endpoint.kind === 'unix') return { socketPath: endpoint.socketPath };
  // The host name is never dialled: the agent's connections are ssh channels.
  if (endpoint.kind === 'ssh') {
    return { host: 'docker', port: 80, protocol: 'http', agent: tunnel?.agent } as Dockerode.DockerOptions;
  }
  if (!endpoint.tls) return { host: endpoint.host, port: endpoint.port, protocol: 'http' };
  const certDir = endpointCertDirectory(endpoint, env);
  // A context may hold only some of the files (a ca.pem alone, or none with SkipTLSVerify).
  const read = (file: string) => (existsSync(join(certDir, file)) ? readFileSync(join(certDir, file)) : undefined);
  const files = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  if (!endpoint.skipTlsVerify && !files.ca && !files.cert) {
    // As before: the usual files are required (a clear ENOENT naming the directory).
    readFileSync(join(certDir, 'ca.pem'));
  }
  return {
    host: endpoint.host,
    port: endpoint.port,
    protocol: 'https',
    // SkipTLSVerify: the agent's options win over the request's, so the certificate goes unchecked.
    ...(endpoint.skipTlsVerify ? { agent: new HttpsAgent({ rejectUnauthorized: false }) } : {}),
    ...(files.ca ? { ca: files.ca } : {}),
    ...(files.cert ? { cert: files.cert } : {}),
    ...(files.key ? { key: files.key } : {}),
  } as Dockerode.DockerOptions;
}
