import { InvalidOptionError } from '../../errors/index.js';
import { isValidName, isValidRegistry, isValidTag, parseReference, withoutRegistry } from './reference-grammar.js';

/**
 * Which tags to give images before pushing them, with docker-ci-deploy's
 * meanings (the `seaworthy tag` options in camelCase).
 */
export interface TagPlanOptions {
  /** Put this version in front of each tag (`1.2.3`, `8.7.1-jessie`). */
  readonly version?: string;
  /** With `version`: also the tags without the version (`latest` when there are none). */
  readonly versionLatest?: boolean;
  /** With `version`: also each shorter version, `1.2.3` → `1.2.3`, `1.2`, `1`. */
  readonly versionSemver?: boolean;
  /** With `versionSemver`: the fewest version parts kept, `2` stops at `1.2`. @default 1 */
  readonly semverPrecision?: number;
  /** With `versionSemver`: also a bare major version `0`. @default false */
  readonly semverZero?: boolean;
  /** The tags to give instead of each image's own tag. */
  readonly tags?: readonly string[];
  /** `host[:port]` to put in front of each image name. */
  readonly registry?: string;
}

/** One image and the references it gets. */
export interface TagPlanImage {
  /** The image as given. */
  readonly source: string;
  /** Each target reference, always with a tag. */
  readonly targets: readonly string[];
}

/** What tagging and pushing `images` does. */
export interface TagPlan {
  readonly images: readonly TagPlanImage[];
  /** The tags to create, in order; a target that is the source itself is left out. */
  readonly tags: readonly { readonly source: string; readonly target: string }[];
  /** The references to push, in order, each once. */
  readonly pushes: readonly string[];
}

/** Every option of {@link TagPlanOptions}. */
export const TAG_PLAN_KEYS = [
  'version',
  'versionLatest',
  'versionSemver',
  'semverPrecision',
  'semverZero',
  'tags',
  'registry',
] as const;

const KNOWN: ReadonlySet<string> = new Set(TAG_PLAN_KEYS);

/**
 * The versions `version` stands for, longest first: `5.4.1` gives `5.4.1`,
 * `5.4`, `5`; `8.7.1-jessie` gives `8.7.1-jessie`, `8.7.1`, `8.7`, `8`
 * (each step drops what `[.-]?\w+$` matches). The last `precision - 1` are
 * dropped, and a bare `0` unless `zero`. Throws InvalidOptionError for a
 * version that cannot be split that way or has fewer parts than `precision`.
 */
export function semverVersions(version: string, precision = 1, zero = false): string[] {
  const versions: string[] = [];
  let rest = version;
  while (rest !== '') {
    versions.push(rest);
    const shorter = rest.replace(/[.-]?\w+$/, '');
    if (shorter === rest) {
      throw new InvalidOptionError(
        'version',
        `${JSON.stringify(version)} cannot be split into semver parts: '${rest}' does not end in letters or digits`,
      );
    }
    rest = shorter;
  }
  if (precision > versions.length) {
    throw new InvalidOptionError(
      'semverPrecision',
      `${precision} is more than the ${versions.length} part(s) of version ${JSON.stringify(version)}`,
    );
  }
  const kept = versions.slice(0, versions.length - (precision - 1));
  if (!zero && kept.length > 1 && kept[kept.length - 1] === '0') kept.pop();
  return kept;
}

/**
 * The tags one tag gives with `versions` (longest first): the version is
 * put in front (`alpine` → `1.2.3-alpine`), unless the tag already starts
 * with one of the versions (`1.2-alpine` counts as `alpine`). A missing tag
 * or `latest` gives the versions alone. With `latest`, the tag without any
 * version follows (`latest` when that is empty).
 */
export function versionedTags(tag: string | undefined, versions: readonly string[], latest: boolean): string[] {
  const bare = tag === undefined ? undefined : stripVersion(tag, versions);
  const result = bare && bare !== 'latest' ? versions.map((version) => `${version}-${bare}`) : [...versions];
  if (latest) result.push(bare || 'latest');
  return result;
}

function stripVersion(tag: string, versions: readonly string[]): string {
  for (const version of versions) {
    if (tag === version) return '';
    if (tag.startsWith(`${version}-`)) return tag.slice(version.length + 1);
  }
  return tag;
}

/**
 * `name` under `registry`: prepended, and an existing registry part is
 * replaced only when prepending would not give a valid name (a name such
 * as `team/app` keeps `team`: it may be a namespace, not a host).
 */
export function withRegistry(name: string, registry: string): string {
  const joined = `${registry}/${name}`;
  return isValidName(joined) ? joined : `${registry}/${withoutRegistry(name)}`;
}

