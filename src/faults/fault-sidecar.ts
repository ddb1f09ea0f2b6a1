import { debugLogger } from '../debug/logger.js';
import { FaultCommandError, FaultUnsupportedError } from '../errors/index.js';
import type { Container } from '../resources/handles/container.js';
import { type FaultSpec, faultScript, UNKNOWN_QDISC, usesNetem } from './fault-plan.js';

const log = debugLogger('faults');

/**
 * The sidecar of one container: a container of the netem image sharing its
 * network namespace with NET_ADMIN, and the faults applied through it.
 * Every change rebuilds the whole configuration from the faults still
 * active (see `faultScript`), one change at a time.
 */
export class FaultSidecar {
  private readonly active: { readonly id: number; readonly spec: FaultSpec }[] = [];
  private nextId = 1;
  /** Whether the kernel has sch_netem: unknown until tc has answered a netem request. */
  private netem: boolean | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(
    /** The container the faults act on. */
    readonly target: Container,
    /** The sidecar container. */
    readonly sidecar: Container,
  ) {}

  /** Apply one more fault; resolves with its id once it is in force. On failure the faults before it stay in force. */
  add(spec: FaultSpec): Promise<number> {
    return this.serial(async () => {
      const id = this.nextId++;
      const before = [...this.active];
      this.active.push({ id, spec });
      try {
        await this.apply(`add ${spec.kind}`);
      } catch (error) {
        this.active.splice(0, this.active.length, ...before);
        await this.apply('restore the faults before it').catch(() => undefined);
        throw error;
      }
      return id;
    });
  }

  /** Remove one fault (idempotent): the others stay in force. */
  remove(id: number): Promise<void> {
    return this.serial(async () => {
      const index = this.active.findIndex((fault) => fault.id === id);
      if (index < 0 || this.closed) return;
      const [removed] = this.active.splice(index, 1);
      await this.apply(`remove ${removed?.spec.kind}`);
    });
  }

  /**
   * Undo every fault (unless the container is going away anyway) and remove
   * the sidecar. Idempotent.
   */
  close(options: { undo: boolean }): Promise<void> {
    this.closed ??= this.serial(async () => {
      try {
        if (options.undo && this.active.length) {
          this.active.length = 0;
          await this.apply('clear its faults');
        }
      } finally {
        this.active.length = 0;
        await this.sidecar.teardown();
      }
    });
    return this.closed;
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(action: string): Promise<void> {
    const specs = this.active.map((fault) => fault.spec);
    const netem = this.netem !== false;
    const result = await this.run(faultScript(specs, netem));
    if (result.exitCode === 0) {
      if (usesNetem(specs, netem)) this.netem = true;
      return;
    }
    const output = `${result.stderr}${result.stdout}`;
    if (netem && UNKNOWN_QDISC.test(output)) {
      // tc's own answer: this kernel has no sch_netem.
      this.netem = false;
      log('%s: no sch_netem (%s)', this.target.definition.name, output.trim());
      if (specs.some((spec) => spec.kind === 'delay')) {
        throw new FaultUnsupportedError('delay', this.target.definition.name, output);
      }
      // Loss falls back to iptables' statistic match.
      const retry = await this.run(faultScript(specs, false));
      if (retry.exitCode === 0) return;
      throw new FaultCommandError(this.target.definition.name, action, retry.exitCode, retry.stderr + retry.stdout);
    }
    throw new FaultCommandError(this.target.definition.name, action, result.exitCode, output);
  }

  private run(script: string) {
    log('%s: %s', this.target.definition.name, script.replace(/\n/g, '; '));
    return this.sidecar.exec(['sh', '-c', script]);
  }
}
