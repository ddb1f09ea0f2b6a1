import { InvalidOptionError, ServiceAuthError, ServiceCommandError } from '../errors/index.js';
import { type HttpClient, type HttpMethod, type HttpResponse, httpClient } from '../http/http-client.js';
import { ContainerDefinition } from '../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../resources/handles/container.js';
import { amqpHandshake } from './amqp-handshake.js';
import { defaultImage } from './default-image.js';
import { runTool, serviceStepError } from './run-tool.js';
import { maskPassword, serviceUrl, type UrlFrom } from './service-url.js';

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
  /** @default 90_000 (the broker's Erlang VM takes a few seconds to boot) */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

/** The official image's default tag. */
export const RABBITMQ_IMAGE = 'rabbitmq:4';

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

  constructor(options: RabbitMqOptions = {}) {
    const vhost = options.vhost ?? '/';
    const user = options.user ?? 'test';
    const password = options.password ?? 'test';
    if (user === '' || password === '') {
      throw new InvalidOptionError(user === '' ? 'user' : 'password', 'must not be empty');
    }
    const management = options.management ?? false;
    const extra = options.container ?? {};
    super(options.name ?? 'rabbitmq', {
      ...extra,
      image: options.image ?? defaultImage('rabbitmq', RABBITMQ_IMAGE),
      env: {
        ...extra.env,
        RABBITMQ_DEFAULT_USER: user,
        RABBITMQ_DEFAULT_PASS: password,
        RABBITMQ_DEFAULT_VHOST: vhost,
        ...(management ? { RABBITMQ_ENABLED_PLUGINS: 'rabbitmq_management' } : {}),
      },
      ports: [5672, ...(management ? [15672] : []), ...(extra.ports ?? [])],
      wait: amqpHandshake(5672),
      startupTimeoutMs: options.startupTimeoutMs ?? 90_000,
    });
    this.vhost = vhost;
    this.user = user;
    this.password = password;
    this.management = management;
  }

  override createHandle(init: ContainerInit): RabbitMqContainer {
    return new RabbitMqContainer(init, this);
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

  constructor(init: ContainerInit, definition: RabbitMqDefinition) {
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
   * Leave no queue or exchange that tests declared: the vhost is deleted and
   * made again, with the user's permissions. With the management plugin this
   * goes through its HTTP API (milliseconds); without it, through three
   * `rabbitmqctl` calls in one exec (each starts an Erlang VM: seconds).
   */
  async clean(): Promise<void> {
    if (this.management) {
      await this.cleanOverHttp();
      return;
    }
    const v = shellQuote(this.vhost);
    const u = shellQuote(this.user);
    await runTool(this, [
      'sh',
      '-c',
      `rabbitmqctl --quiet delete_vhost ${v} && rabbitmqctl --quiet add_vhost ${v} && ` +
        `rabbitmqctl --quiet set_permissions -p ${v} ${u} '.*' '.*' '.*'`,
    ]);
  }

  private async cleanOverHttp(): Promise<void> {
    this.managementApi ??= httpClient(this, 15672, {
      headers: { authorization: `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}` },
    });
    const api = this.managementApi;
    const vhost = encodeURIComponent(this.vhost);
    const steps: [HttpMethod, string, unknown?][] = [
      ['DELETE', `/api/vhosts/${vhost}`],
      ['PUT', `/api/vhosts/${vhost}`, {}],
      [
        'PUT',
        `/api/permissions/${vhost}/${encodeURIComponent(this.user)}`,
        { configure: '.*', write: '.*', read: '.*' },
      ],
    ];
    for (const [method, path, json] of steps) {
      let response: HttpResponse;
      try {
        response = await api.request(path, { method, ...(json !== undefined ? { json } : {}) });
      } catch (error) {
        throw await serviceStepError(this, `${method} ${path}`, error);
      }
      if (response.status >= 300 && !(method === 'DELETE' && response.status === 404)) {
        throw new ServiceCommandError(
          this.definition.name,
          [method, path],
          undefined,
          `HTTP ${response.status}: ${response.text}`,
        );
      }
    }
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

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
