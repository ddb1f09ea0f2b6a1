import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { type EngineAttempt, EngineUnavailableError } from '../../errors/index.js';
import { assertDuration } from '../../options/duration.js';
import type { EngineVersion, HostResolution } from '../client.js';
import {
  type CertEnv,
  candidateEndpoints,
  certDirectory,
  describeEndpoint,
  type EndpointEnv,
  type EngineEndpoint,
} from '../endpoint.js';
import { isNotFound, reasonOf } from '../error-mapping.js';
import { decideHost, type HostEnv } from '../host/host-resolution.js';
import { type EngineFactProbe, gatherHostFacts } from '../host/host-resolution-facts.js';
import { engineProduct } from '../podman/dialect.js';
import type { RawContainerInspect } from '../raw-types.js';
import { logEngineCalls } from './call-log.js';

/** How to reach the engine. Every field is optional; DOCKER_HOST and the default socket are used otherwise. */
export interface EngineOptions {
  /** Engine address: `unix:///var/run/docker.sock`, `tcp://host:2375`. @default DOCKER_HOST, then the usual local sockets */
  readonly host?: string;
  /** How long to wait for the engine to answer its first request. @default 3_000 */
  readonly connectTimeoutMs?: number;
  /**
   * The address published ports are reached on; skips host resolution.
   * @default detected: see docs/topologies.md ($SEAWORTHY_HOST, else 127.0.0.1 for a local engine,
   * the tcp host for a remote one, each container's network address in a sibling container)
   */
  readonly hostAddress?: string;
  /** Environment to read DOCKER_HOST, SEAWORTHY_HOST & co. from. @default process.env */
  readonly env?: EngineEnv;
}

/** The variables an engine connection reads. */
export type EngineEnv = EndpointEnv & HostEnv & CertEnv;

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
export async function openConnection(options: EngineOptions = {}): Promise<OpenConnection> {
  const env = options.env ?? (process.env as EngineEnv);
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  assertDuration('engine.connectTimeoutMs', timeoutMs);
  const attempts: EngineAttempt[] = [];
  let lastError: unknown;
  for (const endpoint of candidateEndpoints(options.host, env)) {
    const modemOptions = dockerodeOptions(endpoint, env);
    const probe = logEngineCalls(new Dockerode({ ...modemOptions, timeout: timeoutMs }));
    let version: EngineVersion;
    try {
      const raw = (await probe.version()) as unknown as Record<string, string>;
      version = {
        version: raw.Version ?? 'unknown',
        apiVersion: raw.ApiVersion ?? 'unknown',
        minApiVersion: raw.MinAPIVersion ?? 'unknown',
        os: raw.Os ?? 'unknown',
        arch: raw.Arch ?? 'unknown',
        product: engineProduct(raw),
      };
    } catch (error) {
      lastError = error;
      attempts.push({ host: describeEndpoint(endpoint), source: endpoint.source, reason: reasonOf(error, timeoutMs) });
      continue;
    }
    // Never throws: a failed lookup is a fact like any other.
    const facts = await gatherHostFacts({
      probe: factProbe(probe),
      endpoint,
      env,
      hostAddressOption: options.hostAddress,
    });
    return {
      docker: logEngineCalls(new Dockerode(modemOptions)),
      endpoint,
      version,
      hostResolution: { facts, decision: decideHost(facts) },
    };
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

function dockerodeOptions(endpoint: EngineEndpoint, env: CertEnv): Dockerode.DockerOptions {
  if (endpoint.kind === 'unix') return { socketPath: endpoint.socketPath };
  if (!endpoint.tls) return { host: endpoint.host, port: endpoint.port, protocol: 'http' };
  const certDir = certDirectory(env);
  const read = (file: string) => readFileSync(join(certDir, file));
  return {
    host: endpoint.host,
    port: endpoint.port,
    protocol: 'https',
    ca: read('ca.pem'),
    cert: read('cert.pem'),
    key: read('key.pem'),
  };
}
