import { InvalidOptionError } from '../../errors/index.js';
import {
  ContainerDefinition,
  type ContainerHost,
  type SetupOptions,
} from '../../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../../resources/definitions/container-options.js';
import type { CopyInEntry } from '../../resources/files/copy-entry.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { http } from '../../waits/http.js';
import { withDataTmpfs } from '../shared/data-tmpfs.js';
import { defaultImage } from '../shared/default-image.js';
import { checkLogin, htpasswdFile, type RegistryLogin } from './htpasswd.js';
import { RegistryApi, type RegistryManifest } from './registry-api.js';
import { makeRegistryCertificates } from './registry-tls.js';

export type { RegistryLogin } from './htpasswd.js';
export type { RegistryManifest } from './registry-api.js';

export interface RegistryOptions {
  /** Definition name: the container's alias on the helper network. @default 'registry' */
  readonly name?: string;
  /** @default `SEAWORTHY_REGISTRY_IMAGE` if set, else 'registry:2' (the official image); any image with the same contract works */
  readonly image?: string;
  /**
   * Require this login (htpasswd, basic auth). Seaworthy writes the htpasswd
   * file (bcrypt) and copies it in. @default none: anyone may push and pull
   */
  readonly auth?: RegistryLogin;
  /**
   * Serve HTTPS with a certificate signed by a throwaway CA made for this
   * definition (for localhost, 127.0.0.1, ::1 and the definition's name);
   * the handle's `caPem` is the CA. @default false: plain HTTP
   */
  readonly tls?: boolean;
  /** Allow deleting manifests through the API (`REGISTRY_STORAGE_DELETE_ENABLED`). @default false, as in the official image */
  readonly deleteEnabled?: boolean;
  /** Keep the stored images (/var/lib/registry) on tmpfs: nothing written to disk. @default true */
  readonly tmpfs?: boolean;
  /** @default 30_000 */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, files, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

/** The official image's default tag. */
export const REGISTRY_IMAGE = 'registry:2';
/** The port the registry listens on in the container. */
const PORT = 5000;
/** Where seaworthy puts the htpasswd file and the certificate (outside the registry's own paths). */
const DIR = '/etc/seaworthy-registry';

/**
 * What TLS and auth need before the container exists: the htpasswd file and
 * the certificates, made once per definition (certificates are made
 * asynchronously, so not in the constructor) and copied in with the
 * definition's `files`.
 */
class RegistrySecrets {
  caPem: string | undefined;
  private made: Promise<void> | undefined;

  constructor(
    private readonly names: readonly string[],
    private readonly login: RegistryLogin | undefined,
    private readonly tls: boolean,
    /** The definition's own `files` list, which the secrets are appended to once. */
    private readonly files: CopyInEntry[],
  ) {}

  /** Make them (once; a failed attempt is tried again on the next setup). */
  ready(): Promise<void> {
    this.made ??= this.make().catch((error: unknown) => {
      this.made = undefined;
      throw error;
    });
    return this.made;
  }

  private async make(): Promise<void> {
    const entries: CopyInEntry[] = [];
    if (this.login) entries.push({ target: `${DIR}/htpasswd`, content: await htpasswdFile(this.login), mode: 0o644 });
    let caPem: string | undefined;
    if (this.tls) {
      const certificates = await makeRegistryCertificates(this.names);
      entries.push(
        { target: `${DIR}/server.pem`, content: certificates.certPem, mode: 0o644 },
        { target: `${DIR}/server-key.pem`, content: certificates.keyPem, mode: 0o600 },
      );
      caPem = certificates.caPem;
    }
    this.files.push(...entries);
    this.caPem = caPem;
  }
}

/**
 * A container registry (the distribution registry, API v2) that the engine
 * can push to and pull from: published on 127.0.0.1, which the engine treats
 * as an insecure registry by default, so plain HTTP and a self-signed
 * certificate both work without configuring the daemon. Ready once `/v2/`
 * answers (200, or 401 with `auth`).
 */
export class RegistryDefinition extends ContainerDefinition<RegistryContainer> {
  readonly login: RegistryLogin | undefined;
  readonly tls: boolean;
  private readonly secrets: RegistrySecrets;

