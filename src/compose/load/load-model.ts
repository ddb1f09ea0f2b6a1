import type { ComposeModel } from '../model.js';

/** Where `loadCompose()` reads variables and which profiles it enables. */
export interface LoadComposeOptions {
  /**
   * Folder relative paths (build contexts, bind sources, `env_file`) are
   * resolved against. @default the first file's folder
   */
  readonly projectDirectory?: string;
  /** Variables for `${VAR}` interpolation, over the `.env` file's. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `.env` file(s) to read, or `false` for none. @default `<projectDirectory>/.env` when it exists */
  readonly envFile?: string | readonly string[] | false;
  /** Profiles to enable. @default $COMPOSE_PROFILES (comma-separated), else none */
  readonly profiles?: readonly string[];
}

/**
 * Read, interpolate, merge and validate compose files into a
 * {@link ComposeModel}. Throws a typed error naming the file, the service
 * and the key for anything malformed or unsupported.
 */
export function loadComposeModel(files: string | readonly string[], options: LoadComposeOptions = {}): ComposeModel {
  void files;
  void options;
  throw new Error('loadComposeModel: not implemented yet (issue 15, compose loader)');
}
