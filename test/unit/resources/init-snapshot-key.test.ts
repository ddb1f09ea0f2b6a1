import { statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../../src/resources/definitions/create-request.js';
import { snapshotImageLabels } from '../../../src/resources/snapshots/init-snapshot.js';
import {
  canonicalJson,
  contentDigest,
  SNAPSHOT_FORMAT_VERSION,
  snapshotKey,
  snapshotKeyMaterial,
  snapshotReference,
} from '../../../src/resources/snapshots/init-snapshot-key.js';

const IMAGE = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';

function request(patch: Partial<CreateRequest> = {}): CreateRequest {
  return {
    Image: 'postgres:16',
    Env: ['POSTGRES_USER=test', 'POSTGRES_DB=test'],
    Cmd: ['postgres'],
    Labels: { 'dev.seaworthy.namespace': 'sw-a', 'dev.seaworthy.session': 'one' },
    ExposedPorts: { '5432/tcp': {} },
    HostConfig: {
      PortBindings: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      Mounts: [{ Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true }],
    },
    NetworkingConfig: { EndpointsConfig: { 'sw-a_default': { Aliases: ['db'] } } },
    ...patch,
  };
}

const key = (r: CreateRequest, digests: Record<string, string> = { '/init': 'aaa' }, salt = 'pg-v1', image = IMAGE) =>
  snapshotKey(image, snapshotKeyMaterial(r, salt, digests));

describe('snapshotKey', () => {
  it('is a sha256 hex digest and the same for the same inputs', () => {
    expect(key(request())).toMatch(/^[0-9a-f]{64}$/);
    expect(key(request())).toBe(key(request()));
  });

  it('ignores what never reaches the data: labels, ports, networks, the image tag', () => {
    const other = request({
      Image: 'registry.example/postgres:16-mirror',
      Labels: { 'dev.seaworthy.namespace': 'sw-b', 'dev.seaworthy.session': 'two', team: 'x' },
      ExposedPorts: { '5432/tcp': {}, '9187/tcp': {} },
      HostConfig: {
        PortBindings: { '5432/tcp': [{ HostIp: '0.0.0.0', HostPort: '15432' }] },
        Mounts: [{ Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true }],
        Memory: 512 * 1024 * 1024,
      },
      NetworkingConfig: { EndpointsConfig: { 'sw-b_default': { Aliases: ['postgres'] } } },
      Hostname: 'elsewhere',
    });
    expect(key(other)).toBe(key(request()));
  });

  it('ignores the order of distinct environment variables and of mounts', () => {
    const reordered = request({
      Env: ['POSTGRES_DB=test', 'POSTGRES_USER=test'],
      HostConfig: {
        Mounts: [
          { Type: 'tmpfs', Target: '/scratch' },
          { Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true },
        ],
      },
    });
    const original = request({
      HostConfig: {
        Mounts: [
          { Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true },
          { Type: 'tmpfs', Target: '/scratch' },
        ],
      },
    });
    expect(key(reordered)).toBe(key(original));
  });

  it('changes with the image id, an env value, the command, the entrypoint, the user or the salt', () => {
    const base = key(request());
    const variants = [
      key(request(), undefined, undefined, IMAGE.replace(/1$/, '2')),
      key(request({ Env: ['POSTGRES_USER=test', 'POSTGRES_DB=other'] })),
      key(request({ Env: ['POSTGRES_USER=test', 'POSTGRES_DB=test', 'TZ=UTC'] })),
      key(request({ Cmd: ['postgres', '-c', 'fsync=off'] })),
      key(request({ Entrypoint: ['/custom-entrypoint.sh'] })),
      key(request({ User: 'postgres' })),
      key(request({ WorkingDir: '/tmp' })),
      key(request(), undefined, 'pg-v2'),
    ];
    for (const variant of variants) expect(variant).not.toBe(base);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it("changes with a bind mount's content digest, not with its source path", () => {
    const moved = request({
      HostConfig: {
        Mounts: [{ Type: 'bind', Source: '/elsewhere', Target: '/docker-entrypoint-initdb.d', ReadOnly: true }],
      },
    });
    expect(key(moved, { '/elsewhere': 'aaa' })).toBe(key(request()));
    expect(key(request(), { '/init': 'bbb' })).not.toBe(key(request()));
  });

  it('changes with mounts added or moved, and with raw Binds from createOverrides', () => {
    const base = key(request());
    const withVolume = request({
      HostConfig: {
        Mounts: [
          { Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true },
          { Type: 'volume', Source: 'shared', Target: '/seed' },
        ],
      },
    });
    const moved = request({
      HostConfig: { Mounts: [{ Type: 'bind', Source: '/init', Target: '/other', ReadOnly: true }] },
    });
    const binds = request({
      HostConfig: {
        Mounts: [{ Type: 'bind', Source: '/init', Target: '/docker-entrypoint-initdb.d', ReadOnly: true }],
        Binds: ['/x:/y'],
      },
    });
    expect(new Set([base, key(withVolume), key(moved), key(binds)]).size).toBe(4);
  });

  it('records the format version in its material', () => {
    expect(snapshotKeyMaterial(request(), 's', { '/init': 'aaa' }).format).toBe(SNAPSHOT_FORMAT_VERSION);
  });

  it('refuses to key a bind mount whose content digest is missing', () => {
    expect(() => snapshotKeyMaterial(request(), 's', {})).toThrow(/no content digest for bind mount source \/init/);
  });
});

describe('snapshotReference', () => {
  it('tags with the first 16 hex of the key under seaworthy-snapshot/<name>', () => {
    const k = 'abcdef0123456789'.repeat(4);
    expect(snapshotReference('postgres', k)).toEqual({
      repository: 'seaworthy-snapshot/postgres',
      tag: 'abcdef0123456789',
    });
  });

  it('turns any definition name into a valid repository component', () => {
    const k = '0'.repeat(64);
    expect(snapshotReference('My_DB.v2', k).repository).toBe('seaworthy-snapshot/my-db-v2');
    expect(snapshotReference('--', k).repository).toBe('seaworthy-snapshot/definition');
    expect(snapshotReference('a__b--c', k).repository).toBe('seaworthy-snapshot/a-b-c');
  });
});

describe('snapshotImageLabels', () => {
  it("names every label the container added, emptied, and gives overridden image labels the image's value", () => {
    const image = { 'org.opencontainers.image.title': 'postgres', maintainer: 'upstream' };
    const container = {
      ...image,
      maintainer: 'overridden by the create request',
      'dev.seaworthy.managed': 'true',
      'dev.seaworthy.namespace': 'sw-a',
      'dev.seaworthy.session': 'one',
      'dev.seaworthy.pid': '123',
      'dev.seaworthy.helper': 'abc',
      team: 'payments',
    };
    const labels = snapshotImageLabels(image, container, { 'dev.seaworthy.snapshot.key': 'k' });
    expect(labels).toEqual({
      'org.opencontainers.image.title': 'postgres',
      maintainer: 'upstream',
      'dev.seaworthy.managed': '',
      'dev.seaworthy.namespace': '',
      'dev.seaworthy.session': '',
      'dev.seaworthy.pid': '',
      'dev.seaworthy.helper': '',
      team: '',
      'dev.seaworthy.snapshot.key': 'k',
    });
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('contentDigest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seaworthy-digest-'));
    await writeFile(join(dir, '01-schema.sql'), 'CREATE TABLE t (id int);\n');
    await mkdir(join(dir, 'more'));
    await writeFile(join(dir, 'more', 'seed.sql'), 'INSERT INTO t VALUES (1);\n');
    await writeFile(join(dir, '02-setup.sh'), 'echo hi\n', { mode: 0o644 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is stable for unchanged content and independent of where the directory is', async () => {
    const first = await contentDigest(dir);
    expect(await contentDigest(dir)).toBe(first);
    const copy = await mkdtemp(join(tmpdir(), 'seaworthy-digest-copy-'));
    try {
      await writeFile(join(copy, '01-schema.sql'), 'CREATE TABLE t (id int);\n');
      await mkdir(join(copy, 'more'));
      await writeFile(join(copy, 'more', 'seed.sql'), 'INSERT INTO t VALUES (1);\n');
      await writeFile(join(copy, '02-setup.sh'), 'echo hi\n', { mode: 0o644 });
      await chmod(copy, statSync(dir).mode & 0o7777);
      expect(await contentDigest(copy)).toBe(first);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('changes with a file’s bytes in a subdirectory', async () => {
    const before = await contentDigest(dir);
    await writeFile(join(dir, 'more', 'seed.sql'), 'INSERT INTO t VALUES (2);\n');
    expect(await contentDigest(dir)).not.toBe(before);
  });

  it('changes when a file is renamed, added, or made executable (run instead of sourced)', async () => {
    const before = await contentDigest(dir);
    await writeFile(join(dir, '03-extra.sql'), '');
    const added = await contentDigest(dir);
    expect(added).not.toBe(before);
    await rm(join(dir, '03-extra.sql'));
    expect(await contentDigest(dir)).toBe(before);
    await chmod(join(dir, '02-setup.sh'), 0o755);
    expect(await contentDigest(dir)).not.toBe(before);
  });

  it('digests a symbolic link by its target text, and a single file by its bytes', async () => {
    const before = await contentDigest(dir);
    await symlink('01-schema.sql', join(dir, 'link.sql'));
    expect(await contentDigest(dir)).not.toBe(before);
    const file = await contentDigest(join(dir, '01-schema.sql'));
    expect(file).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a path that does not exist', async () => {
    await expect(contentDigest(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
