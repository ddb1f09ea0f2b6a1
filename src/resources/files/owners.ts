import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { EngineClient } from '../../engine/client.js';
import { InvalidOptionError } from '../../errors/index.js';
import { type CheckedEntry, type OwnerSpec, parseOwner } from './copy-entry.js';
import { isMissingPath } from './missing-path.js';

/** Numeric owner of a copied entry. */
export interface NumericOwner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The numeric owner of each entry that names one. User and group names are
 * looked up in the container's /etc/passwd and /etc/group, read through the
 * engine's archive endpoint (so the image needs no shell), and only when some
 * entry uses a name. Throws InvalidOptionError naming the entry for a name
 * the container does not know.
 */
export async function resolveOwners(
  engine: EngineClient,
  id: string,
  entries: readonly CheckedEntry[],
): Promise<Map<CheckedEntry, NumericOwner>> {
  const specs = entries
    .filter((checked) => checked.entry.owner !== undefined)
    .map((checked) => ({ checked, spec: parseOwner(`${checked.at}.owner`, checked.entry.owner) }));
  const named = specs.some(({ spec }) => typeof spec.user === 'string' || typeof spec.group === 'string');
  const [passwd, group] = named
    ? await Promise.all([readSmallFile(engine, id, '/etc/passwd'), readSmallFile(engine, id, '/etc/group')])
    : [undefined, undefined];
  const users = records(passwd);
  const groups = records(group);
  const owners = new Map<CheckedEntry, NumericOwner>();
  for (const { checked, spec } of specs) owners.set(checked, numeric(`${checked.at}.owner`, spec, users, groups));
  return owners;
}

function numeric(
  at: string,
  spec: OwnerSpec,
  users: Map<string, string[]> | undefined,
  groups: Map<string, string[]> | undefined,
): NumericOwner {
  let uid: number;
  let primaryGid: number | undefined;
  if (typeof spec.user === 'number') {
    uid = spec.user;
  } else {
    const record = users?.get(spec.user);
    if (!record) throw unknownName(at, 'user', spec.user, '/etc/passwd', users === undefined);
    uid = Number(record[2]);
    primaryGid = /^\d+$/.test(record[3] ?? '') ? Number(record[3]) : undefined;
  }
  if (spec.group === undefined) return { uid, gid: primaryGid ?? uid };
  if (typeof spec.group === 'number') return { uid, gid: spec.group };
  const record = groups?.get(spec.group);
  if (!record) throw unknownName(at, 'group', spec.group, '/etc/group', groups === undefined);
  return { uid, gid: Number(record[2]) };
}

function unknownName(at: string, what: string, name: string, file: string, noFile: boolean): InvalidOptionError {
  return new InvalidOptionError(
    at,
    noFile
      ? `the container has no ${file} to look up ${what} "${name}" in; give a number instead`
      : `the container's ${file} has no ${what} "${name}"; give a number, or a name the image defines`,
  );
}

/** `name:x:id:…` lines by name, first one winning; records without a numeric id skipped. */
function records(text: string | undefined): Map<string, string[]> | undefined {
  if (text === undefined) return undefined;
  const byName = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(':');
    const [name, , id] = fields;
    if (!name || byName.has(name) || !/^\d+$/.test(id ?? '')) continue;
    byName.set(name, fields);
  }
  return byName;
}

/** A small regular file's text, read through the archive endpoint; `undefined` when there is none at `path`. */
async function readSmallFile(engine: EngineClient, id: string, path: string): Promise<string | undefined> {
  let archive: Readable;
  try {
    archive = await engine.getArchiveStream(id, path);
  } catch (error) {
    if (isMissingPath(error)) return undefined;
    throw error;
  }
  const entries = extract();
  archive.pipe(entries);
  archive.on('error', (error) => entries.destroy(error));
  for await (const entry of entries) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    archive.destroy();
    return entry.header.type === 'file' ? Buffer.concat(chunks).toString('utf8') : undefined;
  }
  return undefined;
}
