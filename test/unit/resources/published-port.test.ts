import { describe, expect, it } from 'vitest';
import { PortNotPublishedError } from '../../../src/errors/index.js';
import type { ContainerInfo } from '../../../src/resources/handles/container-info.js';
import { baseUrlOf, hostPortOf } from '../../../src/resources/handles/published-port.js';

const info = {
  ports: {
    '80/tcp': [
      { hostIp: '::', hostPort: 2 },
      { hostIp: '127.0.0.1', hostPort: 1 },
    ],
  },
} as unknown as ContainerInfo;

describe('published ports', () => {
  it('prefers the IPv4 binding', () => {
    expect(hostPortOf(info, 'web', 80)).toBe(1);
  });

  it('says which ports are published when asked for another', () => {
    expect(() => hostPortOf(info, 'web', '81')).toThrow(PortNotPublishedError);
    expect(() => hostPortOf(info, 'web', '81')).toThrow(
      "container 'web' does not publish port 81/tcp (published: 80/tcp)",
    );
  });

  it('gives the container port itself where containers are reached directly (a sibling container), once published', () => {
    expect(hostPortOf(info, 'web', 80, true)).toBe(80);
    expect(() => hostPortOf(info, 'web', 81, true)).toThrow(PortNotPublishedError);
  });

  it('builds base URLs, bracketing IPv6 hosts', () => {
    expect(baseUrlOf('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080');
    expect(baseUrlOf('::1', 8080, 'https')).toBe('https://[::1]:8080');
  });
});
