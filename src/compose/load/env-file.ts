import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ComposeVariableError } from '../../errors/compose.js';
import { InterpolationProblem, interpolateString, type VariableLookup } from './interpolate.js';
import { readComposeText } from './read-yaml.js';

/*
 * `.env` and `env_file` files: `KEY=value` lines parsed by dotenv. A value may
 * reference variables set earlier in the file or in the environment
 * (`URL=http://${HOST:-localhost}:8080`); single-quoted values are literal.
 */

/** Keys whose value is single-quoted, so not interpolated. */
function literalKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*[=:]\s*'/.exec(line);
    if (m?.[1]) keys.add(m[1]);
  }
  return keys;
}

/**
 * Read one env file into its variables, in order. `lookup` answers for
 * variables not set earlier in the file.
 */
export function readEnvFile(file: string, lookup: VariableLookup): Record<string, string> {
  const text = readComposeText(file, 'env file');
  const raw = parse(text);
  const literal = literalKeys(text);
  const out: Record<string, string> = {};
  const local: VariableLookup = (name) => (Object.hasOwn(out, name) ? out[name] : lookup(name));
  for (const [key, value] of Object.entries(raw)) {
    if (literal.has(key)) {
      out[key] = value;
      continue;
    }
    try {
      out[key] = interpolateString(value, local);
    } catch (error) {
      if (!(error instanceof InterpolationProblem)) throw error;
      throw new ComposeVariableError(
        { file, key, ...(error.variable !== undefined && { variable: error.variable }) },
        error.message,
      );
    }
  }
  return out;
}

/** The variables interpolation sees: `env` over the `.env` file(s). */
export interface ProjectVariables {
  readonly lookup: VariableLookup;
  /** The `.env` files read, absolute. */
  readonly envFiles: readonly string[];
}

/**
 * Read the project's `.env` file(s) (`envFile`, default `<projectDirectory>/.env`
 * when it exists; `false` for none) and put `env` over them.
 */
export function projectVariables(
  projectDirectory: string,
  env: Readonly<Record<string, string | undefined>>,
  envFile: string | readonly string[] | false | undefined,
): ProjectVariables {
  const fromEnv: VariableLookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  let files: string[];
  if (envFile === false) files = [];
  else if (envFile === undefined) {
    const implicit = resolve(projectDirectory, '.env');
    files = existsSync(implicit) ? [implicit] : [];
  } else files = (typeof envFile === 'string' ? [envFile] : [...envFile]).map((f) => resolve(projectDirectory, f));
  const dotenv: Record<string, string> = {};
  for (const file of files) {
    const lookup: VariableLookup = (name) => fromEnv(name) ?? (Object.hasOwn(dotenv, name) ? dotenv[name] : undefined);
    Object.assign(dotenv, readEnvFile(file, lookup));
  }
  return {
    lookup: (name) => fromEnv(name) ?? (Object.hasOwn(dotenv, name) ? dotenv[name] : undefined),
    envFiles: files,
  };
}
