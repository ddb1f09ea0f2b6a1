import { Pool } from 'undici';
import { InvalidOptionError, RegistryRequestError } from '../../errors/index.js';
import type { RegistryLogin } from './htpasswd.js';

/** What `manifest()` found for a repository and a tag or digest. */
export interface RegistryManifest {
  /** False when the registry has no such manifest (HTTP 404). */
  readonly exists: boolean;
  /** `sha256:…`, the registry's `Docker-Content-Digest`; set when it exists. */
  readonly digest?: string;
  /** The manifest's media type (a Docker v2 or OCI manifest, or an index); set when it exists. */
  readonly mediaType?: string;
}

/** Every manifest kind a registry may hold for a tag: single-platform manifests and multi-platform indexes. */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** Repository names as the distribution spec allows them: lower-case path components. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$/;
/** The largest page the client asks for; the registry may send less, and a `Link` header for the rest. */
const PAGE = 1_000;

/**
 * A small client for a registry's HTTP API (v2): the catalog, tag lists and
 * manifests. Basic auth when given a login; TLS verified against `ca` when
 * given. Connections are kept open until `close()`.
 */
export class RegistryApi {
  private pool: Pool | undefined;
  private poolOrigin: string | undefined;

  /** `origin` is called for each request: a restart can publish the registry on another port. */
  constructor(
    private readonly origin: () => string,
    private readonly options: { readonly ca?: string | undefined; readonly login?: RegistryLogin | undefined } = {},
  ) {}

  /** Every repository in the registry, sorted. */
  async catalog(): Promise<string[]> {
    const names: string[] = [];
    for await (const page of this.pages<{ repositories?: string[] | null }>(`/v2/_catalog?n=${PAGE}`)) {
      names.push(...(page?.repositories ?? []));
    }
    return [...new Set(names)].sort();
  }

  /** The tags of `repository`, sorted; empty when the registry does not know the repository. */
  async tags(repository: string): Promise<string[]> {
    checkRepository(repository);
    const tags: string[] = [];
    for await (const page of this.pages<{ tags?: string[] | null }>(`/v2/${repository}/tags/list?n=${PAGE}`, true)) {
      tags.push(...(page?.tags ?? []));
    }
    return [...new Set(tags)].sort();
  }

  /** Whether `repository` has a manifest for `reference` (a tag or a digest), and its digest. */
  async manifest(repository: string, reference: string): Promise<RegistryManifest> {
    checkRepository(repository);
    if (typeof reference !== 'string' || !(TAG.test(reference) || DIGEST.test(reference))) {
      throw new InvalidOptionError(
        'reference',
        `${JSON.stringify(reference)} is neither a tag (letters, digits, '_', '.', '-'; at most 128) nor a digest (sha256:…)`,
      );
    }
    const answer = await this.send('HEAD', `/v2/${repository}/manifests/${reference}`, { accept: MANIFEST_TYPES });
    if (answer.status === 404) return { exists: false };
    if (answer.status !== 200) throw this.failed('HEAD', answer.path, answer.status, answer.body);
    const digest = header(answer.headers, 'docker-content-digest');
    const mediaType = header(answer.headers, 'content-type');
    return { exists: true, ...(digest ? { digest } : {}), ...(mediaType ? { mediaType } : {}) };
  }

  /** Close the connections. Idempotent. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool && !pool.closed && !pool.destroyed) await pool.close().catch(() => undefined);
  }

  /** Each page of a paginated listing (`Link: <…>; rel="next"`); with `missingIsEmpty`, a 404 is no pages. */
  private async *pages<T>(first: string, missingIsEmpty = false): AsyncGenerator<T | undefined> {
    for (let path: string | undefined = first; path !== undefined; ) {
      const answer = await this.send('GET', path, { accept: 'application/json' });
      if (answer.status === 404 && missingIsEmpty) return;
      if (answer.status !== 200) throw this.failed('GET', path, answer.status, answer.body);
      try {
        yield JSON.parse(answer.body) as T;
      } catch (error) {
        throw this.failed('GET', path, answer.status, `not JSON: ${answer.body}`, error);
      }
      path = nextPage(header(answer.headers, 'link'));
    }
  }

  private async send(method: 'GET' | 'HEAD', path: string, headers: Record<string, string>) {
    const login = this.options.login;
    const auth = login
      ? { authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` }
      : {};
    try {
      const response = await this.poolFor(this.origin()).request({
        path,
        method,
        headers: { ...headers, ...auth },
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      let body = '';
      if (method === 'HEAD') await response.body.dump();
      else body = await response.body.text();
      return { path, status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw this.failed(method, path, undefined, '', error);
    }
  }

  private poolFor(origin: string): Pool {
    if (this.pool && this.poolOrigin === origin) return this.pool;
    void this.close();
    this.poolOrigin = origin;
    this.pool = new Pool(origin, { connections: 4, ...(this.options.ca ? { connect: { ca: this.options.ca } } : {}) });
    return this.pool;
  }

  private failed(method: string, path: string, status: number | undefined, body: string, cause?: unknown) {
    return new RegistryRequestError(method, `${this.poolOrigin ?? this.origin()}${path}`, status, body, cause);
  }
}

function checkRepository(repository: unknown): void {
  if (typeof repository !== 'string' || !REPOSITORY.test(repository) || repository.length > 255) {
    throw new InvalidOptionError(
      'repository',
      `${JSON.stringify(repository)} is not a repository name: lower-case letters and digits, ` +
        "separated by '.', '_', '__' or '-', in path components joined by '/' (e.g. 'team/app'), with no registry host",
    );
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The path of the `rel="next"` link of a `Link` header, if any. */
function nextPage(link: string | undefined): string | undefined {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  if (!match?.[1]) return undefined;
  const target = match[1];
  return target.startsWith('/') ? target : new URL(target).pathname + new URL(target).search;
}
