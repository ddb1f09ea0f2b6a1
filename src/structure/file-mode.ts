import type { TarEntryType } from '../files/tar.js';

/**
 * Go's `os.FileMode.String()` for an entry of the engine's archive, as the
 * structure-test tool compares `permissions`: type and special-bit letters
 * first (`d` directory, `L` symlink, `u` setuid, `g` setgid, `t` sticky; `-`
 * when none), then `rwxrwxrwx`. So `/tmp` is `dtrwxrwxrwx`, a setuid binary
 * `urwxr-xr-x`. Pure.
 */
export function goFileMode(type: TarEntryType, mode: number): string {
  let prefix = '';
  if (type === 'directory') prefix += 'd';
  if (type === 'symlink') prefix += 'L';
  if (mode & 0o4000) prefix += 'u';
  if (mode & 0o2000) prefix += 'g';
  if (mode & 0o1000) prefix += 't';
  const rwx = 'rwxrwxrwx';
  let bits = '';
  for (let i = 0; i < 9; i++) bits += mode & (1 << (8 - i)) ? rwx[i] : '-';
  return (prefix || '-') + bits;
}
