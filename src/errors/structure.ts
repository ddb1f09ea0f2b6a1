import { SeaworthyError } from './base.js';

/**
 * A structure-test config (container-structure-test's YAML, schemaVersion
 * 2.0.0) that can't be run as written: a missing or unknown schema version,
 * an unknown key, a value of the wrong type, or a
 * file that can't be read. Thrown before any engine call.
 */
export class StructureConfigError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_STRUCTURE_CONFIG';
  /** Where the config came from: its file path, or `<config>` for an object. */
  readonly source: string;
  /** The field at fault, e.g. `commandTests[2].expectedOutput`; empty for the whole file. */
  readonly path: string;

  constructor(source: string, path: string, problem: string, options?: { cause?: unknown }) {
    const where = path ? `${source}: \`${path}\`` : source;
    super('SEAWORTHY_STRUCTURE_CONFIG', `structure-test config ${where}: ${problem}`, options);
    this.source = source;
    this.path = path;
  }
}