/**
 * Plan tagging and pushing `images` as `options` say. Pure: nothing is
 * asked of the engine. Throws InvalidOptionError naming the option for an
 * invalid image, tag, version or registry, or options that need another.
 */
export function planTags(images: readonly string[], options: TagPlanOptions = {}): TagPlan {
  const versions = checkOptions(images, options);
  const seen = new Map<string, string>();
  const planned: TagPlanImage[] = images.map((source, index) => {
    const parts = parseReference(source);
    if (!parts) throw new InvalidOptionError(`images[${index}]`, `${JSON.stringify(source)} is not an image reference`);
    const name = options.registry === undefined ? parts.name : withRegistry(parts.name, options.registry);
    if (!isValidName(name)) {
      throw new InvalidOptionError('registry', `${JSON.stringify(name)} is not a valid image name`);
    }
    const given: readonly (string | undefined)[] = options.tags ?? [parts.tag];
    const tags = versions
      ? given.flatMap((tag) => versionedTags(tag, versions, options.versionLatest === true))
      : given;
    const targets: string[] = [];
    for (const tag of tags) {
      const target = `${name}:${tag ?? 'latest'}`;
      if (tag !== undefined && !isValidTag(tag)) {
        throw new InvalidOptionError(
          options.version === undefined ? 'tags' : 'version',
          `the tag ${JSON.stringify(tag)} for ${source} is not a valid tag (letters, digits, '_', '.', '-'; at most 128)`,
        );
      }
      const other = seen.get(target);
      if (other !== undefined && other !== source) {
        throw new InvalidOptionError(`images[${index}]`, `${source} and ${other} would both be tagged ${target}`);
      }
      seen.set(target, source);
      if (!targets.includes(target)) targets.push(target);
    }
    return { source, targets };
  });
  return {
    images: planned,
    tags: planned.flatMap(({ source, targets }) =>
      targets.filter((target) => !sameReference(source, target)).map((target) => ({ source, target })),
    ),
    pushes: planned.flatMap(({ targets }) => targets),
  };
}

/** The docker CLI commands that do what `plan` does: `docker tag SRC DST`, then `docker push DST`. */
export function dockerCommands(plan: TagPlan): string[] {
  return [
    ...plan.tags.map(({ source, target }) => `docker tag ${source} ${target}`),
    ...plan.pushes.map((target) => `docker push ${target}`),
  ];
}

function sameReference(source: string, target: string): boolean {
  const parts = parseReference(source);
  return parts !== undefined && parts.digest === undefined && `${parts.name}:${parts.tag ?? 'latest'}` === target;
}

/** Check the options; the versions to use, longest first, or `undefined` without `version`. */
function checkOptions(images: readonly string[], options: TagPlanOptions): string[] | undefined {
  if (!Array.isArray(images) || images.length === 0) {
    throw new InvalidOptionError('images', 'give at least one image to tag');
  }
  if (options === null || typeof options !== 'object') throw new InvalidOptionError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionError(key, `unknown option; known: ${[...KNOWN].join(', ')}`);
  }
  const { version, registry, tags, semverPrecision } = options;
  const needs = (flag: keyof TagPlanOptions, on: keyof TagPlanOptions) => {
    if (options[flag] !== undefined && options[flag] !== false && !options[on]) {
      throw new InvalidOptionError(flag, `needs \`${on}\``);
    }
  };
  needs('versionLatest', 'version');
  needs('versionSemver', 'version');
  needs('semverPrecision', 'versionSemver');
  needs('semverZero', 'versionSemver');
  if (registry !== undefined && (typeof registry !== 'string' || !isValidRegistry(registry))) {
    throw new InvalidOptionError('registry', `${JSON.stringify(registry)} is not a registry address (host[:port])`);
  }
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length === 0) {
      throw new InvalidOptionError('tags', 'give at least one tag, or leave it out to keep each image its own tag');
    }
    tags.forEach((tag, index) => {
      if (typeof tag !== 'string' || !isValidTag(tag)) {
        throw new InvalidOptionError(`tags[${index}]`, `${JSON.stringify(tag)} is not a valid tag`);
      }
    });
  }
  if (version === undefined) return undefined;
  if (typeof version !== 'string' || version === '' || /\s/.test(version)) {
    throw new InvalidOptionError('version', `${JSON.stringify(version)} is not a version`);
  }
  if (semverPrecision !== undefined && (!Number.isInteger(semverPrecision) || semverPrecision < 1)) {
    throw new InvalidOptionError(
      'semverPrecision',
      `${JSON.stringify(semverPrecision)} is not a whole number of 1 or more`,
    );
  }
  if (!options.versionSemver) return [version];
  return semverVersions(version, semverPrecision ?? 1, options.semverZero === true);
}
