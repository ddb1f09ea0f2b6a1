import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ComposeFileError } from '../../errors/compose.js';

/*
 * Reading one compose file: its text, parsed as YAML 1.2 with merge keys
 * (`<<: *defaults`) resolved, into plain data. A YAML error names the file,
 * line and column.
 */

/** A compose file's top level, as plain data (a mapping). */
export type RawMapping = Record<string, unknown>;

/** Whether a value is a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is RawMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read a file's text; a missing or unreadable file is a `ComposeFileError` naming the path tried. */
export function readComposeText(file: string, what = 'compose file'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `no such ${what}: check the path (relative paths are resolved against the current directory, ${process.cwd()})`
        : code === 'EISDIR'
          ? `this is a folder, not a ${what}`
          : `can't read the ${what}: ${(error as Error).message}`;
    throw new ComposeFileError({ file }, problem, { cause: error });
  }
}

/** Parse a compose file's text into its top-level mapping. */
export function parseComposeYaml(file: string, text: string): RawMapping {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const at = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    const message = (first.message.split('\n')[0] ?? first.message).replace(/ at line \d+, column \d+:$/, '');
    throw new ComposeFileError({ file }, `invalid YAML at ${at}${message}`, { cause: first });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ComposeFileError({ file }, `invalid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (value === null || value === undefined) {
    throw new ComposeFileError({ file }, 'the file is empty; a compose file is a mapping with a `services:` key');
  }
  if (!isMapping(value)) {
    throw new ComposeFileError({ file }, 'the top level must be a mapping (`services:`, `networks:`, `volumes:`, …)');
  }
  return value;
}

/** Read and parse one compose file. */
export function readComposeFile(file: string): RawMapping {
  return parseComposeYaml(file, readComposeText(file));
}
