import { existsSync, mkdirSync } from 'node:fs';
import {
  ComposeDependencyError,
  ComposeServiceError,
  ComposeStartupError,
  OneShotFailedError,
  TeardownError,
} from '../../errors/index.js';
import { ContainerDefinition } from '../../resources/definitions/container-definition.js';
import type { ImageSource, StartedContainerRef } from '../../resources/definitions/resource-refs.js';
import type { Container } from '../../resources/handles/container.js';
import type { WaitStrategy } from '../../resources/handles/readiness.js';
import type { DockerHelper } from '../../resources/helper/helper.js';
import { waitFor } from '../../waits/index.js';
import type { ComposeModel, ComposeService, DependsOnCondition } from '../model.js';
import { healthBudgetMs } from './health-budget.js';
import { directDependencies, unknownService } from './service-graph.js';
import { serviceContainerOptions } from './service-options.js';
import type { ResolvedStackOptions, ServiceProgress } from './stack-options.js';
import { StackResources } from './stack-resources.js';

/** What a stack is made from: the model, and each service's image (an image definition for `build:`). */
export interface StackSource {
  readonly model: ComposeModel;
  imageOf(service: string): string | ImageSource;
}

interface ServiceState {
  definitions?: readonly ContainerDefinition[];
  /** Set up (started, and ready by its wait). */
  started?: Promise<readonly Container[]>;
  /** Created, not started (`createService`). */
  created?: Promise<Container>;
  healthy?: Promise<void>;
  containers: Container[];
}

/**
 * One stack's life in one helper: services start in parallel, each once its
 * dependencies meet their `depends_on` conditions; containers, then
 * networks, then volumes are removed at teardown. The `ComposeStack` handle
 * is its public face.
 */
export class StackRuntime {
  readonly resources: StackResources;
  /** Containers in the order they were started or created. */
  private readonly order: Container[] = [];
  private readonly states = new Map<string, ServiceState>();
  /** Services some dependant waits on with `service_completed_successfully`: their wait is their exit. */
  private readonly oneShots = new Set<string>();
  private readonly failures: { service: string; error: unknown; aborted: boolean }[] = [];
  private readonly seen = new WeakSet<object>();
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private tornDown: Promise<void> | undefined;
  /** While setup runs, a failure cancels the other starts; afterwards one failed start leaves the rest alone. */
  private settingUp = false;
  /** When this runtime was made: progress events count from here. */
  private readonly began = performance.now();

  constructor(
    readonly helper: DockerHelper,
    private readonly source: StackSource,
    private readonly options: ResolvedStackOptions,
    /** The stack's name in its helper (`options.name`, with `-2`, … for a second stack of that name). */
    readonly name: string,
    signal: AbortSignal | undefined,
  ) {
    this.signal = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    const { model } = source;
    this.resources = new StackResources(helper, model, name, this.project);
    for (const service of Object.values(model.services)) {
      for (const [dependency, condition] of directDependencies(model, service)) {
        this.checkCondition(service.name, dependency, condition);
        if (condition === 'service_completed_successfully') this.oneShots.add(dependency);
      }
    }
    for (const name of this.oneShots) {
      if (options.waits[name]) {
        throw new ComposeDependencyError({
          dependant: dependantOf(model, name) ?? name,
          dependency: name,
          condition: 'service_completed_successfully',
          problem: `has a wait in \`waits.${name}\``,
          advice:
            'A one-shot service is ready when it exits with code 0, so it takes no other wait: drop `waits.' +
            name +
            '`.',
        });
      }
    }
    // Every option of the services to start is checked now, before any engine call
    // (containers they depend on stand in as a placeholder).
    for (const name of options.services) {
      const service = model.services[name] as ComposeService;
      this.buildDefinitions(service, Math.min(1, service.replicas), undefined, () => ({ id: 'not-started-yet' }));
    }
  }

  /** The compose project name on every label: the helper's namespace and the stack's name. */
  get project(): string {
    return `${this.helper.namespace}-${this.name}`;
  }

  get model(): ComposeModel {
    return this.source.model;
  }

  /** Services started (or created) so far, in the model's order. */
  get serviceNames(): string[] {
    return Object.keys(this.model.services).filter((name) => (this.states.get(name)?.containers.length ?? 0) > 0);
  }

  /** The containers of a started service; a typed error for an unknown one or one not started. */
  containersOf(name: string): readonly Container[] {
    if (!this.model.services[name]) throw unknownService(this.model, name, `service('${name}')`);
    const containers = this.states.get(name)?.containers ?? [];
    if (containers.length === 0) {
      throw new ComposeServiceError(
        name,
        'not-started',
        `is not started in stack '${this.name}' (started: ${this.serviceNames.join(', ') || 'none'}). ` +
          `Add it to the stack's \`services\`, or call \`stack.startService('${name}')\`.`,
      );
    }
    return containers;
  }

  /** Start the stack's services; on a failure, remove what started and throw one typed error. */
  async startAll(): Promise<void> {
    this.settingUp = true;
    try {
      await this.run(this.options.services.map((name) => this.start(name)));
    } finally {
      this.settingUp = false;
    }
  }

