/**
 * An engine behind ssh://user@host[:port], reached as the docker CLI reaches
 * it: one ssh connection, and for each HTTP connection a channel running
 * `docker system dial-stdio` on the remote, which pipes it to the remote
 * engine's socket. dockerode gets an http.Agent whose sockets are those
 * channels. The ssh socket is unreferenced while no channel is open, so an
 * idle connection does not keep Node running.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: its default export is module.exports, in the ESM and the CommonJS build alike.
import ssh2, { type AgentAuthMethod, type Client, type ClientChannel, type PublicKeyAuthMethod } from 'ssh2';
import { EngineSshError } from '../../errors/index.js';
import { describeEndpoint, type EngineEndpoint, safeHomedir } from '../endpoint.js';
import { checkHostKey, knownHostsName } from '../ssh-known-hosts.js';

/** How to authenticate to an ssh:// engine and check its host key. Every field is optional. */
export interface EngineSshOptions {
  /**
   * A private key file to offer. Without it: the keys in the ssh agent
   * (SSH_AUTH_SOCK), then ~/.ssh/id_ed25519, id_ecdsa and id_rsa (unencrypted ones).
   */
  readonly identityFile?: string;
  /** The known_hosts file the engine host's key is checked against. @default ~/.ssh/known_hosts */
  readonly knownHostsFile?: string;
  /**
   * Refuse a host that known_hosts does not list. A listed host whose key differs is always refused.
   * @default false: an unlisted host is accepted (and not recorded)
   */
  readonly strictHostKeyChecking?: boolean;
}

export interface SshEnv {
  readonly SSH_AUTH_SOCK?: string;
  readonly HOME?: string;
  readonly USER?: string;
}

/** An open ssh connection to the engine's host. */
export interface SshTunnel {
  /** For dockerode: each of its connections is a `docker system dial-stdio` channel. */
  readonly agent: Agent;
  /**
   * After a failed request: the `docker system dial-stdio` failure behind it,
   * if that is what it was (the HTTP client only sees the channel hang up).
   * Waits for the channels to close, when the remote's exit status is known.
   */
  dialFailure(): Promise<EngineSshError | undefined>;
  close(): void;
}

type SshEndpoint = Extract<EngineEndpoint, { kind: 'ssh' }>;
const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Connect and authenticate. Authentication and host-key failures are
 * {@link EngineSshError}; an unreachable host rejects with the socket's
 * error (connect.ts lists it as a failed attempt).
 */
export async function openSshTunnel(
  endpoint: SshEndpoint,
  options: EngineSshOptions,
  env: SshEnv,
  timeoutMs: number,
): Promise<SshTunnel> {
  const address = describeEndpoint(endpoint);
  const home = env.HOME ?? safeHomedir() ?? '';
  const username = endpoint.user ?? env.USER ?? userInfo().username;
  const keys = privateKeys(options, home, address);
  const methods: (AgentAuthMethod | PublicKeyAuthMethod)[] = [];
  if (env.SSH_AUTH_SOCK) methods.push({ type: 'agent', username, agent: env.SSH_AUTH_SOCK });
  for (const key of keys) methods.push({ type: 'publickey', username, key });
  if (methods.length === 0) {
    throw new EngineSshError(
      address,
      'no-key',
      'no key to offer: SSH_AUTH_SOCK is not set and none of ~/.ssh/' +
        `${DEFAULT_KEYS.join(', ')} is an unencrypted key. Start ssh-agent and ssh-add a key, or pass engine.ssh.identityFile`,
    );
  }
  const knownHostsFile = options.knownHostsFile ?? join(home, '.ssh', 'known_hosts');
  let knownHosts = '';
  try {
    knownHosts = readFileSync(knownHostsFile, 'utf8');
  } catch {
    // none: every host is unlisted
  }
  let hostKeyProblem: string | undefined;

  const socket: Socket = netConnect({ host: endpoint.host, port: endpoint.port });
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error & { level?: string }) => {
      client.end();
      socket.destroy();
      if (hostKeyProblem) reject(new EngineSshError(address, 'host-key', hostKeyProblem, error));
      else if (error.level === 'client-authentication') {
        reject(
          new EngineSshError(
            address,
            'auth',
            `${username}@${endpoint.host} refused every key offered (${describeMethods(env, options, keys.length)}). ` +
              `Add your public key to ~${username}/.ssh/authorized_keys there, or pass engine.ssh.identityFile`,
            error,
          ),
        );
      } else reject(error);
    };
    client.once('ready', () => {
      client.off('error', fail);
      resolve();
    });
    client.once('error', fail);
    client.connect({
      sock: socket,
      username,
      readyTimeout: timeoutMs,
      authHandler: methods,
      hostVerifier: (key: Buffer) => {
        const verdict = checkHostKey(knownHosts, endpoint.host, endpoint.port, key);
        if (verdict === 'changed') {
          hostKeyProblem =
            `its host key is not the one ${knownHostsFile} lists for ${knownHostsName(endpoint.host, endpoint.port)} ` +
            '(another server, or one reinstalled). If the change is expected, remove the old entry ' +
            `(\`ssh-keygen -R '${knownHostsName(endpoint.host, endpoint.port)}'\`)`;
        } else if (verdict === 'unknown' && options.strictHostKeyChecking) {
          hostKeyProblem =
            `${knownHostsName(endpoint.host, endpoint.port)} is not in ${knownHostsFile} and strictHostKeyChecking is on. ` +
            `Add its key (\`ssh-keyscan -p ${endpoint.port} ${endpoint.host} >> ${knownHostsFile}\`)`;
        }
        return hostKeyProblem === undefined;
      },
    });
  });
  client.on('error', () => socket.destroy()); // later failures surface on the requests
  socket.unref();
  const dial = dialStdioAgent(client, socket, address);
  return { agent: dial.agent, dialFailure: dial.failure, close: () => client.end() };
}

