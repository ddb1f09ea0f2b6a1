import { describe, expect, it } from 'vitest';
import { candidateEndpoints, describeEndpoint, parseDockerHost } from '../../../src/engine/endpoint.js';
import { InvalidOptionError } from '../../../src/errors/index.js';

describe('parseDockerHost', () => {
  it('reads unix sockets, with or without the scheme', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock', 'DOCKER_HOST')).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'DOCKER_HOST',
    });
    expect(parseDockerHost('/run/user/1000/docker.sock', 'x')).toMatchObject({
      socketPath: '/run/user/1000/docker.sock',
    });
  });

  it('reads tcp hosts, defaulting the port to 2375 and to 2376 with TLS', () => {
    expect(parseDockerHost('tcp://docker:2375', 's')).toMatchObject({
      kind: 'tcp',
      host: 'docker',
      port: 2375,
      tls: false,
    });
    expect(parseDockerHost('tcp://docker', 's')).toMatchObject({ port: 2375 });
    expect(parseDockerHost('tcp://docker', 's', true)).toMatchObject({ port: 2376, tls: true });
    expect(parseDockerHost('https://docker', 's')).toMatchObject({ port: 2376, tls: true });
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(parseDockerHost('tcp://[::1]:2375', 's')).toMatchObject({ host: '::1', port: 2375 });
  });

  it('rejects unsupported schemes and garbage, naming where the value came from', () => {
    expect(() => parseDockerHost('ssh://user@host', 'DOCKER_HOST')).toThrow(InvalidOptionError);
    expect(() => parseDockerHost('ssh://user@host', 'DOCKER_HOST')).toThrow(/`DOCKER_HOST`.*ssh:/);
    expect(() => parseDockerHost('not a host', 'engine.host option')).toThrow(/`engine.host option`/);
  });
});

describe('candidateEndpoints', () => {
  it('uses an explicit host alone, even when DOCKER_HOST is set', () => {
    const found = candidateEndpoints('tcp://a:1', { DOCKER_HOST: 'unix:///b.sock' });
    expect(found.map(describeEndpoint)).toEqual(['tcp://a:1']);
  });

  it('uses DOCKER_HOST alone when set, honouring DOCKER_TLS_VERIFY', () => {
    const found = candidateEndpoints(undefined, { DOCKER_HOST: 'tcp://a:2376', DOCKER_TLS_VERIFY: '1' });
    expect(found).toEqual([{ kind: 'tcp', host: 'a', port: 2376, tls: true, source: 'DOCKER_HOST' }]);
  });

  it('falls back to the default, rootless and Docker Desktop sockets', () => {
    const found = candidateEndpoints(undefined, { XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/me' });
    expect(found.map(describeEndpoint)).toEqual([
      'unix:///var/run/docker.sock',
      'unix:///run/user/1000/docker.sock',
      'unix:///home/me/.docker/run/docker.sock',
    ]);
  });
});
