import { SeaworthyError } from './base.js';

/** An option failed validation before anything was sent to the engine. */
export class InvalidOptionError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_INVALID_OPTION';
  /** The option's path, e.g. `ports.8080.hostPort`. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super('SEAWORTHY_INVALID_OPTION', `invalid option \`${option}\`: ${problem}`);
    this.option = option;
  }
}
