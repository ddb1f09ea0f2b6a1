import { ComposeVariableError } from '../../errors/compose.js';
import { isMapping } from './read-yaml.js';

/*
 * Variable interpolation as the Compose Specification writes it, on string
 * values (never keys): `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a
 * literal `$`. Defaults, alternatives and error messages are themselves
 * interpolated (`${A:-${B}}`), and only when used.
 */

/**
 * Reads a variable; `undefined` when it is not set. `plain` is true for
 * `$VAR` and `${VAR}`, which give an empty string when it is unset (the
 * loader warns about those).
 */
export type VariableLookup = (name: string, plain?: boolean) => string | undefined;

/** A problem found while interpolating one string, before it is placed in a file. */
export class InterpolationProblem extends Error {
  readonly variable: string | undefined;
  constructor(message: string, variable?: string) {
    super(message);
    this.variable = variable;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/** The index of the `}` closing a `${` whose body starts at `from`, or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') i++;
    else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, lookup: VariableLookup, whole: string): string {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    throw new InterpolationProblem(`invalid interpolation "\${${body}}" in "${whole}": expected a variable name`);
  }
  const rest = body.slice(name.length);
  const value = lookup(name, rest === '');
  if (rest === '') return value ?? '';
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op === undefined) {
    throw new InterpolationProblem(
      `invalid interpolation "\${${body}}" in "${whole}": after the name expected }, :-, -, :?, ?, :+ or +`,
      name,
    );
  }
  const arg = () => interpolateString(rest.slice(op.length), lookup);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case ':-':
      return nonEmpty ? value : arg();
    case '-':
      return set ? value : arg();
    case ':+':
      return nonEmpty ? arg() : '';
    case '+':
      return set ? arg() : '';
    default: {
      if (op === ':?' ? nonEmpty : set) return value as string;
      const message = arg();
      const state = set ? 'is empty' : 'is not set';
      throw new InterpolationProblem(
        `required variable ${name} ${state}${message ? `: ${message}` : ''}. Set it in the environment or the .env file`,
        name,
      );
    }
  }
}

/** Interpolate one string; throws {@link InterpolationProblem}. */
export function interpolateString(text: string, lookup: VariableLookup): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new InterpolationProblem(`invalid interpolation in "${text}": "\${" is never closed by "}"`);
      out += braced(text.slice(i + 2, end), lookup, text);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name === undefined) {
        throw new InterpolationProblem(
          `invalid interpolation in "${text}": a lone "$"; write "$$" for a literal dollar sign`,
        );
      }
      out += lookup(name, true) ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

/** `services.api.ports[0]` from path segments. */
export function keyPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** The service a key path is under, if any. */
export function serviceOf(segments: readonly (string | number)[]): string | undefined {
  return segments[0] === 'services' && typeof segments[1] === 'string' ? segments[1] : undefined;
}

/**
 * Interpolate every string value in a parsed compose file (keys are left as
 * written). Throws a {@link ComposeVariableError} naming the file and the key.
 */
export function interpolateTree(value: unknown, lookup: VariableLookup, file: string): unknown {
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      try {
        return interpolateString(node, lookup);
      } catch (error) {
        if (!(error instanceof InterpolationProblem)) throw error;
        const service = serviceOf(path);
        throw new ComposeVariableError(
          {
            file,
            key: keyPath(path),
            ...(service !== undefined && { service }),
            ...(error.variable !== undefined && { variable: error.variable }),
          },
          error.message,
        );
      }
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (isMapping(node)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return node;
  };
  return walk(value, []);
}
