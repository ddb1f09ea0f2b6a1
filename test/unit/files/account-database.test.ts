import { describe, expect, it } from 'vitest';
import { AccountDatabase } from '../../../src/files/account-database.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'app:x:1000:1000:App user:/home/app:/bin/sh',
  '',
].join('\n');

const GROUP = ['root:x:0:', 'wheel:x:10:root', 'app:x:1000:', ''].join('\n');

describe('AccountDatabase', () => {
  it('names users by uid and groups by gid', () => {
    const accounts = new AccountDatabase(PASSWD, GROUP);
    expect(accounts.userName(0)).toBe('root');
    expect(accounts.userName(1000)).toBe('app');
    expect(accounts.groupName(10)).toBe('wheel');
    expect(accounts.groupName(1000)).toBe('app');
  });

  it('keeps users and groups apart', () => {
    const accounts = new AccountDatabase('alice:x:500:500::/:/bin/sh', 'devs:x:500:');
    expect(accounts.userName(500)).toBe('alice');
    expect(accounts.groupName(500)).toBe('devs');
  });

  it('falls back to the number as text for an unknown id', () => {
    const accounts = new AccountDatabase(PASSWD, GROUP);
    expect(accounts.userName(4242)).toBe('4242');
    expect(accounts.groupName(77)).toBe('77');
  });

  it('falls back to numbers when there are no files at all', () => {
    const accounts = new AccountDatabase();
    expect(accounts.userName(0)).toBe('0');
    expect(accounts.groupName(0)).toBe('0');
  });

  it('skips comments, blank lines and lines without a numeric id', () => {
    const passwd = [
      '# 5 is reserved',
      '#comment:x:5:5::/:/bin/sh',
      'garbage line without colons',
      'noid:x::0::/:/bin/sh',
      'text:x:seven:0::/:/bin/sh',
      'frac:x:1.5:0::/:/bin/sh',
      ':x:6:6::/:/bin/sh',
      'real:x:7:7::/:/bin/sh',
    ].join('\n');
    const accounts = new AccountDatabase(passwd, '');
    expect(accounts.userName(5)).toBe('5');
    expect(accounts.userName(6)).toBe('6');
    expect(accounts.userName(0)).toBe('0');
    expect(accounts.userName(7)).toBe('real');
  });

  it('lets the first entry win when two names share an id', () => {
    const accounts = new AccountDatabase(
      'root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh',
      'staff:x:50:\nalso-staff:x:50:',
    );
    expect(accounts.userName(0)).toBe('root');
    expect(accounts.groupName(50)).toBe('staff');
  });
});
