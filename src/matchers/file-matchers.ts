import { InvalidOptionError } from '../errors/index.js';
import { readFile, statFile } from '../files/container-files.js';
import type { TarEntryType } from '../files/tar.js';
import { compilePattern, describePattern, type LogPattern } from '../waits/pattern.js';
import { expectContainer } from './expect-container.js';
import { type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

export interface FileExpectation {
  /** Permission bits, e.g. 0o644 (a number) or '0644' / '644' (octal text). */
  readonly mode?: number | string;
  /** Owner name or uid. */
  readonly owner?: string | number;
  /** Group name or gid. */
  readonly group?: string | number;
  /** @default any */
  readonly type?: TarEntryType;
}

/** `await expect(container).toHaveFile('/etc/app.conf', { mode: 0o644, owner: 'root' })` */
export async function toHaveFile(
  this: MatcherState,
  received: unknown,
  path: string,
  expected: FileExpectation = {},
): Promise<MatcherResult> {
  const container = expectContainer(received, 'toHaveFile');
  const info = await statFile(container, path);
  const where = `'${path}' in container '${container.definition.name}'`;
  if (!info) {
    return outcome(
      false,
      () => `expected ${where} to exist, but there is nothing at that path`,
      () => 'unreachable',
    );
  }
  const problems: string[] = [];
  if (expected.mode !== undefined) {
    const mode = parseMode(expected.mode);
    if (info.mode !== mode) problems.push(`mode is ${info.modeText}, expected ${mode.toString(8).padStart(4, '0')}`);
  }
  const idMismatch = (what: string, want: string | number | undefined, name: string, id: number) => {
    if (want === undefined) return;
    if (typeof want === 'number' ? id !== want : name !== want) {
      problems.push(`${what} is ${name} (${id}), expected ${want}`);
    }
  };
  idMismatch('owner', expected.owner, info.owner, info.uid);
  idMismatch('group', expected.group, info.group, info.gid);
  if (expected.type && info.type !== expected.type) problems.push(`it is a ${info.type}, expected a ${expected.type}`);
  const actual = `${info.type} ${info.modeText} ${info.owner}:${info.group}, ${info.size} bytes`;
  return outcome(
    problems.length === 0,
    () => `expected ${where} to match ${JSON.stringify(expected)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    () =>
      `expected ${where} not to exist${Object.keys(expected).length ? ' with those properties' : ''}, but it does (${actual})`,
  );
}

/** `await expect(container).toHaveFileContent('/etc/app.conf', /port = 8080/)`: substring or RegExp. */
export async function toHaveFileContent(
  this: MatcherState,
  received: unknown,
  path: string,
  pattern: LogPattern,
): Promise<MatcherResult> {
  const container = expectContainer(received, 'toHaveFileContent');
  const test = compilePattern(pattern);
  const info = await statFile(container, path);
  if (info?.type !== 'file') {
    const what = info ? `a ${info.type}, not a regular file` : 'nothing';
    return outcome(
      false,
      () =>
        `expected '${path}' in '${container.definition.name}' to contain ${describePattern(pattern)}, but there is ${what} at that path`,
      () => 'unreachable',
    );
  }
  const content = (await readFile(container, path)).toString('utf8');
  const shown = content.length > 1_000 ? `${content.slice(0, 1_000)}…` : content;
  return outcome(
    test(content),
    () =>
      `expected '${path}' in '${container.definition.name}' to contain ${describePattern(pattern)}; it holds:\n${shown}`,
    () =>
      `expected '${path}' in '${container.definition.name}' not to contain ${describePattern(pattern)}; it holds:\n${shown}`,
  );
}

export function parseMode(mode: number | string): number {
  const value = typeof mode === 'number' ? mode : /^[0-7]{3,4}$/.test(mode) ? Number.parseInt(mode, 8) : Number.NaN;
  if (!Number.isInteger(value) || value < 0 || value > 0o7777) {
    throw new InvalidOptionError('mode', `${JSON.stringify(mode)} must be permission bits like 0o644 or '0644'`);
  }
  return value;
}
