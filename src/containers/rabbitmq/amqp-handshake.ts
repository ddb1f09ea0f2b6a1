import { connect } from 'node:net';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { poll } from '../../waits/poll.js';

/** The AMQP 0-9-1 protocol header a client sends first. */
const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/**
 * Does `data` start with a Connection.Start method frame (frame type 1 on
 * channel 0, class 10, method 10)? That is the broker's first answer to the
 * protocol header, so it proves it really speaks AMQP. Pure.
 */
export function isConnectionStart(data: Buffer): boolean {
  return (
    data.length >= 11 &&
    data[0] === 1 &&
    data.readUInt16BE(1) === 0 &&
    data.readUInt16BE(7) === 10 &&
    data.readUInt16BE(9) === 10
  );
}

/** Open a TCP connection, send the AMQP header, and resolve once the broker answers with Connection.Start. */
export function amqpGreeting(host: string, port: number, signal: AbortSignal, timeoutMs = 2_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(new Error('aborted'));
    const timer = setTimeout(() => finish(new Error(`no AMQP answer within ${timeoutMs} ms`)), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write(PROTOCOL_HEADER));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 11) {
        finish(isConnectionStart(received) ? undefined : new Error('the answer is not an AMQP Connection.Start'));
      }
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before an AMQP answer')));
  });
}

/**
 * Ready once the broker answers an AMQP protocol header with Connection.Start
 * on the published `port`: it accepts AMQP connections, not just logs that it
 * started.
 */
export function amqpHandshake(port = 5672): WaitStrategy {
  return {
    description: `an AMQP Connection.Start on port ${port}`,
    async wait(context: WaitContext): Promise<void> {
      const hostPort = await context.hostPort(port);
      // Read once, outside the retries: a container that cannot be reached from here fails at once.
      const host = context.host;
      await poll(
        () =>
          amqpGreeting(host, hostPort, context.signal).catch((error: Error) => {
            context.progress(`last attempt: ${error.message}`);
            throw error;
          }),
        context.signal,
        { minIntervalMs: 50, maxIntervalMs: 100 },
      );
    },
  };
}
