import { describe, expect, it } from 'vitest';
import { resolveHostInternal } from '../../../src/engine/host/host-internal.js';

describe('resolveHostInternal', () => {
  it('takes BITBUCKET_DOCKER_HOST_INTERNAL first, even when host.docker.internal resolves', () => {
    const chosen = resolveHostInternal({
      env: { BITBUCKET_DOCKER_HOST_INTERNAL: ' 10.39.145.17 ' },
      hostDockerInternal: '192.168.65.254',
      hostDockerInternalLookedUp: true,
    });
    expect(chosen).toEqual({
      address: '10.39.145.17',
      source: 'BITBUCKET_DOCKER_HOST_INTERNAL',
      extraHosts: {},
      reason: "BITBUCKET_DOCKER_HOST_INTERNAL=10.39.145.17: the docker service's containers reach this step there",
    });
  });

  it('says when BITBUCKET_DOCKER_HOST_INTERNAL is a name containers must resolve themselves', () => {
    const chosen = resolveHostInternal({
      env: { BITBUCKET_DOCKER_HOST_INTERNAL: 'build-host' },
      hostDockerInternal: undefined,
    });
    expect(chosen).toMatchObject({ address: 'build-host', extraHosts: {} });
    expect(chosen.reason).toMatch(/a name, not an IP address/);
  });

  it('then host.docker.internal when it resolves here, with the extra host containers need', () => {
    const chosen = resolveHostInternal({
      env: {},
      hostDockerInternal: '192.168.65.254',
      hostDockerInternalLookedUp: true,
    });
    expect(chosen).toMatchObject({
      address: 'host.docker.internal',
      source: 'host.docker.internal',
      extraHosts: { 'host.docker.internal': 'host-gateway' },
    });
    expect(chosen.reason).toContain('resolves here (192.168.65.254)');
  });

  it("else the engine's host-gateway, saying whether the name was looked up", () => {
    const blank = { env: { BITBUCKET_DOCKER_HOST_INTERNAL: '  ' }, hostDockerInternal: undefined };
    const missed = resolveHostInternal({ ...blank, hostDockerInternalLookedUp: true });
    expect(missed).toMatchObject({
      address: 'host.docker.internal',
      source: 'host-gateway',
      extraHosts: { 'host.docker.internal': 'host-gateway' },
    });
    expect(missed.reason).toContain('does not resolve here');
    expect(resolveHostInternal(blank).reason).toContain('was not looked up');
  });
});
