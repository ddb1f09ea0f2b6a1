import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { type PortSpec, portKey } from '../resources/definitions/ports.js';
import { procShowsContainer } from '../resources/handles/host-proc.js';
import type { WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { ownTimeout } from './own-timeout.js';
import { assertPollOptions, type PollOptions, poll } from './poll.js';

export interface PortWaitOptions extends PollOptions {
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/** TCP state LISTEN in /proc/net/tcp{,6}. */
const LISTEN = '0A';

/** Whether /proc/net/tcp-format text shows a socket listening on `port`. */
export function isListening(procNetTcp: string, port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (local?.endsWith(`:${hex}`) && fields[3] === LISTEN) return true;
  }
  return false;
}

/**
 * Ready once the container listens on `containerPort` and its published host
 * port accepts a connection.
 *
 * With Docker's userland proxy, the host port accepts connections as soon as
 * the container starts, listening or not, so a host-side connect alone is
 * not proof. The wait first reads the container's own socket table
 * (/proc/<pid>/net/tcp on the engine host, no exec needed; `cat` via exec when
 * that file is out of reach, e.g. in a sibling container), then confirms from
 * this process.
 */
export function port(containerPort: PortSpec, options: PortWaitOptions = {}): WaitStrategy {
  const key = portKey(containerPort);
  const number = Number(key.split('/')[0]);
  assertPollOptions('waitFor.port', options);
  return {
    description: `port ${key} to accept connections`,
    ...ownTimeout('waitFor.port', options.timeoutMs),
    async wait(context: WaitContext): Promise<void> {
      const hostPort = await context.hostPort(containerPort);
      // Read once, outside the retries: a container that cannot be reached from here fails at once.
      const host = context.host;
      const pid = await context.pid();
      const viaExec = async () => (await context.exec(['cat', '/proc/net/tcp', '/proc/net/tcp6'])).stdout;
      const viaHost = async () =>
        (await Promise.all(['tcp', 'tcp6'].map((f) => readFile(`/proc/${pid}/net/${f}`, 'utf8').catch(() => '')))).join(
          '\n',
        );
      // In a sibling container the engine's pids are not this machine's: ask inside the container.
      let readTable = (await procShowsContainer(pid, 'net')) ? viaHost : viaExec;
      if (readTable === viaHost && !(await readTable())) readTable = viaExec;
      await poll(
        async () => {
          if (!isListening(await readTable(), number)) {
            context.progress('nothing listening inside the container yet');
            throw new Error('not listening');
          }
          context.progress(`listening inside; host port ${hostPort} not accepting yet`);
          await tcpConnect(host, hostPort, context.signal);
        },
        context.signal,
        options,
      );
    },
  };
}

function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