  /** Start a service (and what it needs) not started yet. */
  async startService(name: string): Promise<readonly Container[]> {
    if (!this.model.services[name]) throw unknownService(this.model, name, `startService('${name}')`);
    const state = this.stateOf(name);
    if (state.created && !state.started) {
      const container = await state.created;
      if (container.status === 'created') await container.start();
      return [container];
    }
    return this.run([this.start(name)], false).then(() => this.containersOf(name));
  }

  /** Start what a service needs, then create its one container without starting it. */
  async createService(name: string): Promise<Container> {
    const service = this.model.services[name];
    if (!service) throw unknownService(this.model, name, `createService('${name}')`);
    if (service.replicas > 1) {
      throw new ComposeServiceError(
        name,
        'scaled',
        `has ${service.replicas} replicas; createService() creates a service's single container. Start it with startService() and use stack.replicas('${name}').`,
      );
    }
    const state = this.stateOf(name);
    if (state.started) return (await state.started)[0] as Container;
    state.created ??= (async () => {
      await this.dependenciesMet(name);
      const [definition] = await this.definitionsOf(service, false);
      const container = await (definition as ContainerDefinition).create(this.helper, { signal: this.signal });
      this.order.push(container);
      state.containers.push(container);
      return container;
    })();
    let created: Container | undefined;
    await this.run([state.created.then((c) => (created = c))], false, name);
    return created as Container;
  }

  /** Remove the containers (newest first), then networks, then volumes. Idempotent. */
  teardown(): Promise<void> {
    this.tornDown ??= (async () => {
      this.abort.abort();
      const pending = [...this.states.values()].flatMap((s) => [s.started, s.created, s.healthy]);
      await Promise.allSettled(pending);
      const failures: { resource: string; error: unknown }[] = [];
      for (const container of this.order.splice(0).reverse()) {
        await container
          .teardown()
          .catch((error: unknown) => failures.push({ resource: `container ${container.name}`, error }));
      }
      for (const state of this.states.values()) state.containers.length = 0;
      failures.push(...(await this.resources.teardown()));
      if (failures.length) throw new TeardownError(`compose stack '${this.name}'`, failures);
    })();
    return this.tornDown;
  }

