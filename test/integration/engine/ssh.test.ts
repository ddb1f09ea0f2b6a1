import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextDirName } from '../../../src/engine/contexts.js';
import { knownHostsName } from '../../../src/engine/ssh-known-hosts.js';
import { ContainerDefinition, DockerHelper, EngineSshError, waitFor } from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

/**
 * An ssh:// engine: the sshd fixture (openssh-server and the docker CLI)
 * with this machine's engine socket mounted in, published on 127.0.0.1.
 * Seaworthy logs in with a key made here and runs `docker system
 * dial-stdio` there, as the docker CLI does; the engine behind it is this
 * machine's, so published ports are on 127.0.0.1, the ssh host.
 */
let local: DockerHelper;
let dir: string;
let port: number;
let address: string;
let identityFile: string;
let otherKey: string;
let publicKey: string;

function keyPair(name: string): { privateFile: string; publicKey: string } {
  const pair = ssh2.utils.generateKeyPairSync('ed25519');
  const privateFile = join(dir, name);
  writeFileSync(privateFile, pair.private, { mode: 0o600 });
  return { privateFile, publicKey: pair.public };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-ssh-'));
  const key = keyPair('id_test');
  identityFile = key.privateFile;
  publicKey = key.publicKey;
  otherKey = keyPair('id_other').privateFile;
  local = await DockerHelper.create();
  const sshd = await new ContainerDefinition('sshd', {
    image: fixtureImage('sshd'),
    env: { AUTHORIZED_KEY: key.publicKey },
    mounts: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
    ports: [22],
    wait: waitFor.logLine('Server listening on'),
  }).setup(local);
  port = sshd.hostPort(22);
  address = `ssh://root@127.0.0.1:${port}`;
});
afterAll(async () => {
  await local?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

/** Options for a connection that finds no key of the user's own: HOME is the test's directory. */
const isolated = (extra: Record<string, string> = {}) => ({ HOME: dir, ...extra });

describe('ssh:// engines', () => {
  it('connects with a key, starts a container and reaches its published port on the ssh host', async () => {
    const engine = await Engine.connect({ host: address, ssh: { identityFile }, env: isolated() });
    expect(engine.address).toBe(`ssh://root@127.0.0.1:${port}`);
    expect(engine.endpoint.source).toBe('engine.host option');
    expect(engine.version.negotiatedApiVersion).toBe(engine.version.apiVersion);
    expect(engine.hostAddress).toBe('127.0.0.1');
    const helper = await DockerHelper.create({ engine });
    try {
      const web = await new ContainerDefinition('over-ssh', {
        image: fixtureImage('httpd'),
        ports: [8080],
        wait: waitFor.all(waitFor.logLine('httpd listening'), waitFor.http({ port: 8080 })),
      }).setup(helper);
      expect((await web.exec(['echo', 'over ssh'])).stdout).toBe('over ssh\n');
      expect((await web.logs()).stdout.toString()).toContain('httpd listening on 8080');
      const response = await fetch(`${web.baseUrl(8080)}/`);
      expect(response.status).toBeLessThan(500);
    } finally {
      await helper.teardown();
    }
  });

  it('reads ssh:// from DOCKER_HOST and finds ~/.ssh/id_ed25519 by itself', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), readFileSync(identityFile), { mode: 0o600 });
    const engine = await Engine.connect({ env: { HOME: home, DOCKER_HOST: address } });
    expect(engine.endpoint.source).toBe('DOCKER_HOST');
    expect((await engine.listByLabel('dev.seaworthy.none=1')).containers).toEqual([]);
  });

  it('reads ssh:// from a Docker context', async () => {
    const config = mkdtempSync(join(dir, 'config-'));
    const meta = join(config, 'contexts', 'meta', contextDirName('over-ssh'));
    mkdirSync(meta, { recursive: true });
    // What `docker context create over-ssh --docker host=ssh://…` writes.
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: 'over-ssh',
        Metadata: {},
        Endpoints: { docker: { Host: address, SkipTLSVerify: false } },
      }),
    );
    const engine = await Engine.connect({
      ssh: { identityFile },
      env: isolated({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'over-ssh' }),
    });
    expect(engine.address).toBe(address);
    expect(engine.endpoint.source).toBe("Docker context 'over-ssh' (DOCKER_CONTEXT)");
  });

  it('says the server refused the key when it is not authorised there', async () => {
    const error = await Engine.connect({ host: address, ssh: { identityFile: otherKey }, env: isolated() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineSshError);
    expect((error as EngineSshError).failure).toBe('auth');
    expect((error as EngineSshError).message).toContain(`root@127.0.0.1 refused every key offered (${otherKey})`);
  });

  it('says so when there is no key to offer', async () => {
    const error = await Engine.connect({ host: address, env: isolated() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineSshError);
    expect((error as EngineSshError).failure).toBe('no-key');
  });

  it('says so when `docker system dial-stdio` fails on the remote (no engine socket there)', async () => {
    const lonely = await new ContainerDefinition('sshd-no-engine', {
      image: fixtureImage('sshd'),
      env: { AUTHORIZED_KEY: publicKey },
      ports: [22],
      wait: waitFor.logLine('Server listening on'),
    }).setup(local);
    const error = await Engine.connect({
      host: `ssh://root@127.0.0.1:${lonely.hostPort(22)}`,
      ssh: { identityFile },
      env: isolated(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineSshError);
    expect((error as EngineSshError).failure).toBe('dial-stdio');
    expect((error as EngineSshError).message).toMatch(/dial-stdio` on the remote exited with code 1: .*docker\.sock/);
  });

  it('refuses a host whose key differs from known_hosts, and an unlisted one when strict', async () => {
    const knownHostsFile = join(dir, 'known_hosts');
    const wrong = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').public);
    if (wrong instanceof Error) throw wrong;
    writeFileSync(
      knownHostsFile,
      `${knownHostsName('127.0.0.1', port)} ssh-ed25519 ${wrong.getPublicSSH().toString('base64')}\n`,
    );
    const changed = await Engine.connect({
      host: address,
      ssh: { identityFile, knownHostsFile },
      env: isolated(),
    }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(EngineSshError);
    expect((changed as EngineSshError).failure).toBe('host-key');
    expect((changed as EngineSshError).message).toContain(`ssh-keygen -R '[127.0.0.1]:${port}'`);

    writeFileSync(knownHostsFile, '');
    const strict = await Engine.connect({
      host: address,
      ssh: { identityFile, knownHostsFile, strictHostKeyChecking: true },
      env: isolated(),
    }).catch((e: unknown) => e);
    expect((strict as EngineSshError).failure).toBe('host-key');
    expect((strict as EngineSshError).message).toContain('strictHostKeyChecking is on');
  });
});