/** How long a failed request waits for its channel's exit status. */
const EXIT_STATUS_WAIT_MS = 2_000;

/** An http.Agent whose connections are `docker system dial-stdio` channels on `client`. */
function dialStdioAgent(
  client: Client,
  socket: Socket,
  address: string,
): { agent: Agent; failure: () => Promise<EngineSshError | undefined> } {
  let open = 0;
  // Channels that keep Node running: those in use. Idle keep-alive channels are unreferenced by the agent.
  let referenced = 0;
  const hold = (delta: 1 | -1) => {
    referenced += delta;
    if (delta === 1 && referenced === 1) socket.ref();
    if (delta === -1 && referenced === 0) socket.unref();
  };
  let lastFailure: EngineSshError | undefined;
  const idle: (() => void)[] = [];
  const failure = async () => {
    if (open > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, EXIT_STATUS_WAIT_MS);
        idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return lastFailure;
  };
  // Keep-alive: a channel (and the remote's dial-stdio process) serves request after request, as with the docker CLI.
  const agent = new Agent({ keepAlive: true });
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    callback: (error: Error | null, stream?: Duplex) => void,
  ) => {
    open++;
    hold(1);
    client.exec('docker system dial-stdio', (error, channel: ClientChannel) => {
      if (error) {
        open--;
        hold(-1);
        callback(error);
        return;
      }
      let stderr = '';
      let answered = false;
      channel.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      channel.on('data', () => {
        answered = true;
      });
      channel.once('exit', (code: number | null) => {
        if (code && !answered) {
          lastFailure = new EngineSshError(
            address,
            'dial-stdio',
            `\`docker system dial-stdio\` on the remote exited with code ${code}: ${stderr.trim() || 'no output'}. ` +
              'The ssh user needs the docker CLI on its PATH and access to the engine there',
          );
        }
      });
      channel.once('close', () => {
        if (--open === 0) for (const wake of idle.splice(0)) wake();
      });
      callback(null, asSocket(channel, hold));
    });
    return undefined;
  };
  return { agent, failure };
}

/**
 * What http.ClientRequest and Agent call on a socket besides reading and
 * writing: an idle timeout (emitting 'timeout', as net.Socket does), ref and
 * unref (counted into the ssh socket's, through `hold`; a new channel starts
 * referenced) and no-ops for tcp tuning an ssh channel has no use for.
 */
function asSocket(channel: ClientChannel, hold: (delta: 1 | -1) => void): Duplex {
  const socket = channel as unknown as Duplex & Record<string, unknown>;
  let timer: NodeJS.Timeout | undefined;
  let idleMs = 0;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => socket.emit('timeout'), idleMs) : undefined;
  };
  socket.setTimeout = (ms: number, listener?: () => void) => {
    idleMs = ms;
    if (listener) socket.once('timeout', listener);
    arm();
    return socket;
  };
  channel.on('data', () => idleMs && arm());
  let referenced = true;
  const unref = () => {
    if (referenced) hold(-1);
    referenced = false;
    return socket;
  };
  socket.ref = () => {
    if (!referenced) hold(1);
    referenced = true;
    return socket;
  };
  socket.unref = unref;
  channel.once('close', () => {
    if (timer) clearTimeout(timer);
    unref();
  });
  for (const name of ['setNoDelay', 'setKeepAlive']) socket[name] = () => socket;
  return socket;
}

function privateKeys(options: EngineSshOptions, home: string, address: string): Buffer[] {
  if (options.identityFile) {
    const key = readFileSync(options.identityFile);
    const parsed = ssh2.utils.parseKey(key);
    if (parsed instanceof Error) {
      throw new EngineSshError(
        address,
        'no-key',
        `engine.ssh.identityFile ${options.identityFile} is not a usable private key: ${parsed.message}`,
      );
    }
    return [key];
  }
  const keys: Buffer[] = [];
  for (const name of DEFAULT_KEYS) {
    let key: Buffer;
    try {
      key = readFileSync(join(home, '.ssh', name));
    } catch {
      continue;
    }
    if (!(ssh2.utils.parseKey(key) instanceof Error)) keys.push(key); // encrypted keys: through the agent
  }
  return keys;
}

function describeMethods(env: SshEnv, options: EngineSshOptions, keyFiles: number): string {
  const offered: string[] = [];
  if (env.SSH_AUTH_SOCK) offered.push(`the agent's keys (SSH_AUTH_SOCK=${env.SSH_AUTH_SOCK})`);
  if (options.identityFile) offered.push(options.identityFile);
  else if (keyFiles) offered.push(`${keyFiles} key file(s) from ~/.ssh`);
  return offered.join(', ');
}
