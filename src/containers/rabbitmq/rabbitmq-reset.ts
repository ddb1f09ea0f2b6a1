import { HttpClient, type HttpMethod, type HttpResponse } from '../../http/http-client.js';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { poll } from '../../waits/poll.js';

/**
 * The broker's definitions as the management API exports them
 * (`GET /api/definitions`): only the parts `clean()` compares or puts back.
 */
export interface BrokerDefinitions {
  readonly users?: readonly BrokerUser[];
  readonly vhosts?: readonly { readonly name: string; readonly description?: string; readonly tags?: unknown }[];
  readonly permissions?: readonly BrokerPermission[];
  readonly topic_permissions?: readonly unknown[];
  readonly parameters?: readonly unknown[];
  readonly global_parameters?: readonly { readonly name: string }[];
  readonly policies?: readonly unknown[];
  readonly queues?: readonly unknown[];
  readonly exchanges?: readonly unknown[];
  readonly bindings?: readonly unknown[];
}

interface BrokerUser {
  readonly name: string;
  readonly password_hash?: string;
  readonly hashing_algorithm?: string;
  readonly tags?: unknown;
  readonly limits?: unknown;
}

interface BrokerPermission {
  readonly user: string;
  readonly vhost: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

/** Kinds that live inside a vhost and go with it: put back by an import when the start state had any. */
const IN_VHOST = ['topic_permissions', 'parameters', 'policies', 'queues', 'exchanges', 'bindings'] as const;

/**
 * A management API request answered with an error status. Internal: the
 * handle turns it into a ServiceCommandError (or resets the node on a 401),
 * and in the readiness wait it is only a retry's reason.
 */
export class ManagementStepError extends Error {
  constructor(
    readonly step: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${step}: ${detail}`);
  }
}

/** `Authorization` header for the management API. */
export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/**
 * One call to the management API; an answer of 300 or more throws
 * {@link ManagementStepError} (a DELETE that finds nothing is fine).
 */
async function call(api: HttpClient, method: HttpMethod, path: string, json?: unknown): Promise<HttpResponse> {
  const response = await api.request(path, { method, ...(json !== undefined ? { json } : {}) });
  if (response.status >= 300 && !(method === 'DELETE' && response.status === 404)) {
    throw new ManagementStepError(`${method} ${path}`, response.status, `HTTP ${response.status}: ${response.text}`);
  }
  return response;
}

/**
 * Wait for the management API to answer, then read the broker's definitions:
 * the state `clean()` brings it back to. Run right after the AMQP handshake,
 * as part of readiness, so no test can change anything before it is read.
 * `keep` receives the definitions with the container's id.
 */
export function withBaseline(
  ready: WaitStrategy,
  port: number,
  auth: Record<string, string>,
  keep: (containerId: string, baseline: BrokerDefinitions) => void,
): WaitStrategy {
  return {
    description: `${ready.description}, then the management API's definitions on port ${port}`,
    async wait(context: WaitContext): Promise<void> {
      await ready.wait(context);
      context.progress('reading the definitions clean() restores');
      const [hostPort, info] = await Promise.all([context.hostPort(port), context.inspect()]);
      const host = context.host.includes(':') ? `[${context.host}]` : context.host;
      const api = new HttpClient(`http://${host}:${hostPort}`, { headers: auth, timeoutMs: 5_000 });
      try {
        const response = await poll(
          async () => {
            try {
              return await call(api, 'GET', '/api/definitions');
            } catch (error) {
              context.progress(`management API: ${error instanceof Error ? error.message : String(error)}`);
              throw error;
            }
          },
          context.signal,
          { minIntervalMs: 50, maxIntervalMs: 500 },
        );
        keep(info.id, response.json<BrokerDefinitions>());
      } finally {
        await api.close();
      }
    },
  };
}

/**
 * Bring the broker back to `baseline` over the management API: vhosts and
 * users the start state did not have are deleted, with global parameters
 * added since; every vhost of the start state is deleted and made again (its
 * queues, exchanges, bindings, policies, limits and permissions go with it),
 * then its permissions and anything else it had are put back, and users of
 * the start state whose password, tags or limits changed are reset.
 */
export async function resetOverHttp(api: HttpClient, baseline: BrokerDefinitions): Promise<void> {
  const now = (await call(api, 'GET', '/api/definitions')).json<BrokerDefinitions>();
  const names = (list: readonly { readonly name: string }[] | undefined) => new Set((list ?? []).map((x) => x.name));
  const baseVhosts = names(baseline.vhosts);
  const baseUsers = new Map((baseline.users ?? []).map((user) => [user.name, user]));
  const baseGlobals = names(baseline.global_parameters);
  const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

  const extras = [
    ...(now.vhosts ?? []).filter((v) => !baseVhosts.has(v.name)).map((v) => `/api/vhosts/${path(v.name)}`),
    ...(now.users ?? []).filter((u) => !baseUsers.has(u.name)).map((u) => `/api/users/${path(u.name)}`),
    ...(now.global_parameters ?? [])
      .filter((p) => !baseGlobals.has(p.name))
      .map((p) => `/api/global-parameters/${path(p.name)}`),
  ];
  const changedUsers = [...baseUsers.values()].filter((user) => {
    const current = now.users?.find((u) => u.name === user.name);
    return !current || JSON.stringify(comparable(current)) !== JSON.stringify(comparable(user));
  });
  const recreate = async (vhost: NonNullable<BrokerDefinitions['vhosts']>[number]) => {
    const at = `/api/vhosts/${path(vhost.name)}`;
    await call(api, 'DELETE', at);
    await call(api, 'PUT', at, {
      ...(vhost.description !== undefined ? { description: vhost.description } : {}),
      ...(Array.isArray(vhost.tags) ? { tags: vhost.tags.join(',') } : {}),
    });
    await Promise.all(
      (baseline.permissions ?? [])
        .filter((p) => p.vhost === vhost.name)
        .map((p) =>
          call(api, 'PUT', `/api/permissions/${path(p.vhost, p.user)}`, {
            configure: p.configure,
            write: p.write,
            read: p.read,
          }),
        ),
    );
  };
  await Promise.all([...extras.map((at) => call(api, 'DELETE', at)), ...(baseline.vhosts ?? []).map(recreate)]);
  // An import adds and updates, never deletes: it puts back what the start state had beyond vhosts and permissions.
  const rest = Object.fromEntries(
    IN_VHOST.filter((kind) => (baseline[kind]?.length ?? 0) > 0).map((k) => [k, baseline[k]]),
  );
  if (changedUsers.length > 0) rest.users = changedUsers;
  if (Object.keys(rest).length > 0) await call(api, 'POST', '/api/definitions', rest);
}

/** What decides whether a user is as it was at start. */
function comparable(user: BrokerUser): unknown[] {
  return [user.password_hash, user.hashing_algorithm, user.tags, user.limits];
}

/**
 * A shell command that resets the node to its first-boot state with
 * `rabbitmqctl`: the app is stopped, its database reset and the app started
 * again, which makes the default user and vhost from the environment anew and
 * loads any definitions file again, as on first start. One Erlang VM through
 * `rabbitmqctl eval` (the calls `stop_app`, `reset` and `start_app` make);
 * should that fail on some version, the three commands themselves.
 */
export const RESET_COMMAND = [
  'sh',
  '-c',
  "rabbitmqctl --quiet eval 'ok = rabbit:stop(), " +
    'ok = case code:ensure_loaded(rabbit_db) of {module, _} -> rabbit_db:reset(); _ -> rabbit_mnesia:reset() end, ' +
    "ok = rabbit:start().' >/dev/null 2>&1 || " +
    '{ rabbitmqctl --quiet stop_app && rabbitmqctl --quiet reset && rabbitmqctl --quiet start_app; }',
] as const;
