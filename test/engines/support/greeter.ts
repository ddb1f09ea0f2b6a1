import { connect } from 'node:net';

/**
 * A one-line TCP server for debian:bookworm-slim (which has perl but no
 * server of its own): on port 8080, says `hello from <hostname>` to each
 * connection and closes it.
 */
export const GREETER = [
  'perl',
  '-MIO::Socket::INET',
  '-e',
  '$s = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die "listen: $!";' +
    ' while ($c = $s->accept) { print $c "hello from $ENV{HOSTNAME}\\n"; close $c }',
];

/** What the server at host:port says on connecting. */
export function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}
