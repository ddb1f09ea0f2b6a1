import { errorMessage, SeaworthyError } from './base.js';

/**
 * Emitted as a process warning, never thrown: an engine of the list
 * (`SEAWORTHY_ENGINES`, docs/several-engines.md) did not answer when a worker
 * picked it, so the worker took the next one. The tests still run, on the
 * engines that answered.
 */
export class EngineSkippedWarning extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_SKIPPED';
  /** The engine's name in the list. */
  readonly engine: string;
  readonly address: string;

  constructor(engine: string, address: string, reason: string, next: string) {
    super(
      'SEAWORTHY_ENGINE_SKIPPED',
      `engine '${engine}' (${address}) did not answer (${reason}), so this worker uses ${next} instead. ` +
        'Start that engine, or take it out of SEAWORTHY_ENGINES; workers started once it answers use it again.',
    );
    this.engine = engine;
    this.address = address;
  }
}

/**
 * The directory where workers record which engine each one uses could not
 * be used (created, locked or written).
 */
export class EngineLeaseError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_LEASE';
  readonly directory: string;

  constructor(directory: string, cause: unknown) {
    super(
      'SEAWORTHY_ENGINE_LEASE',
      `could not use the engine lease directory ${directory} (${errorMessage(cause)}). Workers record there which ` +
        'of the SEAWORTHY_ENGINES each one uses; point SEAWORTHY_ENGINE_LEASES at a writable directory on this machine.',
      { cause },
    );
    this.directory = directory;
  }
}
