import type { EngineClient } from '../../engine/client.js';
import { InvalidOptionError } from '../../errors/index.js';
import { LABELS } from '../../labels.js';
import { isValidName, isValidTag } from '../images/reference-grammar.js';

/** How `container.commit()` makes an image of a container. */
export interface CommitOptions {
  /** The new image's repository: `team/app`, `localhost:5000/app`. */
  readonly repository: string;
  /** @default 'latest' */
  readonly tag?: string;
  /**
   * Dockerfile instructions applied to the image's config while committing,
   * one per entry: `CMD ["app"]`, `ENV MODE=ci`, `EXPOSE 8080`, `LABEL a=b`,
   * `WORKDIR /srv`, `USER app`, `ENTRYPOINT ["x"]`, `VOLUME /data`, `ONBUILD RUN …`.
   */
  readonly changes?: readonly string[];
  /** The image's author, `Jane <jane@example.com>`. */
  readonly author?: string;
  /** The commit message (the image history's comment). */
  readonly message?: string;
  /** Pause the container while committing, so its files do not change half-way. @default true */
  readonly pause?: boolean;
}

/** The image a commit made. */
export interface CommittedImage {
  /** `sha256:…`. */
  readonly id: string;
  /** `repository:tag`. */
  readonly reference: string;
  readonly repository: string;
  readonly tag: string;
  /** Remove the image reference (the image goes with it unless another reference or a container uses it). */
  remove(): Promise<void>;
}

/** The instructions the engine accepts in a commit's `changes`. */
export const COMMIT_INSTRUCTIONS = [
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'LABEL',
  'ONBUILD',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

const KNOWN = new Set(['repository', 'tag', 'changes', 'author', 'message', 'pause']);

/** Check `options` before any engine call; throws InvalidOptionError naming `commit.<option>`. */
export function validateCommitOptions(options: CommitOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('commit', 'pass { repository, tag?, changes?, author?, message?, pause? }');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      throw new InvalidOptionError(`commit.${key}`, `unknown option; known: ${[...KNOWN].join(', ')}`);
  }
  if (typeof options.repository !== 'string' || !isValidName(options.repository)) {
    throw new InvalidOptionError(
      'commit.repository',
      `${JSON.stringify(options.repository)} is not a repository name (lower case, e.g. "team/app" or "localhost:5000/app"; no tag)`,
    );
  }
  if (options.tag !== undefined && (typeof options.tag !== 'string' || !isValidTag(options.tag))) {
    throw new InvalidOptionError(
      'commit.tag',
      `${JSON.stringify(options.tag)} is not a tag (letters, digits, '_', '.', '-'; not starting with '.' or '-'; at most 128)`,
    );
  }
  if (options.changes !== undefined) {
    if (!Array.isArray(options.changes))
      throw new InvalidOptionError('commit.changes', 'must be an array of instructions');
    for (const [index, change] of options.changes.entries()) checkChange(change, `commit.changes[${index}]`);
  }
  for (const key of ['author', 'message'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') {
      throw new InvalidOptionError(`commit.${key}`, 'must be a string');
    }
  }
  if (options.pause !== undefined && typeof options.pause !== 'boolean') {
    throw new InvalidOptionError('commit.pause', 'must be true or false');
  }
}

function checkChange(change: unknown, at: string): void {
  if (typeof change !== 'string') throw new InvalidOptionError(at, 'must be a string such as "ENV MODE=ci"');
  if (/[\r\n]/.test(change)) throw new InvalidOptionError(at, 'one instruction per entry: no line breaks');
  const match = /^\s*(\S+)\s+\S/.exec(change);
  const instruction = match?.[1]?.toUpperCase();
  if (!instruction || !(COMMIT_INSTRUCTIONS as readonly string[]).includes(instruction)) {
    throw new InvalidOptionError(
      at,
      `${JSON.stringify(change)} is not an instruction a commit can apply; use one of ${COMMIT_INSTRUCTIONS.join(', ')} with its arguments`,
    );
  }
}

/** Commit container `id` as an image, as `options` say (validated first). */
export async function commitContainerImage(
  engine: EngineClient,
  id: string,
  options: CommitOptions,
  signal?: AbortSignal,
): Promise<CommittedImage> {
  validateCommitOptions(options);
  const repository = options.repository;
  const tag = options.tag ?? 'latest';
  const labels = blankedOwnLabels((await engine.inspectContainer(id)).Config?.Labels ?? {});
  const imageId = await engine.commitContainer(
    id,
    {
      repository,
      tag,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(options.changes ? { changes: options.changes } : {}),
      ...(options.author !== undefined ? { author: options.author } : {}),
      ...(options.message !== undefined ? { message: options.message } : {}),
      ...(options.pause !== undefined ? { pause: options.pause } : {}),
    },
    signal,
  );
  const reference = `${repository}:${tag}`;
  return { id: imageId, reference, repository, tag, remove: () => engine.removeImage(reference) };
}

/**
 * Seaworthy's own labels on the container, each set to the empty string.
 * The engine copies every container label into the committed image and a
 * commit cannot delete one, so they are blanked: a container someone starts
 * from the image is then not taken for a leftover of this run.
 */
export function blankedOwnLabels(containerLabels: Readonly<Record<string, string>>): Record<string, string> {
  const prefix = `${LABELS.managed.split('.').slice(0, 2).join('.')}.`;
  return Object.fromEntries(
    Object.keys(containerLabels)
      .filter((key) => key.startsWith(prefix))
      .map((key) => [key, '']),
  );
}
