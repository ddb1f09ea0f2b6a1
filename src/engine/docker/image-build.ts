import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { ImageBuildError } from '../../errors/index.js';
import type { RawBuildOptions } from '../build-types.js';
import { daemonMessage, isConnectionError } from '../error-mapping.js';
import { progressError, type RawProgressEvent } from '../progress-types.js';
import { readProgress } from './json-progress.js';

/** How many output lines of the failing step an {@link ImageBuildError} keeps. */
const LAST_LINES = 20;
// Docker's classic builder says `Step 2/3 : RUN …`; Podman's (Buildah) says `STEP 2/3: RUN …`.
const STEP = /^(?:Step (\d+\/\d+) : |STEP (\d+\/\d+): )/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are what it removes
const ANSI = /\x1b\[[0-9;]*m/g;
/** The builder's own lines about a step, not the step's output. */
const BOOKKEEPING = /^(?: ---> |Removing intermediate container )/;

/**
 * Build an image with the classic builder from `context` (a tar stream) and
 * resolve with its id. Rejects with {@link ImageBuildError} naming the
 * failing step and its last output lines, for a refusal (the Dockerfile
 * can't be parsed) as for an error the engine reports inside the build
 * output after answering 200. A lost connection is rethrown for the caller
 * to map.
 */
export async function buildImageFrom(docker: Dockerode, context: Readable, options: RawBuildOptions): Promise<string> {
  const name = options.displayName;
  let stream: Readable;
  try {
    stream = (await docker.buildImage(
      context as never,
      {
        t: [...options.tags],
        ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
        ...(options.buildArgs && Object.keys(options.buildArgs).length ? { buildargs: { ...options.buildArgs } } : {}),
        ...(options.target ? { target: options.target } : {}),
        ...(options.labels && Object.keys(options.labels).length ? { labels: { ...options.labels } } : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.pull ? { pull: '1' } : {}),
        rm: true,
        forcerm: true,
        abortSignal: options.signal,
      } as never,
    )) as unknown as Readable;
  } catch (error) {
    if (isConnectionError(error) || options.signal?.aborted) throw error;
    throw new ImageBuildError(name, daemonMessage(error), undefined, [], error);
  }
  const events = await readProgress(stream, options.onProgress).catch((error: unknown) => {
    if (isConnectionError(error) || options.signal?.aborted) throw error;
    throw new ImageBuildError(name, daemonMessage(error), ...lastStep([]), error);
  });
  const failed = progressError(events);
  if (failed !== undefined) throw new ImageBuildError(name, failed, ...lastStep(events));
  const id = builtId(events);
  if (id) return id;
  throw new ImageBuildError(name, 'the engine ended the build without naming an image', ...lastStep(events));
}

/** Tag `image` (an id or reference) as each of `references` (`repository:tag`). */
export async function addTagsTo(docker: Dockerode, image: string, references: readonly string[]): Promise<void> {
  for (const reference of references) {
    const colon = reference.lastIndexOf(':');
    const slash = reference.lastIndexOf('/');
    const [repo, tag] = colon > slash ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, 'latest'];
    await docker.getImage(image).tag({ repo, tag });
  }
}

/** The image id: from `aux.ID` (Engine API ≥ 1.30), else the `Successfully built <id>` line. */
export function builtId(events: readonly RawProgressEvent[]): string | undefined {
  for (const event of [...events].reverse()) {
    const aux = event.aux?.ID;
    if (typeof aux === 'string' && aux) return aux;
  }
  for (const event of [...events].reverse()) {
    const match = /Successfully built ([0-9a-f]{12,64})/.exec(event.stream ?? '');
    if (match) return match[1];
  }
  return undefined;
}

/** The last step the build output names, and the output lines after it (at most {@link LAST_LINES}). */
export function lastStep(events: readonly RawProgressEvent[]): [string | undefined, string[]] {
  const lines = events
    .flatMap((event) => (event.stream ?? '').split('\n'))
    // The classic builder colours a step's stderr (`\x1b[91m…\x1b[0m`).
    .map((line) => line.replace(ANSI, '').trimEnd())
    .filter((line) => !BOOKKEEPING.test(line));
  let step: string | undefined;
  let after: string[] = [];
  for (const line of lines) {
    const match = STEP.exec(line);
    if (match) {
      // Named in Docker's words on either engine (docs/engines.md).
      step = `Step ${match[1] ?? match[2]} : ${line.slice(match[0].length)}`;
      after = [];
    } else if (line.trim() !== '') {
      after.push(line);
    }
  }
  return [step, after.slice(-LAST_LINES)];
}
