import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { describeEndpoint, type EngineEndpoint } from '../engine/endpoint.js';
import { EngineRequestError, EngineUnavailableError } from '../errors.js';
import type { LabelledResource, ResourceKind } from './leftovers.js';

/** Where the TLS client files are: the same rule as the engine connection. */
export interface CertEnv {
  readonly DOCKER_CERT_PATH?: string;
  readonly HOME?: string;
}

/** The directory holding ca.pem, cert.pem and key.pem for a TLS engine. */
export function certDirectory(env: CertEnv): string {
  return env.DOCKER_CERT_PATH ?? join(env.HOME ?? '', '.docker');
}

/** How a removal ended: removed now, or already gone. */
export type RemovalOutcome = 'removed' | 'gone';

/**
 * The few Engine API calls cleanup needs: list by label with the labels and
 * creation times, and remove. It speaks HTTP to the endpoint directly (as the
 * watchdog does), because the engine layer lists ids only.
 */
export interface CleanupClient {
  /** Every container, network and volume matching all `labels` (`key` or `key=value`). */
  list(labels: readonly string[]): Promise<LabelledResource[]>;
  /**
   * Remove one resource; a container is killed first, with its anonymous
   * volumes. Rejects with {@link EngineRequestError} when the engine refuses
   * ({@link isBusy} tells the refusals worth retrying).
   */
  remove(kind: ResourceKind, id: string): Promise<RemovalOutcome>;
}

interface RawContainer {
  Id: string;
  Names?: string[];
  Labels?: Record<string, string> | null;
  Created?: number;
}
interface RawNetwork {
  Id: string;
  Name: string;
  Labels?: Record<string, string> | null;
  Created?: string;
}
interface RawVolume {
  Name: string;
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
}

const REQUEST_TIMEOUT_MS = 15_000;

/** A {@link CleanupClient} for `endpoint`. */
export function cleanupClient(endpoint: EngineEndpoint, env: CertEnv = process.env): CleanupClient {
  const call = (method: string, path: string, body?: object) => send(endpoint, env, method, path, body);
  return {
    async list(labels) {
      const filters = encodeURIComponent(JSON.stringify({ label: labels }));
      const [containers, networks, volumes] = await Promise.all([
        call('GET', `/containers/json?all=1&filters=${filters}`).then((r) => expectOk<RawContainer[]>(r, 'list')),
        call('GET', `/networks?filters=${filters}`).then((r) => expectOk<RawNetwork[]>(r, 'list')),
        call('GET', `/volumes?filters=${filters}`).then((r) => expectOk<{ Volumes?: RawVolume[] | null }>(r, 'list')),
      ]);
      return [
        ...containers.map(
          (c): LabelledResource => ({
            kind: 'container',
            id: c.Id,
            name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
            labels: c.Labels ?? {},
            createdAt: c.Created ? new Date(c.Created * 1000) : undefined,
          }),
        ),
        ...networks.map(
          (n): LabelledResource => ({
            kind: 'network',
            id: n.Id,
            name: n.Name,
            labels: n.Labels ?? {},
            createdAt: parseDate(n.Created),
          }),
        ),
        ...(volumes.Volumes ?? []).map(
          (v): LabelledResource => ({
            kind: 'volume',
            id: v.Name,
            name: v.Name,
            labels: v.Labels ?? {},
            createdAt: parseDate(v.CreatedAt),
          }),
        ),
      ];
    },

    async remove(kind, id) {
      const path =
        kind === 'container'
          ? `/containers/${encodeURIComponent(id)}?force=1&v=1`
          : `/${kind}s/${encodeURIComponent(id)}`;
      let response = await call('DELETE', path);
      if (kind === 'network' && response.status === 403) {
        // Endpoints left: a container of another owner joined it, e.g. the
        // runner's own container in the sibling topology. Ours to remove, so
        // detach them and try once more.
        await detachEndpoints(call, id);
        response = await call('DELETE', path);
      }
      if (response.status < 300) return 'removed';
      if (response.status === 404) return 'gone';
      throw new EngineRequestError(`remove ${kind} ${id}`, response.status, messageOf(response));
    },
  };
}

/** Disconnect (forcibly) every container still attached to a network; one that is already gone is fine. */
async function detachEndpoints(
  call: (method: string, path: string, body?: object) => Promise<Response>,
  networkId: string,
): Promise<void> {
  const network = `/networks/${encodeURIComponent(networkId)}`;
  const inspected = await call('GET', network);
  if (inspected.status >= 300) return;
  const attached = Object.keys((JSON.parse(inspected.body) as { Containers?: object | null }).Containers ?? {});
  await Promise.all(
    attached.map((container) => call('POST', `${network}/disconnect`, { Container: container, Force: true })),
  );
}

/**
 * A refusal that should pass: a container someone else is removing (409), a
 * volume still mounted (409), a network with endpoints still attached (403).
 */
export function isBusy(error: unknown): boolean {
  if (!(error instanceof EngineRequestError)) return false;
  return error.statusCode === 409 || (error.statusCode === 403 && error.operation.startsWith('remove network'));
}

interface Response {
  readonly status: number;
  readonly body: string;
}

function expectOk<T>(response: Response, operation: string): T {
  if (response.status >= 300) throw new EngineRequestError(operation, response.status, messageOf(response));
  return JSON.parse(response.body) as T;
}

function messageOf(response: Response): string {
  try {
    return (JSON.parse(response.body) as { message?: string }).message ?? response.body;
  } catch {
    return response.body.trim() || '(empty answer)';
  }
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function send(endpoint: EngineEndpoint, env: CertEnv, method: string, path: string, body?: object): Promise<Response> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const options: RequestOptions = {
    method,
    path,
    agent: false,
    timeout: REQUEST_TIMEOUT_MS,
    headers: payload === undefined ? { Host: 'docker' } : { Host: 'docker', 'Content-Type': 'application/json' },
  };
  let request = httpRequest;
  if (endpoint.kind === 'unix') {
    options.socketPath = endpoint.socketPath;
  } else {
    options.host = endpoint.host;
    options.port = endpoint.port;
    if (endpoint.tls) {
      request = httpsRequest;
      const dir = certDirectory(env);
      Object.assign(options, {
        ca: readFileSync(join(dir, 'ca.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
        key: readFileSync(join(dir, 'key.pem')),
      });
    }
  }
  return new Promise<Response>((resolve, reject) => {
    const req = request(options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new EngineUnavailableError(
          [
            {
              host: describeEndpoint(endpoint),
              source: endpoint.source,
              reason: `${method} ${path}: ${error.message}`,
            },
          ],
          error,
        ),
      );
    });
    req.end(payload);
  });
}
