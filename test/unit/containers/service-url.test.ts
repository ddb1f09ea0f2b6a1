import { describe, expect, it } from 'vitest';
import { isConnectionStart } from '../../../src/containers/rabbitmq/amqp-handshake.js';
import { maskPassword, serviceUrl } from '../../../src/containers/shared/service-url.js';
import type { Container } from '../../../src/index.js';

/** Just what serviceUrl reads from a container. */
function fakeContainer(host: string, ports: Record<number, number>): Container {
  return {
    host,
    definition: { name: 'db' },
    hostPort: (port: number) => ports[port] ?? Number.NaN,
  } as unknown as Container;
}

describe('serviceUrl', () => {
  const container = fakeContainer('127.0.0.1', { 5432: 49153 });

  it('uses the published port from the host and the alias and container port in the network', () => {
    const parts = { scheme: 'postgres', user: 'test', password: 'test', port: 5432, path: 'app' };
    expect(serviceUrl(container, parts)).toBe('postgres://test:test@127.0.0.1:49153/app');
    expect(serviceUrl(container, parts, 'network')).toBe('postgres://test:test@db:5432/app');
  });

  it('encodes user, password and path, and leaves out what is not given', () => {
    expect(serviceUrl(container, { scheme: 'amqp', user: 'a b', password: 'p@ss/:x', port: 5432, path: '/' })).toBe(
      'amqp://a%20b:p%40ss%2F%3Ax@127.0.0.1:49153/%2F',
    );
    expect(serviceUrl(container, { scheme: 'redis', password: 'pw', port: 5432 })).toBe('redis://:pw@127.0.0.1:49153');
    expect(serviceUrl(container, { scheme: 'redis', port: 5432 })).toBe('redis://127.0.0.1:49153');
  });

  it('brackets an IPv6 host', () => {
    expect(serviceUrl(fakeContainer('::1', { 6379: 7000 }), { scheme: 'redis', port: 6379 })).toBe(
      'redis://[::1]:7000',
    );
  });
});

describe('maskPassword', () => {
  it('hides the password and keeps the rest', () => {
    expect(maskPassword('postgres://test:secret@127.0.0.1:5432/db')).toBe('postgres://test:***@127.0.0.1:5432/db');
    expect(maskPassword('redis://:secret@host:6379')).toBe('redis://:***@host:6379');
    expect(maskPassword('redis://host:6379')).toBe('redis://host:6379');
  });
});

describe('isConnectionStart', () => {
  it('recognises a Connection.Start frame and nothing else', () => {
    const start = Buffer.from([1, 0, 0, 0, 0, 1, 0, 0, 10, 0, 10, 0, 9]);
    expect(isConnectionStart(start)).toBe(true);
    expect(isConnectionStart(start.subarray(0, 10))).toBe(false);
    expect(isConnectionStart(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe(false);
    expect(isConnectionStart(Buffer.from([1, 0, 1, 0, 0, 1, 0, 0, 10, 0, 10]))).toBe(false);
  });
});
