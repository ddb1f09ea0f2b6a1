/**
 * A small reader for the tar archives the engine returns from
 * `GET /containers/{id}/archive`: ustar headers, plus the PAX ('x', 'g') and
 * GNU long-name ('L', 'K') extensions Go's archive/tar may write. Pure.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  readonly path: string;
  readonly type: TarEntryType;
  /** Permission bits, including setuid/setgid/sticky (e.g. 0o644). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** User and group names as recorded in the archive; often empty. */
  readonly uname: string;
  readonly gname: string;
  readonly size: number;
  readonly linkTarget: string;
  readonly content: Buffer;
}

const BLOCK = 512;

/** Every entry of a tar archive held in memory. Throws on a malformed archive. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`tar header at byte ${offset} has a bad checksum`);
    const size = numberField(header, 124, 12);
    const flag = String.fromCharCode(header[156] ?? 0);
    const body = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    if (body.length < size) throw new Error(`tar entry at byte ${offset} is cut short`);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x') {
      pax = parsePax(body);
      continue;
    }
    if (flag === 'g') {
      globalPax = { ...globalPax, ...parsePax(body) };
      continue;
    }
    if (flag === 'L') {
      longName = cString(body, 0, body.length);
      continue;
    }
    if (flag === 'K') {
      longLink = cString(body, 0, body.length);
      continue;
    }
    const ext = { ...globalPax, ...pax };
    const prefix = cString(header, 345, 155);
    const name = cString(header, 0, 100);
    const path = ext.path ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    entries.push({
      path,
      type: typeOf(flag),
      mode: numberField(header, 100, 8) & 0o7777,
      uid: ext.uid !== undefined ? Number(ext.uid) : numberField(header, 108, 8),
      gid: ext.gid !== undefined ? Number(ext.gid) : numberField(header, 116, 8),
      uname: ext.uname ?? cString(header, 265, 32),
      gname: ext.gname ?? cString(header, 297, 32),
      size: ext.size !== undefined ? Number(ext.size) : size,
      linkTarget: ext.linkpath ?? longLink ?? cString(header, 157, 100),
      content: Buffer.from(body),
    });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  const rest = archive.subarray(offset);
  if (offset + BLOCK > archive.length && rest.length > 0 && !rest.every((b) => b === 0)) {
    throw new Error(`tar archive is cut short inside the header at byte ${offset}`);
  }
  return entries;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function cString(buffer: Buffer, start: number, length: number): string {
  const field = buffer.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** Octal text, or GNU base-256 when the first byte's high bit is set. */
function numberField(buffer: Buffer, start: number, length: number): number {
  const field = buffer.subarray(start, start + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = cString(buffer, start, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  const recorded = numberField(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === recorded;
}

/** PAX records: "<length> <key>=<value>\n", repeated. */
function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(body.subarray(offset, space).toString('utf8'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}
