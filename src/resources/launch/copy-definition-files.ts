import type { EngineClient } from '../../engine/client.js';
import type { ContainerOptions } from '../definitions/container-options.js';
import { copyIntoContainer } from '../files/copy-in.js';

/**
 * The definition's `files`, copied into the container after create and
 * before start, so its entrypoint sees them. No engine call when there are
 * none. Bad entries throw InvalidOptionError naming `<name>.files[i]` before
 * anything is copied; the launch then removes the container, so nothing is
 * left behind.
 */
export async function copyDefinitionFiles(
  engine: EngineClient,
  id: string,
  definition: { readonly name: string; readonly options: ContainerOptions },
): Promise<void> {
  const files = definition.options.files;
  if (files === undefined || files.length === 0) return;
  await copyIntoContainer({ engine, id, displayName: definition.name }, files, `${definition.name}.files`, true);
}
