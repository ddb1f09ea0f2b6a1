import { describe, expect, it } from 'vitest';
import {
  describeRunnerMount,
  mapRunnerPath,
  type RunnerMount,
  toRunnerMounts,
} from '../../../src/engine/host/runner-mounts.js';

/** The runner's mounts as a GitLab shared-daemon job might have them. */
const mounts: RunnerMount[] = toRunnerMounts([
  { Type: 'bind', Source: '/srv/ci/reports', Destination: '/reports', RW: true },
  {
    Type: 'volume',
    Name: 'runner-builds',
    Source: '/var/lib/docker/volumes/runner-builds/_data',
    Destination: '/builds',
    Driver: 'local',
    RW: true,
  },
  { Type: 'bind', Source: '/srv/cache', Destination: '/builds/group/app/.cache/', RW: false },
  { Type: 'bind', Source: '/var/run/docker.sock', Destination: '/var/run/docker.sock', RW: true },
  { Type: 'tmpfs', Source: '', Destination: '/scratch', RW: true },
  { Type: 'volume', Name: 'nfs-data', Source: '', Destination: '/nfs', Driver: 'some/nfs-plugin', RW: true },
]);

describe('mapRunnerPath', () => {
  it('rewrites a path under a bind mount to the same place under its source', () => {
    expect(mapRunnerPath('/reports/run-1/out', mounts)).toMatchObject({
      kind: 'mapped',
      hostPath: '/srv/ci/reports/run-1/out',
    });
    expect(mapRunnerPath('/reports', mounts)).toMatchObject({ kind: 'mapped', hostPath: '/srv/ci/reports' });
  });

  it("rewrites a path under a local volume to the volume's mountpoint on the host", () => {
    expect(mapRunnerPath('/builds/group/app/artifacts', mounts)).toMatchObject({
      kind: 'mapped',
      hostPath: '/var/lib/docker/volumes/runner-builds/_data/group/app/artifacts',
      mount: { type: 'volume', name: 'runner-builds' },
    });
  });

  it('lets the longest mount destination win, and keeps the read-only flag of the mount it used', () => {
    const mapping = mapRunnerPath('/builds/group/app/.cache/npm', mounts);
    expect(mapping).toMatchObject({ kind: 'mapped', hostPath: '/srv/cache/npm', mount: { readOnly: true } });
  });

  it('normalises the path first: trailing slashes, dot segments', () => {
    expect(mapRunnerPath('/reports/./a/../b/', mounts)).toMatchObject({ hostPath: '/srv/ci/reports/b' });
  });

  it('does not match a sibling folder that merely shares a prefix', () => {
    expect(mapRunnerPath('/reports-old/x', mounts)).toEqual({ kind: 'not-shared' });
    expect(mapRunnerPath('/buildsX', mounts)).toEqual({ kind: 'not-shared' });
  });

  it("says a path in the runner's own filesystem is not shared", () => {
    expect(mapRunnerPath('/tmp/seaworthy-abc', mounts)).toEqual({ kind: 'not-shared' });
  });

  it("says why a tmpfs or a plugin's volume can't be bound", () => {
    expect(mapRunnerPath('/scratch/x', mounts)).toMatchObject({
      kind: 'unmappable',
      why: expect.stringMatching(/tmpfs mount of the runner/),
    });
    expect(mapRunnerPath('/nfs/x', mounts)).toMatchObject({
      kind: 'unmappable',
      why: expect.stringMatching(/volume 'nfs-data' of driver 'some\/nfs-plugin'/),
    });
  });

  it('handles a runner whose whole root is a bind', () => {
    const root = toRunnerMounts([{ Type: 'bind', Source: '/host/root', Destination: '/', RW: true }]);
    expect(mapRunnerPath('/etc/app', root)).toMatchObject({ hostPath: '/host/root/etc/app' });
    expect(mapRunnerPath('/', root)).toMatchObject({ hostPath: '/host/root' });
  });
});

describe('toRunnerMounts and describeRunnerMount', () => {
  it('keeps what mapping needs and drops entries without an absolute destination', () => {
    expect(toRunnerMounts([{ Type: 'bind', Source: '/a', Destination: 'relative', RW: true }])).toEqual([]);
    expect(toRunnerMounts(null)).toEqual([]);
    expect(mounts[2]).toEqual({
      type: 'bind',
      source: '/srv/cache',
      destination: '/builds/group/app/.cache',
      readOnly: true,
    });
  });

  it('describes each mount on one line', () => {
    expect(mounts.map(describeRunnerMount)).toEqual([
      '/reports (bind of /srv/ci/reports)',
      '/builds (volume runner-builds)',
      '/builds/group/app/.cache (bind of /srv/cache, read-only)',
      '/var/run/docker.sock (bind of /var/run/docker.sock)',
      '/scratch (tmpfs)',
      '/nfs (volume nfs-data of driver some/nfs-plugin)',
    ]);
  });
});
