import { connect, createServer, type Server } from 'node:net';

/** A tcp:// engine on loopback: a plain forwarder to the local socket. */
export interface TcpEngine {
  readonly server: Server;
  /** `tcp://127.0.0.1:<port>`. */
  readonly host: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Method and path of every request sent through it so far (when made with `{ record: true }`). */
  requests(): string[];
  /** Stop listening and cut every open connection: the "engine" is gone. */
  close(): void;
}

export async function tcpEngine(options: { record?: boolean } = {}): Promise<TcpEngine> {
  const sockets = new Set<{ destroy(): void }>();
  const sent: string[] = [];
  let count = 0;
  const server = createServer((client) => {
    count++;
    const upstream = connect('/var/run/docker.sock');
    sockets.add(client).add(upstream);
    if (options.record) {
      const index = sent.push('') - 1;
      client.on('data', (chunk: Buffer) => {
        sent[index] += chunk.toString('latin1');
      });
    }
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no tcp address');
  return {
    server,
    host: `tcp://127.0.0.1:${address.port}`,
    connections: () => count,
    requests: () =>
      [...sent.join('').matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r$/gm)].map(
        (m) => `${m[1]} ${decodeURIComponent(m[2] ?? '')}`,
      ),
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}
