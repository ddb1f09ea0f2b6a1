import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { InvalidOptionError } from '../errors/index.js';
import { describeValue } from '../options/duration.js';
import type { PortSpec } from '../resources/definitions/ports.js';
import type { Container } from '../resources/handles/container.js';
import { DelayedPipe } from './delayed-pipe.js';

export interface TcpProxyOptions {
  /** Where connections are forwarded. */
  readonly target: { readonly host: string; readonly port: number };
  /** Interface to listen on. @default '127.0.0.1' */
  readonly listenHost?: string;
  /** Port to listen on. @default a free port */
  readonly listenPort?: number;
}

/** One proxied connection: the client's socket, the target's, and the two directions between them. */
interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly pipes: readonly DelayedPipe[];
}

/**
 * A TCP proxy in the test process, between a client and a container (no
 * image, no sidecar): point the client at `proxy.host:proxy.port` and make
 * the network misbehave from the test: add latency, cut the open
 * connections, refuse new ones, or blackhole everything (docs/faults.md).
 *
 * ```ts
 * await using proxy = await proxyTo(db, 5432);
 * proxy.setLatency(200);
 * ```
 */
export class TcpProxy {
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  readonly target: { readonly host: string; readonly port: number };
  private listener: Server | undefined;
  private readonly links = new Set<Link>();
  private latency = 0;
  private holding = false;
  private closed = false;

  private constructor(host: string, port: number, target: TcpProxyOptions['target'], listener: Server) {
    this.host = host;
    this.port = port;
    this.target = target;
    this.listener = listener;
  }

  /** Listen (on 127.0.0.1 and a free port, unless told otherwise) and forward to `target`. */
  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const target = options?.target;
    if (typeof target?.host !== 'string' || target.host === '') {
      throw new InvalidOptionError('target.host', `${describeValue(target?.host)} is not a host name or address`);
    }
    assertPort('target.port', target.port, false);
    if (options.listenPort !== undefined) assertPort('listenPort', options.listenPort, true);
    const host = options.listenHost ?? '127.0.0.1';
    let proxy: TcpProxy | undefined;
    const listener = await listen(host, options.listenPort ?? 0, (socket) => proxy?.accept(socket));
    const address = listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    proxy = new TcpProxy(host, port, { host: target.host, port: target.port }, listener);
    return proxy;
  }

  /** Open connections right now. */
  get connectionCount(): number {
    return this.links.size;
  }

  /**
   * Delay every chunk of data, each way, by `ms` (0 turns it off). Applies
   * to data that arrives from now on; the order of the data is kept.
   */
  setLatency(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new InvalidOptionError('latency', `${describeValue(ms)} is not a number of ms of 0 or more`);
    }
    this.latency = ms;
  }

  /**
   * Destroy every open connection, both sides, with a reset: clients see
   * ECONNRESET (or their library's word for a broken connection). New
   * connections work as before. Returns how many were cut.
   */
  cutConnections(): number {
    const cut = this.links.size;
    for (const link of [...this.links]) this.drop(link, true);
    return cut;
  }

  /**
   * `true`: stop listening, so new connections are refused (ECONNREFUSED)
   * while open ones carry on. `false`: listen on the same port again.
   */
  async refuseNew(refuse: boolean): Promise<void> {
    this.assertOpen('refuseNew');
    if (refuse) {
      // The listening socket closes at once; open connections carry on.
      this.listener?.close();
      this.listener = undefined;
    } else if (!this.listener) {
      this.listener = await listen(this.host, this.port, (socket) => this.accept(socket));
    }
  }

  /**
   * `true`: accept connections but forward nothing either way, like a
   * network that went silent: requests hang. What was sent meanwhile is held,
   * not lost (as TCP would retransmit it), and delivered in order after
   * `blackhole(false)`.
   */
  blackhole(on: boolean): void {
    this.assertOpen('blackhole');
    this.holding = on;
    if (!on) for (const link of this.links) for (const pipe of link.pipes) pipe.release();
  }

  /** Stop listening and destroy every open connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    for (const link of [...this.links]) this.drop(link, false);
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private accept(client: Socket): void {
    if (this.closed) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect({ host: this.target.host, port: this.target.port });
    const options = { latencyMs: () => this.latency, holding: () => this.holding };
    const link: Link = {
      client,
      upstream,
      pipes: [new DelayedPipe(client, upstream, options), new DelayedPipe(upstream, client, options)],
    };
    this.links.add(link);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // A failure either side (the target refusing, say) resets the other.
    client.on('error', () => this.drop(link, true));
    upstream.on('error', () => this.drop(link, true));
    const closed = () => {
      if (client.destroyed && upstream.destroyed) this.links.delete(link);
    };
    client.on('close', closed);
    upstream.on('close', closed);
  }

  private drop(link: Link, reset: boolean): void {
    this.links.delete(link);
    for (const pipe of link.pipes) pipe.discard();
    for (const socket of [link.client, link.upstream]) {
      if (reset && !socket.destroyed && typeof socket.resetAndDestroy === 'function' && socket.readyState === 'open') {
        socket.resetAndDestroy();
      } else {
        socket.destroy();
      }
    }
  }

  private assertOpen(action: string): void {
    if (this.closed) throw new InvalidOptionError(action, 'the proxy is closed');
  }
}

/**
 * A {@link TcpProxy} to a container's port, as this process reaches it
 * (`container.host` and the published port).
 */
export function proxyTo(
  container: Container,
  containerPort: PortSpec,
  options: Omit<TcpProxyOptions, 'target'> = {},
): Promise<TcpProxy> {
  return TcpProxy.start({ ...options, target: { host: container.host, port: container.hostPort(containerPort) } });
}

function listen(host: string, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onConnection);
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function assertPort(option: string, value: unknown, allowZero: boolean): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 65_535) {
    throw new InvalidOptionError(option, `${describeValue(value)} is not a port number`);
  }
}
