import { afterAll, beforeAll, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper, VolumeDefinition, waitFor } from '../../../src/index.js';
import { resourcesOf } from '../../support/helper.js';
import { sh } from './support.js';

/**
 * The Docker-in-Docker recipe of docs/host-options.md, on the real engine:
 * seaworthy-fixture/runner-dind (Debian's docker.io; its entrypoint starts
 * dockerd) with every capability the engine can give (not SYS_RESOURCE, which
 * this engine lacks), no seccomp/AppArmor confinement, the host's cgroups
 * writable, and /var/lib/docker on a volume. The nested engine must answer
 * and run containers of its own, on no network and on its default bridge.
 */
let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});

afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

it('runs a nested engine that runs its own container', { timeout: 240_000 }, async () => {
  const dind = await new ContainerDefinition('dind', {
    image: 'seaworthy-fixture/runner-dind:latest',
    capAdd: ['ALL'],
    capDrop: ['SYS_RESOURCE'],
    mounts: [
      { type: 'volume', source: new VolumeDefinition('dind-data'), target: '/var/lib/docker' },
      { type: 'bind', source: '/sys/fs/cgroup', target: '/sys/fs/cgroup' },
    ],
    // seccomp's default profile refuses runc's session keyring in the nested engine.
    securityOpts: ['seccomp=unconfined', 'apparmor=unconfined'],
    wait: waitFor.command(['docker', 'version'], { timeoutMs: 180_000 }),
    startupTimeoutMs: 180_000,
    stopTimeoutMs: 20_000,
  }).setup(helper);

  expect((await sh(dind, "docker info --format '{{.Driver}}'")).stdout.trim()).toBe('overlay2');
  // No registry: an image made in place from the shell and the libraries it loads.
  await sh(
    dind,
    'set -e; rm -rf /tmp/r; mkdir -p /tmp/r/bin; cp /bin/dash /tmp/r/bin/sh; ' +
      'for f in $(ldd /bin/dash | grep -o "/[^ ]*"); do mkdir -p "/tmp/r$(dirname "$f")"; cp "$f" "/tmp/r$f"; done; ' +
      'tar -C /tmp/r -c . | docker import - nested-mini >/dev/null',
  );
  const run = await sh(dind, "docker run --rm --network none nested-mini /bin/sh -c 'echo hello from inside'");
  expect(run.stdout.trim()).toBe('hello from inside');
  const bridged = await sh(dind, "docker run --rm nested-mini /bin/sh -c 'echo on the nested bridge'");
  expect(bridged.stdout.trim()).toBe('on the nested bridge');
});
