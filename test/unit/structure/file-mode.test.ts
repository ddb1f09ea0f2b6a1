import { describe, expect, it } from 'vitest';
import { goFileMode } from '../../../src/structure/file-mode.js';

describe("goFileMode (Go's os.FileMode.String)", () => {
  it('formats files, folders and links as the permissions field expects', () => {
    expect(goFileMode('file', 0o644)).toBe('-rw-r--r--');
    expect(goFileMode('file', 0o755)).toBe('-rwxr-xr-x');
    expect(goFileMode('directory', 0o755)).toBe('drwxr-xr-x');
    expect(goFileMode('symlink', 0o777)).toBe('Lrwxrwxrwx');
    expect(goFileMode('file', 0)).toBe('----------');
  });

  it('puts setuid, setgid and sticky bits in front as letters, not in the rwx part like ls', () => {
    expect(goFileMode('directory', 0o1777)).toBe('dtrwxrwxrwx');
    expect(goFileMode('file', 0o4755)).toBe('urwxr-xr-x');
    expect(goFileMode('file', 0o2755)).toBe('grwxr-xr-x');
    expect(goFileMode('directory', 0o3775)).toBe('dgtrwxrwxr-x');
  });
});
