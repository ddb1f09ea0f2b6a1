import { MissingPeerDependencyError } from '../../errors/index.js';

/** Who needs an optional peer dependency, and what for (the words of its error message). */
export interface PeerUse {
  /** The npm package, e.g. `pg`. */
  readonly packageName: string;
  /** What needs it, e.g. `PostgresDefinition`. */
  readonly feature: string;
  /** What it is needed for, after "to", e.g. `connect to the server`. */
  readonly purpose: string;
}

/**
 * Load an optional peer dependency with `load` (an `import()` of the package,
 * written out at the call site so bundlers keep the specifier). When the
 * package itself can't be found, reject with {@link MissingPeerDependencyError};
 * any other failure (a module missing inside the package, an error while it
 * loads) is passed on unchanged.
 */
export async function loadPeer<T>(use: PeerUse, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw peerLoadError(use, error);
  }
}

/** The error to throw for a failed load of `use.packageName`: a typed one when the package is not installed. */
export function peerLoadError(use: PeerUse, error: unknown): unknown {
  return isPackageNotFound(error, use.packageName)
    ? new MissingPeerDependencyError(use.packageName, use.feature, use.purpose, error)
    : error;
}

/**
 * True when `error` says `packageName` itself could not be resolved: Node's
 * ESM loader (`ERR_MODULE_NOT_FOUND`, "Cannot find package 'pg' imported
 * from …") or `require` (`MODULE_NOT_FOUND`, "Cannot find module 'pg'", also
 * Jest's wording). Read by shape, not `instanceof`: under Jest the error can
 * come from another realm.
 */
export function isPackageNotFound(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  if (typeof message !== 'string') return false;
  return (
    message.includes(`Cannot find package '${packageName}'`) || message.includes(`Cannot find module '${packageName}'`)
  );
}
