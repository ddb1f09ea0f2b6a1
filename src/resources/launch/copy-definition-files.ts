import type { EngineClient } from '../../engine/client.js';
import type { ContainerOptions } from '../definitions/container-options.js';
import { checkCopyEntries, checkHostSources } from '../files/copy-entry.js';
import { copyIntoContainer } from '../files/copy-in.js';

/**
 * Check that the host files and folders a definition's `files` name exist,
 * at the start of `setup()`, before any engine call: a missing one throws
 * InvalidOptionError naming `<name>.files[i].source` and nothing is created.
 * (Their shapes were checked when the definition was made.)
 */
export async function checkDefinitionFiles(definition: {
  readonly name: string;
  readonly options: ContainerOptions;
}): Promise<void> {
  const files = definition.options.files;
  if (files === undefined || files.length === 0) return;
  await checkHostSources(checkCopyEntries(`${definition.name}.files`, files, true));
}

/**
 * The definition's `files`, copied into the container after create and
 * before start, so its entrypoint sees them. No engine call when there are
 * none. Entries are checked again (a host file may have gone since
 * {@link checkDefinitionFiles}), and owner names are looked up in the
 * container: a bad one throws InvalidOptionError naming `<name>.files[i]`
 * before anything is copied, and the launch removes the container, so
 * nothing is left behind.
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
