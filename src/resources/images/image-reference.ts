/**
 * Docker's grammar for image references and build argument names, as pure
 * checks: a bad value fails when the definition is made, not at the engine.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
/** One path component of a repository: lower case letters and digits, with `.`, `_`, `__` or dashes between. */
export const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const TAGGED_REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?$`);
const COMPONENT = new RegExp(`^${PATH_COMPONENT}$`);

/** `repository[:tag]` as `docker tag` takes it (no digest); names are at most 255 characters. */
export function isTagReference(value: string): boolean {
  const match = TAGGED_REFERENCE.exec(value);
  return match !== null && (match[1]?.length ?? 0) <= 255;
}

/** Whether `value` can be one path component of a repository (`seaworthy-build/<value>`). */
export function isPathComponent(value: string): boolean {
  return COMPONENT.test(value) && value.length <= 128;
}

/** A build argument's name, as `ARG` declares it. */
export function isBuildArgName(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}

/** `repo:latest` for `repo`; `repo:tag` as it is. */
export function withTag(reference: string): string {
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference : `${reference}:latest`;
}
