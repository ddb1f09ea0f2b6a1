import { InvalidOptionError, ServiceAuthError, ServiceCommandError } from '../../errors/index.js';
import { type HttpClient, httpClient } from '../../http/http-client.js';
import { ContainerDefinition } from '../../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import { withDataTmpfs } from '../shared/data-tmpfs.js';
import { defaultImage } from '../shared/default-image.js';
import { runTool, serviceStepError } from '../shared/run-tool.js';
import { maskPassword, serviceUrl, type UrlFrom } from '../shared/service-url.js';
import { amqpHandshake } from './amqp-handshake.js';
import {
  type BrokerDefinitions,
  basicAuth,
  ManagementStepError,
  RESET_COMMAND,
  resetOverHttp,
  withBaseline,
} from './rabbitmq-reset.js';

export interface RabbitMqOptions {
  /** Definition name: the container's alias on the helper network. @default 'rabbitmq' */
  readonly name?: string;
  /** @default `SEAWORTHY_RABBITMQ_IMAGE` if set, else 'rabbitmq:4' (the official image); any image with the same contract works */
  readonly image?: string;
  /** RABBITMQ_DEFAULT_VHOST. @default '/' */
  readonly vhost?: string;
  /** RABBITMQ_DEFAULT_USER. @default 'test' */
  readonly user?: string;
  /** RABBITMQ_DEFAULT_PASS. @default 'test' */
  readonly password?: string;
  /** Enable the management plugin (HTTP API and UI on 15672, published). @default false */
  readonly management?: boolean;
  /**
   * Keep the broker's data directory (`/var/lib/rabbitmq`: the node's database,
   * message store and Erlang cookie) on tmpfs: nothing is written to disk, and it
   * is gone with the container. A mount of your own on `/var/lib/rabbitmq`
   * (in `container.mounts`) takes its place. @default true
   */
  readonly tmpfs?: boolean;
  /** @default 90_000 (the broker's Erlang VM takes a few seconds to boot) */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

/** The official image's default tag. */
export const RABBITMQ_IMAGE = 'rabbitmq:4';
/** The image's data directory and HOME (a declared VOLUME in the official image). */
const DATA_DIR = '/var/lib/rabbitmq';

/** A queue and how many messages it holds. */
export interface QueueInfo {
  readonly name: string;
  readonly messages: number;
}

/**
 * A RabbitMQ broker, configured through the official image's environment
 * (RABBITMQ_DEFAULT_USER/PASS/VHOST). Ready once it answers an AMQP
 * handshake on 5672, published on 127.0.0.1. `management: true` enables the
 * management plugin through RABBITMQ_ENABLED_PLUGINS (a rabbitmq-server
 * setting, so it works with the plain image too) and publishes 15672.
 */
export class RabbitMqDefinition extends ContainerDefinition<RabbitMqContainer> {
  readonly vhost: string;
  readonly user: string;
  readonly password: string;
  readonly management: boolean;
  /** With management: the definitions each container had at readiness, until its handle takes them. */
  private readonly baselines: Map<string, BrokerDefinitions>;

  constructor(options: RabbitMqOptions = {}) {
    const vhost = options.vhost ?? '/';
    const user = options.user ?? 'test';
    const password = options.password ?? 'test';
    if (user === '' || password === '') {
      throw new InvalidOptionError(user === '' ? 'user' : 'password', 'must not be empty');
    }
    const management = options.management ?? false;
    const extra = options.container ?? {};
    const baselines = new Map<string, BrokerDefinitions>();
    super(options.name ?? 'rabbitmq', {
      ...extra,
      mounts: withDataTmpfs(options.tmpfs, DATA_DIR, extra.mounts),
      image: options.image ?? defaultImage('rabbitmq', RABBITMQ_IMAGE),
      env: {
        ...extra.env,
        RABBITMQ_DEFAULT_USER: user,
        RABBITMQ_DEFAULT_PASS: password,
        RABBITMQ_DEFAULT_VHOST: vhost,
        ...(management ? { RABBITMQ_ENABLED_PLUGINS: 'rabbitmq_management' } : {}),
      },
      ports: [5672, ...(management ? [15672] : []), ...(extra.ports ?? [])],
      // With the management API, its definitions are read as part of readiness: the start state clean() restores.
      wait: management
        ? withBaseline(amqpHandshake(5672), 15672, basicAuth(user, password), (id, baseline) =>
            baselines.set(id, baseline),
          )
        : amqpHandshake(5672),
      startupTimeoutMs: options.startupTimeoutMs ?? 90_000,
    });
    this.vhost = vhost;
    this.user = user;
    this.password = password;
    this.management = management;
    this.baselines = baselines;
  }

