import { describe, expect, it } from 'vitest';
import { envPrefix, hostCommandEnv } from '../../../../src/compose/run/host-env.js';

describe('the environment of a host command', () => {
  it('names each service by an upper-case prefix', () => {
    expect(envPrefix('api')).toBe('API');
    expect(envPrefix('api-gateway.v2')).toBe('API_GATEWAY_V2');
    expect(envPrefix('2fa')).toBe('_2FA');
  });

  it('gives host, first port, every port and a URL per published service', () => {
    const { env, skipped } = hostCommandEnv('sw-local-abc', [
      {
        name: 'api',
        host: '127.0.0.1',
        ports: [
          { target: 8080, protocol: 'tcp', hostPort: 49153 },
          { target: 9090, protocol: 'tcp', hostPort: 49154 },
          { target: 5353, protocol: 'udp', hostPort: 49155 },
        ],
      },
      { name: 'db', host: '127.0.0.1', ports: [{ target: 5432, protocol: 'tcp', hostPort: 49200 }] },
      { name: 'worker', host: '127.0.0.1', ports: [] },
    ]);
    expect(env).toEqual({
      SEAWORTHY_PROJECT_NAME: 'sw-local-abc',
      API_HOST: '127.0.0.1',
      API_PORT: '49153',
      API_PORT_8080: '49153',
      API_PORT_9090: '49154',
      API_PORT_5353_UDP: '49155',
      API_URL: 'http://127.0.0.1:49153',
      DB_HOST: '127.0.0.1',
      DB_PORT: '49200',
      DB_PORT_5432: '49200',
      DB_URL: 'http://127.0.0.1:49200',
    });
    expect(skipped).toEqual([{ service: 'worker', why: 'publishes no port' }]);
  });

  it('uses the first UDP port when there is no TCP one, with no URL', () => {
    const { env } = hostCommandEnv('p', [
      { name: 'dns', host: '::1', ports: [{ target: 53, protocol: 'udp', hostPort: 5300 }] },
    ]);
    expect(env).toEqual({ SEAWORTHY_PROJECT_NAME: 'p', DNS_HOST: '::1', DNS_PORT: '5300', DNS_PORT_53_UDP: '5300' });
  });

  it('brackets an IPv6 host in the URL', () => {
    const { env } = hostCommandEnv('p', [
      { name: 'web', host: '::1', ports: [{ target: 80, protocol: 'tcp', hostPort: 8000 }] },
    ]);
    expect(env.WEB_URL).toBe('http://[::1]:8000');
  });

  it('skips a service whose prefix an earlier one took', () => {
    const port = { target: 80, protocol: 'tcp' as const, hostPort: 1 };
    const { env, skipped } = hostCommandEnv('p', [
      { name: 'my-db', host: 'h', ports: [port] },
      { name: 'my_db', host: 'other', ports: [port] },
    ]);
    expect(env.MY_DB_HOST).toBe('h');
    expect(skipped).toEqual([{ service: 'my_db', why: "its variables' prefix MY_DB_ is taken by 'my-db'" }]);
  });
});
