import { basename } from 'node:path';
import { InvalidOptionError } from '../../errors/index.js';
import { assertDuration, describeValue } from '../../options/duration.js';
import { assertKnownKeys, assertValidName } from '../../resources/definitions/validation.js';
import type { WaitStrategy } from '../../resources/handles/readiness.js';
import type { ComposeModel } from '../model.js';
import { dependencyClosure, unknownService } from './service-graph.js';

/** How `project.stack()` starts the compose project (docs/compose.md). */
export interface StackOptions {
  /** Start only these services, and what they need (depends_on, volumes_from, network_mode). @default every service */
  readonly services?: readonly string[];
  /**
   * Readiness waits by **service name**: `{ api: waitFor.http({ port: 8080 }) }`.
   * A service's dependants start once it is ready. Each replica of a scaled service waits.
   */
  readonly waits?: Readonly<Record<string, WaitStrategy>>;
  /**
   * Time limit for each container's wait (and health wait). @default 30_000, or the wait's own timeoutMs;
   * a `service_healthy` wait gets as long as the dependency's healthcheck can report "starting" (at least 30 s)
   */
  readonly startupTimeoutMs?: number;
  /**
   * Fixed host ports (`"8080:80"`): `'as-written'` publishes them on that port;
   * `'any-free'` publishes them on a free port instead, so parallel CI jobs
   * on one engine never clash (read it with `container.hostPort(80)`).
   * @default 'as-written'
   */
  readonly hostPorts?: 'as-written' | 'any-free';
  /**
   * The stack's name inside its helper: it prefixes every container, network
   * and volume name. A second stack of the same name in one helper gets `-2`, `-3`, …
   * @default the model's `name`, else the project directory's base name, else 'stack'
   */
  readonly name?: string;
  /**
   * Told as each service gets somewhere while the stack starts, for progress
   * output (`seaworthy run` prints a line per event). An error it throws is ignored.
   */
  readonly onProgress?: (event: ServiceProgress) => void;
}

/** One step of a service while its stack starts. */
export interface ServiceProgress {
  readonly service: string;
  /**
   * `'ready'`: its containers started and passed their waits; `'healthy'`:
   * its healthcheck passed (a dependant asked for `service_healthy`);
   * `'completed'`: a one-shot service exited with code 0.
   */
  readonly reached: 'ready' | 'healthy' | 'completed';
  /** Since the stack's setup began. */
  readonly elapsedMs: number;
}

/** Options with defaults applied, checked against the model. */
export interface ResolvedStackOptions {
  /** Services set up by `setup()`, with what they need, in the model's order. */
  readonly services: readonly string[];
  readonly waits: Readonly<Record<string, WaitStrategy>>;
  readonly startupTimeoutMs: number | undefined;
  readonly hostPorts: 'as-written' | 'any-free';
  readonly name: string;
  readonly onProgress: ((event: ServiceProgress) => void) | undefined;
}

const KNOWN: readonly (keyof StackOptions)[] = [
  'services',
  'waits',
  'startupTimeoutMs',
  'hostPorts',
  'name',
  'onProgress',
];

/** Check everything before any engine call: unknown service names are a `ComposeServiceError`. */
export function resolveStackOptions(model: ComposeModel, options: StackOptions): ResolvedStackOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('stack', `${describeValue(options)} must be an object of stack options`);
  }
  assertKnownKeys('stack', options, KNOWN);
  const { services, waits = {}, startupTimeoutMs, hostPorts = 'as-written' } = options;
  if (services !== undefined && (!Array.isArray(services) || services.some((s) => typeof s !== 'string'))) {
    throw new InvalidOptionError('services', `${describeValue(services)} must be a list of service names`);
  }
  for (const name of services ?? []) if (!model.services[name]) throw unknownService(model, name, 'services');
  if (waits === null || typeof waits !== 'object' || Array.isArray(waits)) {
    throw new InvalidOptionError('waits', `${describeValue(waits)} must be an object of waits by service name`);
  }
  for (const [name, wait] of Object.entries(waits)) {
    if (!model.services[name]) throw unknownService(model, name, `waits.${name}`);
    if (typeof (wait as Partial<WaitStrategy> | undefined)?.wait !== 'function') {
      throw new InvalidOptionError(`waits.${name}`, 'must be a wait strategy, e.g. waitFor.http({ port: 8080 })');
    }
  }
  if (startupTimeoutMs !== undefined) assertDuration('startupTimeoutMs', startupTimeoutMs);
  if (hostPorts !== 'as-written' && hostPorts !== 'any-free') {
    throw new InvalidOptionError('hostPorts', `${describeValue(hostPorts)} must be 'as-written' or 'any-free'`);
  }
  const name = options.name ?? defaultStackName(model.name, model.projectDirectory);
  assertValidName('name', name);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('onProgress', `${describeValue(options.onProgress)} must be a function`);
  }
  return {
    services: dependencyClosure(model, services ?? Object.keys(model.services)),
    waits,
    startupTimeoutMs,
    hostPorts,
    name,
    onProgress: options.onProgress,
  };
}

/**
 * The stack's default name, made Docker-valid: the files' `name:`, else the
 * project directory's base name (as docker compose names a project), else 'stack'.
 */
export function defaultStackName(modelName: string | undefined, projectDirectory?: string): string {
  const clean = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '');
  return clean(modelName ?? '') || clean(basename(projectDirectory ?? '')) || 'stack';
}