  override createHandle(init: ContainerInit): RabbitMqContainer {
    const baseline = this.baselines.get(init.id);
    this.baselines.delete(init.id);
    return new RabbitMqContainer(init, this, baseline);
  }

  /** For clean fixtures: `cleanContainer(rabbitmq)` calls this before each test. */
  clean(container: RabbitMqContainer): Promise<void> {
    return container.clean();
  }
}

/** A live RabbitMQ: AMQP URLs, `rabbitmqctl`, listings and `clean()`. */
export class RabbitMqContainer extends Container {
  readonly vhost: string;
  readonly user: string;
  readonly password: string;
  readonly management: boolean;
  private managementApi: HttpClient | undefined;

  constructor(
    init: ContainerInit,
    definition: RabbitMqDefinition,
    private readonly baseline?: BrokerDefinitions,
  ) {
    super(init);
    this.vhost = definition.vhost;
    this.user = definition.user;
    this.password = definition.password;
    this.management = definition.management;
  }

  /** `amqp://user:password@host:port/vhost`, from the host (default) or another container on the network. */
  url(from: UrlFrom = 'host'): string {
    return serviceUrl(
      this,
      { scheme: 'amqp', user: this.user, password: this.password, port: 5672, path: this.vhost },
      from,
    );
  }

  /** Base URL of the management HTTP API (with `management: true`). */
  managementUrl(): string {
    return this.baseUrl(15672);
  }

  /** Run `rabbitmqctl` with these arguments and return its output. */
  rabbitmqctl(...args: string[]): Promise<string> {
    return runTool(this, ['rabbitmqctl', ...args]);
  }

  async listVhosts(): Promise<string[]> {
    return rows(await this.rabbitmqctl('list_vhosts', '--quiet', '--no-table-headers', 'name')).map(([n]) => n ?? '');
  }

  async listUsers(): Promise<string[]> {
    return rows(await this.rabbitmqctl('list_users', '--quiet', '--no-table-headers')).map(([n]) => n ?? '');
  }

  /** Queues of a vhost with their depth. @param vhost @default the definition's vhost */
  async listQueues(vhost = this.vhost): Promise<QueueInfo[]> {
    const output = await this.rabbitmqctl(
      'list_queues',
      '--quiet',
      '--no-table-headers',
      '-p',
      vhost,
      'name',
      'messages',
    );
    return rows(output)
      .map(([name, messages]) => ({ name: name ?? '', messages: Number(messages ?? 0) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Exchanges tests declared in a vhost (not the built-in `amq.*` ones or the default exchange). */
  async listExchanges(vhost = this.vhost): Promise<string[]> {
    const output = await this.rabbitmqctl('list_exchanges', '--quiet', '--no-table-headers', '-p', vhost, 'name');
    return rows(output)
      .map(([name]) => name ?? '')
      .filter((name) => name !== '' && !name.startsWith('amq.'))
      .sort();
  }

  /**
   * Back to the state right after start: vhosts, users, global parameters,
   * queues, exchanges, bindings, policies and permissions tests added go, and
   * the default user, its vhost and permissions are as they were. Connections
   * to a vhost are closed when it goes. With the management plugin this goes
   * through its HTTP API against the definitions read at readiness
   * (milliseconds); without it, or when the API refuses the default user (a
   * test changed or deleted it), the node is reset with `rabbitmqctl`
   * (stop the app, reset, start again: seconds).
   */
  async clean(): Promise<void> {
    if (this.management && this.baseline) {
      this.managementApi ??= httpClient(this, 15672, { headers: basicAuth(this.user, this.password) });
      try {
        await resetOverHttp(this.managementApi, this.baseline);
        return;
      } catch (error) {
        if (!(error instanceof ManagementStepError)) throw await serviceStepError(this, 'clean', error);
        if (error.status !== 401) {
          throw new ServiceCommandError(this.definition.name, [error.step], undefined, error.message);
        }
      }
    }
    await runTool(this, RESET_COMMAND, { shown: ['rabbitmqctl', 'stop_app, reset, start_app'] });
  }

  /** Check that a URL's user and password are accepted; throws {@link ServiceAuthError} if not. */
  async checkUrl(url: string): Promise<void> {
    const parsed = new URL(url);
    const result = await this.exec([
      'rabbitmqctl',
      '--quiet',
      'authenticate_user',
      decodeURIComponent(parsed.username),
      decodeURIComponent(parsed.password),
    ]);
    if (result.exitCode !== 0) {
      throw new ServiceAuthError(this.definition.name, maskPassword(url), result.stderr || result.stdout);
    }
  }
}

/** Tab-separated rows of rabbitmqctl's quiet output. */
function rows(output: string): string[][] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.split('\t'));
}
