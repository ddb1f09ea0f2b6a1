/**
 * The image reference grammar the engine accepts (`[host[:port]/]name[:tag][@digest]`),
 * as Docker's distribution/reference package defines it, for checking and
 * splitting references before the engine is asked.
 */

const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*(?::[0-9]+)?`;
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH = `${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const HOST_ONLY = new RegExp(`^${HOST}$`);
const NAME_ONLY = new RegExp(`^(?:${HOST}/)?${PATH}$`);
const TAG_ONLY = new RegExp(`^${TAG}$`);
const REFERENCE = new RegExp(`^((?:${HOST}/)?${PATH})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** Docker's limit on a repository name, registry part included. */
const NAME_MAX = 255;

/** A reference split into its parts. */
export interface ReferenceParts {
  /** Everything before the tag: `registry:5000/team/app`. */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Split `reference`, or `undefined` when it is not a valid image reference. */
export function parseReference(reference: string): ReferenceParts | undefined {
  const match = REFERENCE.exec(reference);
  if (!match || (match[1] ?? '').length > NAME_MAX) return undefined;
  return { name: match[1] ?? '', tag: match[2], digest: match[3] };
}

/** Whether `name` is a valid repository name (optionally with a registry part), without tag or digest. */
export function isValidName(name: string): boolean {
  return name.length <= NAME_MAX && NAME_ONLY.test(name);
}

/** Whether `tag` is a valid tag: letters, digits, `_`, `.` and `-`, not starting with `.` or `-`, at most 128. */
export function isValidTag(tag: string): boolean {
  return TAG_ONLY.test(tag);
}

/** Whether `registry` is a registry address: `host`, `host:port`, `1.2.3.4:5000`. */
export function isValidRegistry(registry: string): boolean {
  return HOST_ONLY.test(registry);
}

/**
 * `name` without its first path component when that component can be read
 * as a registry host (`localhost:5000/app` gives `app`); `name` itself when
 * it has one component.
 */
export function withoutRegistry(name: string): string {
  const slash = name.indexOf('/');
  if (slash < 0) return name;
  return HOST_ONLY.test(name.slice(0, slash)) ? name.slice(slash + 1) : name;
}
