/**
 * Host-key checking for ssh:// engines against an OpenSSH known_hosts file.
 * Pure: the caller reads the file. Plain and hashed (`|1|salt|hash`) host
 * patterns, `*` / `?` wildcards and `[host]:port` entries are understood;
 * `@cert-authority` and `@revoked` lines are not (they are skipped).
 */
import { createHmac } from 'node:crypto';

/** What known_hosts says about a host's key. */
export type HostKeyVerdict = 'known' | 'changed' | 'unknown';

/** The name known_hosts files a host under: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * `known`: an entry for this host has this key; `changed`: the host has
 * entries, none with this key (a different server, or one reinstalled);
 * `unknown`: no entry names the host.
 */
export function checkHostKey(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const offered = key.toString('base64');
  let listed = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) continue;
    const [patterns, , keyText] = line.split(/\s+/);
    if (!patterns || !keyText || !hostMatches(patterns, name)) continue;
    listed = true;
    if (keyText === offered) return 'known';
  }
  return listed ? 'changed' : 'unknown';
}

function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatches(pattern: string, name: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i').test(name);
}
