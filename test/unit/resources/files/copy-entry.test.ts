import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../../src/errors/index.js';
import { checkCopyEntries, parseOwner } from '../../../../src/resources/files/copy-entry.js';

describe('parseOwner', () => {
  it('reads numbers, { uid, gid } and text, leaving names to look up', () => {
    expect(parseOwner('o', 1000)).toEqual({ user: 1000, group: undefined });
    expect(parseOwner('o', { uid: 1, gid: 2 })).toEqual({ user: 1, group: 2 });
    expect(parseOwner('o', { uid: 1 })).toEqual({ user: 1, group: undefined });
    expect(parseOwner('o', '1000:50')).toEqual({ user: 1000, group: 50 });
    expect(parseOwner('o', 'app')).toEqual({ user: 'app', group: undefined });
    expect(parseOwner('o', 'app:staff')).toEqual({ user: 'app', group: 'staff' });
    expect(parseOwner('o', '0:staff')).toEqual({ user: 0, group: 'staff' });
  });

  it('refuses anything else, naming the option', () => {
    for (const bad of [-1, 1.5, 2 ** 32, '', 'a:b:c', 'a b', ':x', 'x:', { uid: 'a' }, { uid: 1, gdi: 2 }, null, []]) {
      expect(() => parseOwner('copyIn[0].owner', bad), JSON.stringify(bad)).toThrow(InvalidOptionError);
    }
  });
});

describe('checkCopyEntries', () => {
  it('tells the kind of each entry and cleans its target', () => {
    const checked = checkCopyEntries('copyIn', [
      { content: 'x', target: '/etc//app.conf' },
      { source: './dir', target: '/srv/dir/' },
      { archive: Buffer.alloc(0), target: '/' },
    ]);
    expect(checked.map((c) => [c.kind, c.target, c.at])).toEqual([
      ['content', '/etc/app.conf', 'copyIn[0]'],
      ['source', '/srv/dir', 'copyIn[1]'],
      ['archive', '/', 'copyIn[2]'],
    ]);
  });

  it('names the entry and field of the first problem', () => {
    const cases: [unknown, string][] = [
      ['not a list', 'copyIn'],
      [[null], 'copyIn[0]'],
      [[{ content: 'x', target: '/' }], 'copyIn[0].target'],
      [[{ content: 'x', target: '' }], 'copyIn[0].target'],
      [[{ content: 'x', target: '/a\0b' }], 'copyIn[0].target'],
      [[{ content: 'x', target: '/x', mode: '644' }], 'copyIn[0].mode'],
      [[{ source: new URL('https://example.com/x'), target: '/x' }], 'copyIn[0].source'],
      [[{ archive: 'not a tar', target: '/x' }], 'copyIn[0].archive'],
    ];
    for (const [entries, option] of cases) {
      let thrown: unknown;
      try {
        checkCopyEntries('copyIn', entries);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(entries)).toBeInstanceOf(InvalidOptionError);
      expect((thrown as InvalidOptionError).option).toBe(option);
    }
  });

  it('takes an archive stream only where it is read once', () => {
    const entry = { archive: Readable.from([Buffer.alloc(0)]), target: '/x' };
    expect(checkCopyEntries('copyIn', [entry])).toHaveLength(1);
    expect(() => checkCopyEntries('web.files', [entry], true)).toThrow(/read only once/);
  });
});
