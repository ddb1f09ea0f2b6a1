import { describe, expect, it } from 'vitest';
import { AmbiguousPortError } from '../../../src/errors/index.js';
import type { ContainerInfo } from '../../../src/resources/handles/container-info.js';
import { onlyPublishedPort } from '../../../src/resources/handles/published-port.js';

const withPorts = (ports: Record<string, { hostIp: string; hostPort: number }[]>) =>
  ({ ports }) as unknown as ContainerInfo;

describe('the one published port', () => {
  it('is the only port with a binding (IPv4 and IPv6 bindings of one port count once)', () => {
    const info = withPorts({
      '8080/tcp': [
        { hostIp: '127.0.0.1', hostPort: 1 },
        { hostIp: '::1', hostPort: 1 },
      ],
      '9090/tcp': [],
    });
    expect(onlyPublishedPort(info, 'web', 'firstHostPort()')).toBe('8080/tcp');
  });

  it('is refused, naming what to do, when there is none', () => {
    const error = (() => {
      try {
        onlyPublishedPort(withPorts({}), 'web', 'firstHostPort()');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AmbiguousPortError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_AMBIGUOUS_PORT', container: 'web', ports: [] });
    expect((error as Error).message).toBe(
      "container 'web' publishes no port, so firstHostPort() has none to give. Add one to the definition's `ports`, e.g. ports: [8080].",
    );
  });

  it('is refused, naming them, when there are several', () => {
    const info = withPorts({
      '53/udp': [{ hostIp: '127.0.0.1', hostPort: 2 }],
      '80/tcp': [{ hostIp: '', hostPort: 3 }],
    });
    expect(() => onlyPublishedPort(info, 'dns', 'firstBaseUrl()')).toThrow(
      "container 'dns' publishes 2 ports (53/udp, 80/tcp), so firstBaseUrl() can't tell which one you mean. " +
        "Name it: hostPort('53/udp') or baseUrl('53/udp').",
    );
  });
});
