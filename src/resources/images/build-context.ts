import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { InvalidOptionError } from '../../errors/index.js';
import { assertTarget, type ImageOptions } from './image-options.js';

/** One entry of the build context that is sent to the engine. */
export interface ContextEntry {
  /** Path inside the context, with `/` separators. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
  readonly size: number;
  readonly mtime: Date;
  /** A file's SHA-256 (hex). */
  readonly digest?: string;
  /** A symlink's target text. */
  readonly target?: string;
  /** A file's content, when it was small enough to keep from hashing to packing. */
  readonly content?: Buffer;
}

/** What one build sends: the context's entries (ignored ones left out) and the Dockerfile. */
export interface BuildContext {
  /** The context folder, absolute; `undefined` for the empty context of a `dockerfileContent` build. */
  readonly root: string | undefined;
  /** Sorted by path. */
  readonly entries: readonly ContextEntry[];
  /** The Dockerfile's path inside the context, as the engine is told. */
  readonly dockerfile: string;
  readonly dockerfileText: string;
  /** A `dockerfileContent` Dockerfile, added to the context under `dockerfile`. */
  readonly injected: boolean;
}

/**
 * The matcher factory. The package is CommonJS (`module.exports = factory`)
 * while its typings declare a default export: take whichever this build got.
 */
type IgnoreFactory = typeof dockerignore.default;
const ignore: IgnoreFactory =
  (dockerignore as unknown as { default?: IgnoreFactory }).default ?? (dockerignore as unknown as IgnoreFactory);

/** Where a `dockerfileContent` Dockerfile goes in the context. */
export const INJECTED_DOCKERFILE = '.seaworthy.Dockerfile';
/** Files up to this size are read once and kept for packing; larger ones are read again when packed. */
const KEEP_BYTES = 4 * 1024 * 1024;
/** At most this much file content is kept per build; past it, files are read again when packed. */
const KEEP_TOTAL_BYTES = 64 * 1024 * 1024;

/**
 * Read the build context of `name` before any engine call: the folder must
 * exist, the Dockerfile must exist inside it, and `target` must be one of
 * its stages. `.dockerignore` is applied with Docker's own matching rules
 * (`@balena/dockerignore`); the Dockerfile and `.dockerignore` are always
 * sent, as `docker build` sends them.
 */
export async function readBuildContext(name: string, options: ImageOptions): Promise<BuildContext> {
  const root = options.context === undefined ? undefined : await contextRoot(name, options.context);
  const dockerfileText =
    options.dockerfileContent ?? (await readDockerfile(name, root as string, options.dockerfile ?? 'Dockerfile'));
  const dockerfile =
    options.dockerfileContent !== undefined ? INJECTED_DOCKERFILE : toPosix(options.dockerfile ?? 'Dockerfile');
  if (options.target !== undefined) {
    assertTarget(
      name,
      dockerfileText,
      options.target,
      options.dockerfileContent !== undefined ? 'dockerfileContent' : dockerfile,
    );
  }
  if (root === undefined) return { root, entries: [], dockerfile, dockerfileText, injected: true };
  const patterns = await ignorePatterns(root);
  const matcher = ignore().add(patterns);
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const always = new Set(['.dockerignore', posix.normalize(dockerfile)]);
  const entries: ContextEntry[] = [];
  let kept = 0;
  const keep = (content: Buffer): boolean => {
    if (content.length > KEEP_BYTES || kept + content.length > KEEP_TOTAL_BYTES) return false;
    kept += content.length;
    return true;
  };
  const walk = async (folder: string): Promise<void> => {
    const names = (await readdir(join(root, folder))).sort();
    for (const child of names) {
      const path = folder ? `${folder}/${child}` : child;
      if (options.dockerfileContent !== undefined && path === INJECTED_DOCKERFILE) continue;
      const ignored = matcher.ignores(path) && !always.has(path);
      const info = await lstat(join(root, path));
      if (info.isDirectory()) {
        if (!ignored) entries.push(entryOf(path, 'directory', info));
        // An excluded folder is still walked when a `!` pattern may bring back something inside it.
        if (!ignored || hasExceptions) await walk(path);
      } else if (!ignored && info.isSymbolicLink()) {
        entries.push({ ...entryOf(path, 'symlink', info), target: await readlink(join(root, path)) });
      } else if (!ignored && info.isFile()) {
        const content = await readFile(join(root, path));
        const digest = createHash('sha256').update(content).digest('hex');
        entries.push({ ...entryOf(path, 'file', info), digest, ...(keep(content) ? { content } : {}) });
      }
      // Sockets, pipes and devices are not sent, as `docker build` does not send them.
    }
  };
  await walk('');
  // Sent even inside an excluded folder the walk skipped.
  for (const path of always) {
    if (entries.some((entry) => entry.path === path)) continue;
    const info = await lstat(join(root, path)).catch(() => undefined);
    if (!info?.isFile()) continue;
    const content = await readFile(join(root, path));
    const digest = createHash('sha256').update(content).digest('hex');
    entries.push({ ...entryOf(path, 'file', info), digest, content });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, entries, dockerfile, dockerfileText, injected: options.dockerfileContent !== undefined };
}

/** The `.dockerignore` patterns, read as Docker reads them: trimmed, comments and blank lines dropped. */
export async function ignorePatterns(root: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(join(root, '.dockerignore'), 'utf8');
  } catch {
    return [];
  }
  return parseIgnoreFile(text);
}

/** The patterns of a `.dockerignore` text. */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function entryOf(path: string, type: ContextEntry['type'], info: Awaited<ReturnType<typeof lstat>>): ContextEntry {
  return {
    path,
    type,
    mode: Number(info.mode) & 0o7777,
    size: type === 'file' ? Number(info.size) : 0,
    mtime: info.mtime as Date,
  };
}

async function contextRoot(name: string, context: string): Promise<string> {
  const absolute = resolve(context);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InvalidOptionError(
      `${name}.context`,
      `${JSON.stringify(context)} ${info ? 'is not a folder' : 'does not exist'} (resolved to ${absolute}); give the folder to build from`,
    );
  }
  return realpath(absolute);
}

async function readDockerfile(name: string, root: string, dockerfile: string): Promise<string> {
  const path = resolve(root, dockerfile);
  const outside = (p: string) => {
    const rel = relative(root, p);
    return rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel);
  };
  if (outside(path)) {
    throw new InvalidOptionError(
      `${name}.dockerfile`,
      `${JSON.stringify(dockerfile)} is outside the context ${root}; put the Dockerfile inside it, or give its text as \`dockerfileContent\``,
    );
  }
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined || !(await stat(real)).isFile()) {
    throw new InvalidOptionError(
      `${name}.dockerfile`,
      `no Dockerfile at ${JSON.stringify(dockerfile)} in the context ${root}; name the file with \`dockerfile\`, or give its text as \`dockerfileContent\``,
    );
  }
  if (outside(real)) {
    throw new InvalidOptionError(
      `${name}.dockerfile`,
      `${JSON.stringify(dockerfile)} is a link to ${real}, outside the context ${root}; the engine could not read it`,
    );
  }
  return readFile(real, 'utf8');
}

function toPosix(path: string): string {
  return posix.normalize(path.split(sep).join('/')).replace(/^(\.\/)+/, '');
}
