import { describe, expect, it } from 'vitest';
import {
  type ContextReader,
  candidateEndpoints,
  describeEndpoint,
  parseDockerHost,
} from '../../../src/engine/endpoint.js';
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

  it('reads ssh hosts, with or without a user, defaulting the port to 22', () => {
    expect(parseDockerHost('ssh://ci@build:2222', 'DOCKER_HOST')).toEqual({
      kind: 'ssh',
      host: 'build',
      port: 2222,
      user: 'ci',
      source: 'DOCKER_HOST',
    });
    expect(parseDockerHost('ssh://build', 's')).toEqual({ kind: 'ssh', host: 'build', port: 22, source: 's' });
    expect(describeEndpoint(parseDockerHost('ssh://ci@[::1]:2222', 's'))).toBe('ssh://ci@[::1]:2222');
  });

  it('rejects ssh passwords and paths, other schemes and garbage, naming where the value came from', () => {
    expect(() => parseDockerHost('ssh://u:secret@host', 'DOCKER_HOST')).toThrow(/u:\*\*\*@host' holds a password/);
    expect(() => parseDockerHost('ssh://u@host/x', 'DOCKER_HOST')).toThrow(/has a path/);
    expect(() => parseDockerHost('npipe:////./pipe/docker', 'DOCKER_HOST')).toThrow(InvalidOptionError);
    expect(() => parseDockerHost('npipe:////./pipe/docker', 'DOCKER_HOST')).toThrow(/`DOCKER_HOST`.*npipe:/);
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

  it("falls back to the default, rootless and Docker Desktop sockets, then Podman's", () => {
    const found = candidateEndpoints(undefined, { XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/nonexistent/me' });
    expect(found.map(describeEndpoint)).toEqual([
      'unix:///var/run/docker.sock',
      'unix:///run/user/1000/docker.sock',
      'unix:///nonexistent/me/.docker/run/docker.sock',
      'unix:///run/podman/podman.sock',
      'unix:///run/user/1000/podman/podman.sock',
    ]);
  });

  const contexts: ContextReader = (name, source) => {
    if (name === 'remote')
      return { name, host: 'tcp://r:2376', skipTlsVerify: false, tlsDir: '/ctx/tls', hasTls: true };
    if (name === 'box') return { name, host: 'ssh://me@box', skipTlsVerify: false, tlsDir: '/ctx/box', hasTls: false };
    throw new Error(`no context ${name} (${source})`);
  };

  it('uses the context DOCKER_CONTEXT names, with its TLS files; DOCKER_HOST wins over it, as in the docker CLI', () => {
    const found = candidateEndpoints(undefined, { DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: '/nonexistent' }, contexts);
    expect(found).toEqual([
      {
        kind: 'tcp',
        host: 'r',
        port: 2376,
        tls: true,
        certDir: '/ctx/tls',
        source: "Docker context 'remote' (DOCKER_CONTEXT)",
      },
    ]);
    const ssh = candidateEndpoints(undefined, { DOCKER_CONTEXT: 'box', DOCKER_CONFIG: '/nonexistent' }, contexts);
    expect(ssh.map(describeEndpoint)).toEqual(['ssh://me@box:22']);
    const both = candidateEndpoints(undefined, { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///x.sock' }, contexts);
    expect(both).toEqual([{ kind: 'unix', socketPath: '/x.sock', source: 'DOCKER_HOST' }]);
    expect(candidateEndpoints('tcp://o:1', { DOCKER_CONTEXT: 'remote' }, contexts)[0]?.source).toBe(
      'engine.host option',
    );
  });

  it('DOCKER_CONTEXT=default means the local sockets, and says so', () => {
    const found = candidateEndpoints(undefined, { DOCKER_CONTEXT: 'default', HOME: '/nonexistent' }, contexts);
    expect(found[0]).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: "default socket (Docker context 'default', DOCKER_CONTEXT)",
    });
  });
});