  /**
   * Wait for every start in `work`. On a failure: remove everything the
   * stack started when `all` (setup), and throw the first failure as a typed
   * error naming its service.
   */
  private async run(work: Promise<unknown>[], all = true, service?: string): Promise<void> {
    const results = await Promise.allSettled(work);
    if (results.every((r) => r.status === 'fulfilled')) return;
    const first = this.failures.find((f) => !f.aborted) ?? this.failures[0];
    const failed = first ?? {
      service: service ?? '?',
      error: (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason,
    };
    const explained = this.failures.find(
      (f) => f.error instanceof ComposeDependencyError && (f.error.cause === failed.error || f.error === failed.error),
    );
    const error =
      explained?.error ??
      (failed.error instanceof ComposeServiceError
        ? failed.error
        : new ComposeStartupError(this.name, failed.service, failed.error));
    this.failures.length = 0;
    if (all) await this.teardown().catch(() => undefined);
    throw error;
  }

  private stateOf(name: string): ServiceState {
    let state = this.states.get(name);
    if (!state) {
      state = { containers: [] };
      this.states.set(name, state);
    }
    return state;
  }

  /** Start a service once: after its dependencies, every replica in parallel, each through its wait. */
  private start(name: string): Promise<readonly Container[]> {
    const state = this.stateOf(name);
    state.started ??= this.record(name, async () => {
      await this.dependenciesMet(name);
      const service = this.model.services[name] as ComposeService;
      const definitions = await this.definitionsOf(service, true);
      const containers = await Promise.all(
        definitions.map(async (definition) => {
          const container = await definition.setup(this.helper, { signal: this.signal });
          this.order.push(container);
          return container;
        }),
      );
      // Replica 1 first, whichever finished starting first.
      state.containers.push(...containers);
      this.progress(name, this.oneShots.has(name) ? 'completed' : 'ready');
      return containers;
    });
    return state.started;
  }

  /** Tell `onProgress`, if given; what it throws is ignored. */
  private progress(service: string, reached: ServiceProgress['reached']): void {
    try {
      this.options.onProgress?.({ service, reached, elapsedMs: performance.now() - this.began });
    } catch {
      // progress output must never break a start
    }
  }

  /** Record a failure that starts here (not one passed on from a dependency), and abort the other starts. */
  private async record<T>(service: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error !== null && typeof error === 'object' && !this.seen.has(error)) {
        this.seen.add(error);
        this.failures.push({ service, error, aborted: this.signal.aborted });
        if (this.settingUp) this.abort.abort();
      }
      throw error;
    }
  }

  /** Resolves once every dependency of `name` meets its condition. */
  private async dependenciesMet(name: string): Promise<void> {
    const service = this.model.services[name] as ComposeService;
    await Promise.all(
      [...directDependencies(this.model, service)].map(([dependency, condition]) =>
        this.record(name, () => this.condition(name, dependency, condition)),
      ),
    );
  }

  private async condition(dependant: string, dependency: string, condition: DependsOnCondition): Promise<void> {
    let containers: readonly Container[];
    try {
      containers = await this.start(dependency);
    } catch (error) {
      if (condition === 'service_completed_successfully' && error instanceof OneShotFailedError) {
        throw new ComposeDependencyError({
          dependant,
          dependency,
          condition,
          problem: `exited with code ${error.exitCode ?? 'unknown'}${error.oomKilled ? ' (killed for running out of memory)' : ''}`,
          advice: `It must exit with code 0 before '${dependant}' starts: its logs usually say why it failed.`,
          exitCode: error.exitCode,
          lastLogLines: error.lastLogLines,
          cause: error,
        });
      }
      throw error;
    }
    if (condition === 'service_healthy') await this.healthy(dependant, dependency, containers);
  }

  /** Wait until every replica of `dependency` reports healthy (once, shared by its dependants). */
  private healthy(dependant: string, dependency: string, containers: readonly Container[]): Promise<void> {
    const state = this.stateOf(dependency);
    state.healthy ??= Promise.all(
      containers.map(async (container) => {
        const info = await container.inspect();
        if (info.state.health === undefined) {
          throw new ComposeDependencyError({
            dependant,
            dependency,
            condition: 'service_healthy',
            problem: 'has no healthcheck (none in the compose file, none in its image), so it can never report healthy',
            advice: `Give '${dependency}' a \`healthcheck:\`, or make '${dependant}' wait with condition service_started.`,
          });
        }
        await container.waitFor(waitFor.healthy(), {
          signal: this.signal,
          timeoutMs: this.options.startupTimeoutMs ?? healthBudgetMs(this.model.services[dependency]?.healthcheck),
        });
      }),
    ).then(() => this.progress(dependency, 'healthy'));
    return state.healthy.catch((error: unknown) => {
      if (error instanceof ComposeDependencyError || this.signal.aborted) throw error;
      throw new ComposeDependencyError({
        dependant,
        dependency,
        condition: 'service_healthy',
        problem: 'did not become healthy',
        advice: `Check its healthcheck and its logs. Cause: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    });
  }

  /** Reject, before any engine call, a condition that can never be met. */
  private checkCondition(dependant: string, dependency: string, condition: DependsOnCondition): void {
    const target = this.model.services[dependency];
    if (condition === 'service_healthy' && target?.healthcheck === 'disabled') {
      throw new ComposeDependencyError({
        dependant,
        dependency,
        condition,
        problem: 'has its healthcheck disabled, so it can never report healthy',
        advice: `Enable a healthcheck on '${dependency}', or make '${dependant}' wait with condition service_started.`,
      });
    }
  }

  /** The definitions of replicas `1..replicas`: pure, so options are checked before any engine call too. */
  private buildDefinitions(
    service: ComposeService,
    replicas: number,
    wait: WaitStrategy | undefined,
    started: (name: string) => StartedContainerRef,
  ): ContainerDefinition[] {
    return Array.from({ length: replicas }, (_, i) => {
      const number = i + 1;
      return new ContainerDefinition(
        `${this.name}-${service.name}-${number}`,
        serviceContainerOptions(service, number, {
          project: this.project,
          hostPorts: this.options.hostPorts,
          startupTimeoutMs: this.options.startupTimeoutMs,
          wait,
          network: (key) => this.resources.networkSource(key),
          networkEngineName: (key) => this.resources.networkEngineName(key),
          volume: (key) => this.resources.volumeSource(key),
          anonymousVolume: (index) => this.resources.anonymousVolume(service.name, number, index),
          image: this.source.imageOf(service.name),
          started,
        }),
      );
    });
  }

  /** A service's container definitions, one per replica, made once its dependencies have started. */
  private async definitionsOf(service: ComposeService, withWait: boolean): Promise<readonly ContainerDefinition[]> {
    const state = this.stateOf(service.name);
    if (state.definitions) return state.definitions;
    // `scale: 0` starts no container: the service counts as started, with nothing to wait for.
    const replicas = Math.max(0, service.replicas);
    createBindSources(service);
    await this.resources.prepare(service, replicas);
    const wait: WaitStrategy | undefined =
      withWait && this.oneShots.has(service.name) ? waitFor.successfulExit() : this.options.waits[service.name];
    const definitions = this.buildDefinitions(
      service,
      replicas,
      wait,
      (name) => this.containersOf(name)[0] as Container,
    );
    state.definitions = definitions;
    return definitions;
  }
}

/** Create missing bind-mount source folders, as compose does, unless `create_host_path: false`. */
function createBindSources(service: ComposeService): void {
  for (const mount of service.mounts) {
    if (mount.type === 'bind' && mount.createHostPath !== false && !existsSync(mount.source)) {
      mkdirSync(mount.source, { recursive: true });
    }
  }
}

/** A service that waits for `dependency` to complete, for messages. */
function dependantOf(model: ComposeModel, dependency: string): string | undefined {
  return Object.values(model.services).find(
    (s) => s.dependsOn[dependency]?.condition === 'service_completed_successfully',
  )?.name;
}