  constructor(options: RegistryOptions = {}) {
    const name = options.name ?? 'registry';
    const login = options.auth === undefined ? undefined : checkLogin('auth', options.auth);
    const tls = checkFlag('tls', options.tls);
    const deleteEnabled = checkFlag('deleteEnabled', options.deleteEnabled);
    const extra = options.container ?? {};
    // Appended to by RegistrySecrets before the first setup (see there).
    const files: CopyInEntry[] = [...(extra.files ?? [])];
    const secrets = new RegistrySecrets([name, ...(extra.aliases ?? [])], login, tls, files);
    super(name, {
      ...extra,
      image: options.image ?? defaultImage('registry', REGISTRY_IMAGE),
      env: {
        ...extra.env,
        ...(login
          ? {
              REGISTRY_AUTH: 'htpasswd',
              REGISTRY_AUTH_HTPASSWD_REALM: 'seaworthy registry',
              REGISTRY_AUTH_HTPASSWD_PATH: `${DIR}/htpasswd`,
            }
          : {}),
        ...(tls
          ? { REGISTRY_HTTP_TLS_CERTIFICATE: `${DIR}/server.pem`, REGISTRY_HTTP_TLS_KEY: `${DIR}/server-key.pem` }
          : {}),
        ...(deleteEnabled ? { REGISTRY_STORAGE_DELETE_ENABLED: 'true' } : {}),
      },
      ports: [PORT, ...(extra.ports ?? [])],
      mounts: withDataTmpfs(options.tmpfs, '/var/lib/registry', extra.mounts),
      files,
      wait: apiAnswers(secrets),
      ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
    });
    this.login = login;
    this.tls = tls;
    this.secrets = secrets;
  }

  /** With `tls`, the CA (PEM) of its certificate, once made by the first `setup()` or `create()`. */
  get caPem(): string | undefined {
    return this.secrets.caPem;
  }

  /** Make the htpasswd file and certificates first (once), then set up as usual. */
  override async setup(helper: ContainerHost, options: SetupOptions = {}): Promise<RegistryContainer> {
    await this.secrets.ready();
    return super.setup(helper, options);
  }

  /** Make the htpasswd file and certificates first (once), then create as usual. */
  override async create(helper: ContainerHost, options: SetupOptions = {}): Promise<RegistryContainer> {
    await this.secrets.ready();
    return super.create(helper, options);
  }

  override createHandle(init: ContainerInit): RegistryContainer {
    return new RegistryContainer(init, this);
  }
}

/** `GET /v2/` answers 200, or 401 when a login is required: the API is up. */
function apiAnswers(secrets: RegistrySecrets): WaitStrategy {
  return {
    description: `the registry API answering GET :${PORT}/v2/ (HTTP 200, or 401 with auth)`,
    wait(context: WaitContext): Promise<void> {
      const ca = secrets.caPem;
      return http({
        port: PORT,
        path: '/v2/',
        status: (status) => status === 200 || status === 401,
        ...(ca ? { ca } : {}),
      }).wait(context);
    },
  };
}

function checkFlag(option: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidOptionError(option, `${JSON.stringify(value)} must be true or false`);
  }
  return value ?? false;
}

/**
 * A live registry: where the engine pushes (`address`), where this process
 * talks to it (`url`), its CA and login, and a small API client.
 */
export class RegistryContainer extends Container {
  /** The CA (PEM) its certificate chains to, with `tls: true`; trust it to call the API yourself. */
  readonly caPem: string | undefined;
  /** The login it requires, with `auth`. */
  readonly credentials: RegistryLogin | undefined;
  private readonly api: RegistryApi;

  constructor(init: ContainerInit, definition: RegistryDefinition) {
    super(init);
    this.caPem = definition.caPem;
    this.credentials = definition.login;
    this.api = new RegistryApi(() => this.url, { ca: this.caPem, login: this.credentials });
    this.onTeardown(() => this.api.close());
  }

  /**
   * `127.0.0.1:<published port>`: the registry part of image references the
   * engine pushes and pulls (`${registry.address}/team/app:1.0`). The engine
   * resolves it on its own host, where the port is published, and treats
   * 127.0.0.0/8 as an insecure registry, so it needs no daemon settings.
   */
  get address(): string {
    return `127.0.0.1:${this.hostPort(PORT)}`;
  }

  /** `http(s)://<host>:<port>`: the registry's base URL from this process (for its HTTP API). */
  get url(): string {
    return this.baseUrl(PORT, this.caPem ? 'https' : 'http');
  }

  /** `<definition name>:5000`: the registry from another container on the helper network. */
  get networkAddress(): string {
    return `${this.definition.name}:${PORT}`;
  }

  /** Every repository in the registry, sorted (`GET /v2/_catalog`). */
  catalog(): Promise<string[]> {
    return this.api.catalog();
  }

  /** The tags of `repository` (`team/app`, no registry part), sorted; empty when it does not exist. */
  tags(repository: string): Promise<string[]> {
    return this.api.tags(repository);
  }

  /** Whether `repository` has a manifest for `reference` (a tag or `sha256:…` digest), and its digest. */
  manifest(repository: string, reference: string): Promise<RegistryManifest> {
    return this.api.manifest(repository, reference);
  }
}
