import { ServiceAuthError, ServiceCommandError } from '../../errors/index.js';
import { ContainerDefinition } from '../../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import { logLine } from '../../waits/log.js';
import { withDataTmpfs } from '../shared/data-tmpfs.js';
import { defaultImage } from '../shared/default-image.js';
import { runTool, serviceStepError } from '../shared/run-tool.js';
import { maskPassword, serviceUrl, type UrlFrom } from '../shared/service-url.js';
import { type RespReply, sendRedisCommands } from './resp.js';

export interface RedisOptions {
  /** Definition name: the container's alias on the helper network. @default 'redis' */
  readonly name?: string;
  /** @default `SEAWORTHY_REDIS_IMAGE` if set, else 'redis:8' (the official image); any image with the same contract works */
  readonly image?: string;
  /** Require this password (`redis-server --requirepass`). @default none */
  readonly password?: string;
  /**
   * Keep the data directory (`/data`, where RDB and AOF files go) on tmpfs:
   * nothing is written to disk, and it is gone with the container. A mount of
   * your own on `/data` (in `container.mounts`) takes its place. @default true
   */
  readonly tmpfs?: boolean;
  /** @default 30_000 */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'command' | 'wait'>;
}

/** The official image's default tag. */
export const REDIS_IMAGE = 'redis:8';

/**
 * A Redis server. Ready once it logs "Ready to accept connections"; port
 * 6379 is published on 127.0.0.1.
 */
export class RedisDefinition extends ContainerDefinition<RedisContainer> {
  readonly password: string | undefined;

  constructor(options: RedisOptions = {}) {
    const extra = options.container ?? {};
    super(options.name ?? 'redis', {
      ...extra,
      mounts: withDataTmpfs(options.tmpfs, '/data', extra.mounts),
      image: options.image ?? defaultImage('redis', REDIS_IMAGE),
      command: ['redis-server', ...(options.password !== undefined ? ['--requirepass', options.password] : [])],
      ports: [6379, ...(extra.ports ?? [])],
      wait: logLine(/Ready to accept connections/),
      ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
    });
    this.password = options.password;
  }

  override createHandle(init: ContainerInit): RedisContainer {
    return new RedisContainer(init, this.password);
  }

  /** For clean fixtures: `cleanContainer(redis)` calls this before each test. */
  clean(container: RedisContainer): Promise<void> {
    return container.clean();
  }
}

/** A live Redis: URLs, `redis-cli`, key listing and `clean()`. */
export class RedisContainer extends Container {
  constructor(
    init: ContainerInit,
    readonly password: string | undefined,
  ) {
    super(init);
  }

  /** `redis://[:password@]host:port`, from the host (default) or from another container on the network. */
  url(from: UrlFrom = 'host'): string {
    return serviceUrl(this, { scheme: 'redis', password: this.password, port: 6379 }, from);
  }

  /** Run `redis-cli` with these arguments (authenticated) and return its output, trimmed. */
  async cli(...args: string[]): Promise<string> {
    const auth = this.password !== undefined ? ['-a', this.password, '--no-auth-warning'] : [];
    const output = await runTool(this, ['redis-cli', ...auth, ...args], { shown: ['redis-cli', ...args] });
    if (/^(ERR|WRONGTYPE|NOAUTH|WRONGPASS)\b/.test(output)) {
      // redis-cli reports an error reply on stdout with exit code 0 when not on a terminal.
      throw new ServiceCommandError(this.definition.name, ['redis-cli', ...args], 0, output);
    }
    return output.trim();
  }

  /** Keys matching a glob pattern, sorted (SCAN, so it is safe on big databases). */
  async keys(pattern = '*'): Promise<string[]> {
    const output = await this.cli('--scan', '--pattern', pattern);
    return output ? [...new Set(output.split('\n'))].sort() : [];
  }

  /**
   * Remove every key of every database (FLUSHALL), sent over the published
   * port rather than through `docker exec redis-cli`, which costs far more
   * than the flush itself.
   */
  async clean(): Promise<void> {
    const commands = [...(this.password !== undefined ? [['AUTH', this.password]] : []), ['FLUSHALL']];
    let replies: RespReply[];
    try {
      replies = await sendRedisCommands(this.host, this.hostPort(6379), commands);
    } catch (error) {
      throw await serviceStepError(this, 'FLUSHALL', error);
    }
    const failed = replies.find((reply) => reply.type === 'error');
    if (failed) throw new ServiceCommandError(this.definition.name, ['FLUSHALL'], undefined, String(failed.value));
  }

  /** Check that a URL's credentials are accepted; throws {@link ServiceAuthError} if not. */
  async checkUrl(url: string): Promise<void> {
    const parsed = new URL(url);
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    // Decoded here: redis-cli 7.0 does not decode percent escapes in -u URLs.
    const result = await this.exec([
      'redis-cli',
      '--no-auth-warning',
      ...(user ? ['--user', user] : []),
      ...(password ? ['-a', password] : []),
      'PING',
    ]);
    const output = `${result.stdout}${result.stderr}`.trim();
    if (!/^PONG$/m.test(output)) throw new ServiceAuthError(this.definition.name, maskPassword(url), output);
  }
}
