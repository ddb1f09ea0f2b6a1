import { connect, createServer, type Server } from 'node:net';

/** A tcp:// engine on loopback: a plain forwarder to the local socket. */
export async function tcpEngine(): Promise<{ server: Server; host: string; close: () => void }> {
  const sockets = new Set<{ destroy(): void }>();
  const server = createServer((client) => {
    const upstream = connect('/var/run/docker.sock');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no tcp address');
  const close = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  return { server, host: `tcp://127.0.0.1:${address.port}`, close };
}
