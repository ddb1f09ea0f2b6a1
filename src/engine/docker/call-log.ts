/**
 * One `seaworthy:engine` line per Engine API request: method, path, status,
 * duration, and for requests with a body a redacted summary of it. Hooks the
 * Dockerode instance's modem (its `dial` and `buildPayload`), so every call
 * made through that instance is seen, whichever method made it.
 */
import { debugLogger, type Logger, quietDockerModem } from '../../debug/logger.js';
import { redact, redactedJson, redactText } from '../../debug/redact.js';

/** What dockerode passes to `modem.dial`. */
interface DialOptions {
  path: string;
  method: string;
  options?: Record<string, unknown> & { _query?: Record<string, unknown>; _body?: unknown };
  file?: unknown;
  isStream?: boolean;
  hijack?: boolean;
  statusCodes?: Record<number, unknown>;
}

type DialCallback = (error: (Error & { statusCode?: number; code?: string }) | null, data?: unknown) => void;

/** The parts of docker-modem's Modem this wraps. */
interface ModemLike {
  dial(options: DialOptions, callback: DialCallback): void;
  buildPayload(...args: unknown[]): void;
}

/**
 * Log every request `docker` makes (see docs/debugging.md), and keep
 * docker-modem's raw logging quiet unless it is asked for by name. Costs one
 * `enabled` check per request while `seaworthy:engine` is off. Returns `docker`.
 */
export function logEngineCalls<T extends { modem: unknown }>(docker: T, log: Logger = debugLogger('engine')): T {
  quietDockerModem();
  const modem = docker.modem as ModemLike;
  const dial = modem.dial.bind(modem);
  const buildPayload = modem.buildPayload.bind(modem);
  // buildPayload sees the response; dial's callback does not. Keyed by that callback.
  const statuses = new WeakMap<DialCallback, number>();
  let sequence = 0;
  modem.buildPayload = (...args: unknown[]) => {
    const res = args[5] as { statusCode?: number } | undefined;
    const cb = args[7] as DialCallback;
    if (log.enabled && typeof res?.statusCode === 'number' && typeof cb === 'function')
      statuses.set(cb, res.statusCode);
    buildPayload(...args);
  };
  modem.dial = (options: DialOptions, callback: DialCallback) => {
    if (!log.enabled) return dial(options, callback);
    const id = ++sequence;
    const request = describeRequest(options);
    const started = performance.now();
    const done: DialCallback = (error, data) => {
      const ms = Math.round(performance.now() - started);
      if (error) {
        const status = error.statusCode ?? statuses.get(done);
        log('#%d %s → %s in %d ms: %s', id, request, status ?? error.code ?? 'failed', ms, shortError(error));
      } else {
        const status =
          statuses.get(done) ?? (options.hijack ? 'upgraded' : onlySuccessCode(options.statusCodes)) ?? 'ok';
        const streamed = isStream(data);
        log('#%d %s → %s in %d ms%s', id, request, status, ms, streamed ? ' (stream open)' : '');
        if (streamed) {
          data.once('close', () => log('#%d stream closed after %d ms', id, Math.round(performance.now() - started)));
        }
      }
      callback(error, data);
    };
    return dial(options, done);
  };
  return docker;
}

/** `POST /containers/create?name=x {summary}`: never the raw body or query (docker-modem puts the whole create body in the query). */
export function describeRequest(options: DialOptions): string {
  const [path = '', hasQuery] = [options.path.split('?')[0], options.path.includes('?')];
  const opts = options.options;
  const query = hasQuery && opts ? queryText(options.method, path, opts) : '';
  const body = options.method === 'POST' || options.method === 'PUT' ? bodySummary(path, hasQuery, options) : '';
  return `${options.method} ${shortIds(path)}${query ? `?${query}` : ''}${body ? ` ${body}` : ''}`;
}

function queryText(method: string, path: string, opts: NonNullable<DialOptions['options']>): string {
  let source: Record<string, unknown> = opts._query ?? opts;
  if (!opts._query && method === 'POST') {
    // The body doubles as the query: keep its scalar members only, and for a create only the name.
    const keep = path.endsWith('/create') ? ['name', 'platform'] : undefined;
    source = Object.fromEntries(
      Object.entries(opts).filter(
        ([key, value]) =>
          (keep ? keep.includes(key) : value === null || typeof value !== 'object') &&
          key !== 'abortSignal' &&
          key !== 'authconfig',
      ),
    );
  }
  const pairs = Object.entries(source)
    .filter(([key, value]) => value !== undefined && key !== 'abortSignal' && key !== 'authconfig')
    .map(([key, value]) => `${key}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`);
  return redactText(pairs.join('&'));
}

function bodySummary(path: string, hasQuery: boolean, options: DialOptions): string {
  if (options.file) return '<upload>';
  const opts = options.options;
  if (!opts) return '';
  const body = (opts._body ?? opts) as Record<string, unknown>;
  if (path === '/containers/create') return redactedJson(createSummary(body));
  // Scalars sent as both query and body are already in the query.
  const inQuery = hasQuery && !opts._body && !opts._query && !path.endsWith('/create');
  const members = Object.entries(body).filter(
    ([key, value]) =>
      !['_query', '_body', 'abortSignal', 'authconfig', 'name'].includes(key) &&
      value !== undefined &&
      !(inQuery && (value === null || typeof value !== 'object')),
  );
  // Labels are seaworthy's own bookkeeping (the same nine on everything): their count is enough.
  const shown = members.map(([key, value]) =>
    key === 'Labels' && value && typeof value === 'object' ? [key, Object.keys(value).length] : [key, value],
  );
  return shown.length ? redactedJson(Object.fromEntries(shown)) : '';
}

/** The create-container fields worth seeing in one line; env and commands redacted. */
function createSummary(body: Record<string, unknown>): Record<string, unknown> {
  const host = (body.HostConfig ?? {}) as Record<string, unknown>;
  const networking = (body.NetworkingConfig ?? {}) as { EndpointsConfig?: Record<string, unknown> };
  const summary: Record<string, unknown> = {
    image: body.Image,
    cmd: body.Cmd,
    entrypoint: body.Entrypoint,
    env: body.Env,
    ports: body.ExposedPorts ? Object.keys(body.ExposedPorts as object) : undefined,
    networkMode: host.NetworkMode,
    networks: networking.EndpointsConfig ? Object.keys(networking.EndpointsConfig) : undefined,
    labels: body.Labels ? Object.keys(body.Labels as object).length : undefined,
  };
  return redact(Object.fromEntries(Object.entries(summary).filter(([, v]) => v !== undefined))) as Record<
    string,
    unknown
  >;
}

/** Container, exec and network ids cut to 12 characters, as the docker CLI shows them. */
function shortIds(path: string): string {
  return path.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');
}

function onlySuccessCode(codes: DialOptions['statusCodes']): number | undefined {
  const ok = Object.entries(codes ?? {}).filter(([, value]) => value === true);
  return ok.length === 1 ? Number(ok[0]?.[0]) : undefined;
}

function isStream(data: unknown): data is NodeJS.EventEmitter {
  return typeof (data as { once?: unknown } | null)?.once === 'function';
}

function shortError(error: Error): string {
  const text = redactText(error.message.replace(/\s+/g, ' ').trim());
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
