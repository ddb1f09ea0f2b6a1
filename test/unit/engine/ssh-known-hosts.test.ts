import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey, knownHostsName } from '../../../src/engine/ssh-known-hosts.js';

const key = Buffer.from('the host key blob');
const other = Buffer.from('another key blob');
const line = (hosts: string, blob = key) => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;

describe('checkHostKey', () => {
  it('names hosts off port 22 as [host]:port', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('finds plain, listed and wildcard entries, and tells a changed key from an unknown host', () => {
    expect(checkHostKey(line('a,h'), 'h', 22, key)).toBe('known');
    expect(checkHostKey(line('[127.0.0.1]:2222'), '127.0.0.1', 2222, key)).toBe('known');
    expect(checkHostKey(line('*.example.com'), 'build.example.com', 22, key)).toBe('known');
    expect(checkHostKey(line('h', other), 'h', 22, key)).toBe('changed');
    expect(checkHostKey(line('h'), 'h', 2222, key)).toBe('unknown');
    expect(checkHostKey(`# comment\n\n${line('*,!h')}`, 'h', 22, key)).toBe('unknown');
  });

  it('matches hashed host names', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('[build]:2200').digest('base64');
    const hashed = `|1|${salt.toString('base64')}|${hash}`;
    expect(checkHostKey(line(hashed), 'build', 2200, key)).toBe('known');
    expect(checkHostKey(line(hashed), 'build', 22, key)).toBe('unknown');
  });
});
