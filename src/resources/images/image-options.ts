import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { assertKnownKeys, assertStringRecord } from '../definitions/validation.js';
import { hasStage } from './dockerfile-stages.js';
import { isBuildArgName, isPathComponent, isTagReference } from './image-reference.js';
import { PROGRESS_MODES, type ProgressMode, type ProgressOutput } from './progress.js';

/** How to build an image: `new ImageDefinition(name, options)` (docs/images.md). */
export interface ImageOptions {
  /** The build context: a folder, its `.dockerignore` honoured. Required unless `dockerfileContent` is given. */
  readonly context?: string;
  /** Path of the Dockerfile inside the context. @default 'Dockerfile' */
  readonly dockerfile?: string;
  /** The Dockerfile itself, as text, instead of a file in the context (then the context may be left out: empty). */
  readonly dockerfileContent?: string;
  /** Build arguments (`--build-arg NAME=value`). */
  readonly args?: Readonly<Record<string, string>>;
  /** The stage to build (`--target`); must be named by a `FROM … AS <name>` line. */
  readonly target?: string;
  /** Labels put on the image. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra references to tag the image with, `repository[:tag]` (`:latest` when left out). */
  readonly tags?: readonly string[];
  /** `os[/arch[/variant]]`, e.g. `linux/amd64`. @default the engine's own */
  readonly platform?: string;
  /** Pull newer versions of the base images first (`docker build --pull`). @default false */
  readonly pullBase?: boolean;
  /**
   * Keep the image, tagged by a hash of everything it is built from, and
   * reuse it while that hash is unchanged; `false` builds at every setup and
   * removes the image at the helper's teardown. @default true
   */
  readonly cache?: boolean;
  /** Never remove the image at teardown (matters with `cache: false`). @default false */
  readonly keep?: boolean;
  /** How the build shows progress. @default the helper's `progress` */
  readonly progress?: ProgressMode;
  /** Where progress goes. @default process.stderr */
  readonly progressOutput?: ProgressOutput;
}

const KNOWN: readonly (keyof ImageOptions)[] = [
  'context',
  'dockerfile',
  'dockerfileContent',
  'args',
  'target',
  'labels',
  'tags',
  'platform',
  'pullBase',
  'cache',
  'keep',
  'progress',
  'progressOutput',
];
const PLATFORM = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+){0,2}$/;

/** Reject what can be checked without the file system or the engine, when the definition is made. */
export function validateImageOptions(name: string, options: ImageOptions): void {
  const at = (key: string) => `${name}.${key}`;
  if (!isPathComponent(name)) {
    throw new InvalidOptionError(
      'image name',
      `${JSON.stringify(name)} can't be part of an image reference: use lower case letters and digits, with '.', '_' or '-' between them (e.g. 'web-app')`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(name, 'image options must be an object with `context` or `dockerfileContent`');
  }
  assertKnownKeys(name, options, KNOWN);
  const { context, dockerfile, dockerfileContent } = options;
  if (context === undefined && dockerfileContent === undefined) {
    throw new InvalidOptionError(at('context'), 'a build context folder is required (or give `dockerfileContent`)');
  }
  if (context !== undefined && (typeof context !== 'string' || context.trim() === '')) {
    throw new InvalidOptionError(at('context'), `${describeValue(context)} must be a folder path`);
  }
  if (dockerfile !== undefined && dockerfileContent !== undefined) {
    throw new InvalidOptionError(
      at('dockerfileContent'),
      'give either `dockerfile` (a file in the context) or `dockerfileContent` (the text), not both',
    );
  }
  if (dockerfile !== undefined && (typeof dockerfile !== 'string' || dockerfile.trim() === '')) {
    throw new InvalidOptionError(at('dockerfile'), `${describeValue(dockerfile)} must be a path inside the context`);
  }
  if (dockerfileContent !== undefined && (typeof dockerfileContent !== 'string' || dockerfileContent.trim() === '')) {
    throw new InvalidOptionError(at('dockerfileContent'), 'must be the Dockerfile as a non-empty string');
  }
  assertStringRecord(at('args'), options.args);
  for (const key of Object.keys(options.args ?? {})) {
    if (!isBuildArgName(key)) {
      throw new InvalidOptionError(
        `${at('args')}[${JSON.stringify(key)}]`,
        'is not a build argument name: use letters, digits and _, not starting with a digit (as ARG declares it)',
      );
    }
  }
  assertStringRecord(at('labels'), options.labels);
  if (options.target !== undefined) {
    if (typeof options.target !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(options.target)) {
      throw new InvalidOptionError(at('target'), `${describeValue(options.target)} is not a stage name`);
    }
    if (dockerfileContent !== undefined) assertTarget(name, dockerfileContent, options.target, 'dockerfileContent');
  }
  if (options.tags !== undefined) {
    if (!Array.isArray(options.tags)) {
      throw new InvalidOptionError(at('tags'), `${describeValue(options.tags)} must be an array of references`);
    }
    options.tags.forEach((tag, i) => {
      if (typeof tag !== 'string' || !isTagReference(tag)) {
        throw new InvalidOptionError(
          `${at('tags')}[${i}]`,
          `${describeValue(tag)} is not an image reference: write repository[:tag] in lower case, e.g. 'registry.local:5000/team/app:1.2.3'`,
        );
      }
    });
  }
  if (options.platform !== undefined && (typeof options.platform !== 'string' || !PLATFORM.test(options.platform))) {
    throw new InvalidOptionError(
      at('platform'),
      `${describeValue(options.platform)} is not a platform: write os[/arch[/variant]], e.g. 'linux/amd64'`,
    );
  }
  for (const key of ['pullBase', 'cache', 'keep'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new InvalidOptionError(at(key), `${describeValue(options[key])} must be true or false`);
    }
  }
  if (options.progress !== undefined && !PROGRESS_MODES.includes(options.progress)) {
    throw new InvalidOptionError(
      at('progress'),
      `${describeValue(options.progress)} must be one of ${PROGRESS_MODES.join(', ')}`,
    );
  }
  const output = options.progressOutput as { write?: unknown } | undefined;
  if (output !== undefined && typeof output?.write !== 'function') {
    throw new InvalidOptionError(at('progressOutput'), 'must have a write(text) method, like process.stderr');
  }
}

/** `target` must be a named stage of the Dockerfile `text`. */
export function assertTarget(name: string, text: string, target: string, source: string): void {
  if (hasStage(text, target)) return;
  throw new InvalidOptionError(
    `${name}.target`,
    `${JSON.stringify(target)} is not a stage of the Dockerfile (${source}); name one with \`FROM <image> AS ${target.toLowerCase()}\``,
  );
}
