/**
 * Users and groups from a container's /etc/passwd and /etc/group, so owners
 * read from the engine (numeric ids) can be shown and matched by name. Pure.
 */
export class AccountDatabase {
  private readonly users = new Map<number, string>();
  private readonly groups = new Map<number, string>();

  constructor(passwd = '', group = '') {
    for (const [name, id] of entries(passwd)) if (!this.users.has(id)) this.users.set(id, name);
    for (const [name, id] of entries(group)) if (!this.groups.has(id)) this.groups.set(id, name);
  }

  /** User name for a uid, or the uid as text when the image does not name it. */
  userName(uid: number): string {
    return this.users.get(uid) ?? String(uid);
  }

  /** Group name for a gid, or the gid as text when the image does not name it. */
  groupName(gid: number): string {
    return this.groups.get(gid) ?? String(gid);
  }
}

/** `name:password:id:...` lines as [name, id] pairs; comments and junk are skipped. */
function entries(text: string): [string, number][] {
  const out: [string, number][] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, , id] = line.split(':');
    const number = Number(id);
    if (name && id !== undefined && id !== '' && Number.isInteger(number)) out.push([name, number]);
  }
  return out;
}
