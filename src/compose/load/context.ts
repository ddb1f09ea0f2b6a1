import { ComposeFileError, ComposeUnsupportedError } from '../../errors/compose.js';
import type { VariableLookup } from './interpolate.js';

/*
 * What normalising one service of one file needs to know: the file (for
 * errors), the folder its relative paths are resolved against, the variables,
 * and two ways to fail naming the key.
 */
export interface ServiceContext {
  readonly file: string;
  /** Absent for keys outside `services:` (top-level networks and volumes). */
  readonly service?: string;
  /** Relative paths (build context, bind sources, env_file) are resolved against it. */
  readonly baseDirectory: string;
  readonly lookup: VariableLookup;
  /** Throw a `ComposeFileError` for `<prefix>.<key>` (`services.<service>.<key>`). */
  fail(key: string, problem: string): never;
  /** Throw a `ComposeUnsupportedError` for `<prefix>.<key>`. */
  unsupported(key: string, detail?: string): never;
}

export function serviceContext(
  file: string,
  service: string,
  baseDirectory: string,
  lookup: VariableLookup,
): ServiceContext {
  return keyContext(file, `services.${service}`, baseDirectory, lookup, service);
}

/** A context for keys under `prefix` (`networks.backend`), outside any service unless one is given. */
export function keyContext(
  file: string,
  prefix: string,
  baseDirectory: string,
  lookup: VariableLookup,
  service?: string,
): ServiceContext {
  const at = (key: string) => ({
    file,
    ...(service !== undefined && { service }),
    key: key ? `${prefix}.${key}` : prefix,
  });
  return {
    file,
    ...(service !== undefined && { service }),
    baseDirectory,
    lookup,
    fail(key, problem) {
      throw new ComposeFileError(at(key), problem);
    },
    unsupported(key, detail) {
      throw new ComposeUnsupportedError(at(key), detail);
    },
  };
}
