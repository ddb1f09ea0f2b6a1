/** Kafka's longest topic name. */
const MAX_LENGTH = 249;

/**
 * Why Kafka would reject `name` as a topic name, or `undefined` if it is
 * legal: 1 to 249 characters of ASCII letters, digits, `.`, `_` and `-`,
 * and not `.` or `..`. Pure.
 */
export function topicNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return `can't be ${JSON.stringify(name)}`;
  if (name.length > MAX_LENGTH) return `is ${name.length} characters long; Kafka allows at most ${MAX_LENGTH}`;
  const bad = [...new Set(name.replace(/[A-Za-z0-9._-]/g, ''))];
  if (bad.length > 0) {
    return `contains ${bad.map((c) => JSON.stringify(c)).join(', ')}; use only ASCII letters, digits, '.', '_' and '-'`;
  }
  return undefined;
}
