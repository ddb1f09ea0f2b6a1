import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The names looked for when no `-f` is given, in Docker Compose's order of preference. */
export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The override read along with each default name, as Docker Compose does. */
const OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
};

/**
 * The compose files to read: the `-f` files as given (resolved against
 * `cwd`), or else the first of {@link DEFAULT_COMPOSE_FILES} found in
 * `cwd` with its override file (`compose.override.yaml`, …) if there is one.
 * Undefined when no `-f` was given and `cwd` has none of them.
 */
export function composeFiles(
  given: readonly string[],
  cwd: string,
  exists: (path: string) => boolean = existsSync,
): string[] | undefined {
  if (given.length) return given.map((file) => resolve(cwd, file));
  for (const name of DEFAULT_COMPOSE_FILES) {
    const file = join(cwd, name);
    if (!exists(file)) continue;
    const override = (OVERRIDES[name] ?? []).map((o) => join(cwd, o)).find(exists);
    return override ? [file, override] : [file];
  }
  return undefined;
}
