// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is the compose syntax under test
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';
import { ComposeFileError, ComposeUnsupportedError, ComposeVariableError } from '../../../src/errors/compose.js';
import { InvalidOptionError } from '../../../src/errors/options.js';
import { catchError } from './catch-error.js';

const files = join(import.meta.dirname, 'files', 'errors');
const load =
  (name: string, env: Record<string, string> = {}) =>
  () =>
    loadComposeModel(join(files, name), { env });

describe('loadComposeModel: the realistic broken files', () => {
  it('names the file, line and column of malformed YAML', () => {
    const error = catchError(load('malformed.yml'));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_INVALID', file: join(files, 'malformed.yml') });
    expect(error.message).toContain(`${join(files, 'malformed.yml')}: invalid YAML at line 6, column 1`);
  });

  it('names the service and key of a schema violation, in plain words', () => {
    const error = catchError(load('schema.yml'));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error).toMatchObject({ service: 'api', key: 'services.api.ports[1]' });
    expect(error.message).toContain('schema.yml: services.api.ports[1]: must be a number, a string or a mapping');
  });

  it('points at a misspelt key', () => {
    const error = catchError(load('typo.yml'));
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_INVALID', key: 'services.api.enviroment' });
    expect(error.message).toContain('check its spelling');
  });

  it('refuses secrets, naming the service, and says what to do', () => {
    const error = catchError(load('secrets.yml'));
    expect(error).toBeInstanceOf(ComposeUnsupportedError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_UNSUPPORTED', service: 'api', key: 'services.api.secrets' });
    expect(error.message).toMatch(/Remove it, move it into an override file .* createOverrides/);
  });

  it('names the key and variable of a missing required variable, with its message', () => {
    const error = catchError(load('required-variable.yml'));
    expect(error).toBeInstanceOf(ComposeVariableError);
    expect(error).toMatchObject({
      code: 'SEAWORTHY_COMPOSE_VARIABLE',
      file: join(files, 'required-variable.yml'),
      service: 'api',
      key: 'services.api.environment.DB_URL',
      variable: 'DB_URL',
    });
    expect(error.message).toContain('required variable DB_URL is not set: the API needs a database URL');
    expect(load('required-variable.yml', { DB_URL: 'postgres://db/app' })).not.toThrow();
  });

  it('reports a malformed expression as a variable error', () => {
    const error = catchError(load('bad-expression.yml'));
    expect(error).toBeInstanceOf(ComposeVariableError);
    expect(error).toMatchObject({ key: 'services.api.image', variable: 'TAG' });
    expect(error.message).toContain('"${TAG:x}"');
  });

  it('names an unknown dependency and lists the services there are', () => {
    const error = catchError(load('unknown-dependency.yml'));
    expect(error).toMatchObject({ code: 'SEAWORTHY_COMPOSE_INVALID', key: 'services.api.depends_on.databse' });
    expect(error.message).toContain('no service "databse" in the files (services: api, database)');
  });

  it('refuses a named volume or network that is not declared', () => {
    expect(catchError(load('undeclared-volume.yml'))).toMatchObject({ key: 'services.db.volumes[0]' });
    expect(catchError(load('undeclared-network.yml')).message).toContain(
      'network "backend" is not declared under the top-level `networks:`',
    );
  });

  it('refuses an empty file and names a missing one', () => {
    expect(catchError(load('empty.yml')).message).toContain('the file is empty');
    const missing = catchError(load('no-such-file.yml'));
    expect(missing).toBeInstanceOf(ComposeFileError);
    expect(missing).toMatchObject({ file: join(files, 'no-such-file.yml') });
    expect(missing.message).toContain('no such compose file');
  });

  it('refuses an empty list of files before reading anything', () => {
    expect(catchError(() => loadComposeModel([]))).toBeInstanceOf(InvalidOptionError);
  });
});

describe('loadComposeModel: every other error path', () => {
  const root = mkdtempSync(join(tmpdir(), 'seaworthy-compose-errors-'));
  let n = 0;
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Write a compose file (and more files beside it) in a fresh folder and load it. */
  const loadText = (text: string, extra: Record<string, string> = {}, env: Record<string, string> = {}) => {
    const dir = join(root, String(n++));
    mkdirSync(dir);
    for (const [name, content] of Object.entries({ 'compose.yml': text, ...extra })) {
      writeFileSync(join(dir, name), content);
    }
    return catchError(() => loadComposeModel(join(dir, 'compose.yml'), { env }));
  };
  const svc = (body: string) => `services:\n  app:\n    image: busybox\n${body.replace(/^/gm, '    ')}\n`;

  it.each([
    ['top-level secrets', 'services: {}\nsecrets:\n  s:\n    file: ./s\n', 'secrets'],
    ['top-level configs', 'services: {}\nconfigs:\n  c:\n    file: ./c\n', 'configs'],
    ['include', 'include:\n  - other.yml\nservices: {}\n', 'include'],
    ['models', 'services: {}\nmodels:\n  m:\n    model: ai/x\n', 'models'],
    ['configs', svc('configs: [c]'), 'services.app.configs'],
    ['develop', svc('develop:\n  watch: []'), 'services.app.develop'],
    ['devices', svc('devices: ["/dev/fuse"]'), 'services.app.devices'],
    ['pid', svc('pid: host'), 'services.app.pid'],
    ['ipc', svc('ipc: host'), 'services.app.ipc'],
    ['gpus', svc('gpus: all'), 'services.app.gpus'],
    ['dns', svc('dns: 8.8.8.8'), 'services.app.dns'],
    ['domainname', svc('domainname: example.com'), 'services.app.domainname'],
    ['build.ssh', svc('build:\n  context: .\n  ssh: [default]'), 'services.app.build.ssh'],
    ['deploy.placement', svc('deploy:\n  placement:\n    constraints: []'), 'services.app.deploy.placement'],
    [
      'deploy.resources.reservations',
      svc('deploy:\n  resources:\n    reservations:\n      memory: 1g'),
      'services.app.deploy.resources.reservations',
    ],
    [
      'healthcheck.start_interval',
      svc('healthcheck:\n  test: "true"\n  start_interval: 1s'),
      'services.app.healthcheck.start_interval',
    ],
    [
      'depends_on restart',
      `${svc('depends_on:\n  db:\n    condition: service_started\n    restart: true')}  db:\n    image: x\n`,
      'services.app.depends_on.db.restart',
    ],
    [
      'networks ipv6_address',
      `${svc('networks:\n  n:\n    ipv6_address: "::1"')}networks:\n  n: {}\n`,
      'services.app.networks.n.ipv6_address',
    ],
    [
      'bind.propagation',
      svc('volumes:\n  - type: bind\n    source: .\n    target: /x\n    bind:\n      propagation: shared'),
      'services.app.volumes[0].bind.propagation',
    ],
    [
      'volume.nocopy',
      `${svc('volumes:\n  - type: volume\n    source: v\n    target: /x\n    volume:\n      nocopy: true')}volumes:\n  v: {}\n`,
      'services.app.volumes[0].volume',
    ],
    ['env_file format', svc('env_file:\n  - path: ./a.env\n    format: raw'), 'services.app.env_file[0].format'],
    ['network enable_ipv4', 'services: {}\nnetworks:\n  n:\n    enable_ipv4: false\n', 'networks.n.enable_ipv4'],
    [
      'ipam options',
      'services: {}\nnetworks:\n  n:\n    ipam:\n      options:\n        a: b\n',
      'networks.n.ipam.options',
    ],
    [
      'ipam aux_addresses',
      'services: {}\nnetworks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n          aux_addresses:\n            h: 10.1.0.5\n',
      'networks.n.ipam.config[0].aux_addresses',
    ],
    ['protocol sctp', svc('ports: ["80/sctp"]'), 'services.app.ports[0]'],
    [
      'mount type npipe',
      svc('volumes:\n  - type: npipe\n    source: x\n    target: /x'),
      'services.app.volumes[0].type',
    ],
    ['mount option z', svc('volumes: ["./a:/a:z"]'), 'services.app.volumes[0]'],
    ['pull_policy daily', svc('pull_policy: daily'), 'services.app.pull_policy'],
    ['port mode other than host', svc('ports:\n  - target: 80\n    mode: vip'), 'services.app.ports[0].mode'],
    ['a host port range for one container port', svc('ports: ["8000-8010:80"]'), 'services.app.ports[0]'],
    [
      'several addresses for one extra host',
      svc('extra_hosts:\n  h: ["10.0.0.1", "10.0.0.2"]'),
      'services.app.extra_hosts.h',
    ],
    ['a healthcheck with no test', svc('healthcheck:\n  interval: 5s'), 'services.app.healthcheck'],
  ])('refuses %s as unsupported', (_what, text, key) => {
    const error = loadText(text);
    expect(error).toBeInstanceOf(ComposeUnsupportedError);
    expect(error.key).toBe(key);
    expect(error.message).toContain(`${key}: seaworthy does not support`);
  });

  it('allows x- extension keys everywhere', () => {
    const dir = join(root, 'extensions');
    mkdirSync(dir);
    writeFileSync(join(dir, 'compose.yml'), `x-top: 1\n${svc('x-note: hi\nbuild:\n  context: .\n  x-b: 1')}`);
    expect(loadComposeModel(join(dir, 'compose.yml'), { env: {} }).services.app?.image).toBe('busybox');
  });

  it.each([
    ['a duplicated key', 'services:\n  a:\n    image: x\n  a:\n    image: y\n', 'Map keys must be unique'],
    ['a list at the top', '- services\n', 'the top level must be a mapping'],
    ['no image and no build', 'services:\n  app:\n    command: ["true"]\n', 'needs an `image:` or a `build:`'],
    ['pull_policy build with no build', svc('pull_policy: build'), '`pull_policy: build` needs a `build:`'],
    [
      'network_mode with networks',
      `${svc('network_mode: host\nnetworks: [n]')}networks:\n  n: {}\n`,
      'can not both be set',
    ],
    ['a port that is no port', svc('ports: ["http:80"]'), 'host port "http" is not a port'],
    ['a port out of range', svc('ports: ["70000"]'), 'container port "70000" is not a port'],
    ['a port with too many parts', svc('ports: ["1:2:3:4"]'), 'is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT'],
    ['a host port in expose', svc('expose: ["80:80"]'), 'expose takes container ports only'],
    ['a bad duration', svc('stop_grace_period: 10 seconds'), '"10 seconds" is not a duration'],
    ['a duration that is not text', svc('stop_grace_period: 10'), 'stop_grace_period: must be a string'],
    ['a bad size', svc('shm_size: lots'), '"lots" is not a size'],
    [
      'a bad tmpfs size',
      svc('volumes:\n  - type: tmpfs\n    target: /t\n    tmpfs:\n      size: huge'),
      'must be a size',
    ],
    [
      'a bad tmpfs mode',
      svc('volumes:\n  - type: tmpfs\n    target: /t\n    tmpfs:\n      mode: 999'),
      'octal permission bits',
    ],
    [
      'a tmpfs with a source',
      svc('volumes:\n  - type: tmpfs\n    source: x\n    target: /t'),
      'a tmpfs mount has no source',
    ],
    ['a bind with no source', svc('volumes:\n  - type: bind\n    target: /t'), 'needs a source path'],
    ['a relative mount target', svc('volumes: ["./a:data"]'), 'must be an absolute path'],
    ['a relative anonymous volume', svc('volumes: ["data"]'), "an anonymous volume's target must be an absolute path"],
    ['an unclosed quote in command', svc(`command: echo 'hi`), 'a single quote is never closed'],
    [
      'an unknown healthcheck test kind',
      svc('healthcheck:\n  test: ["RUN", "x"]'),
      'must start with "CMD", "CMD-SHELL" or "NONE"',
    ],
    ['a CMD healthcheck with no command', svc('healthcheck:\n  test: ["CMD"]'), 'needs a command after it'],
    ['a bad volumes_from', svc('volumes_from: ["a:b:c"]'), 'is not SERVICE[:ro|rw]'],
    ['a depends_on on itself', svc('depends_on: [app]'), 'can not depend on itself'],
    ['a bad boolean', svc('init: "maybe"'), 'must be true or false'],
    ['a bad ulimit', svc('ulimits:\n  nofile:\n    soft: x\n    hard: 1'), 'needs integer soft and hard'],
    ['a bad extra host', svc('extra_hosts: ["nohost"]'), 'is not HOST:ADDRESS'],
    ['a bad scale', svc('scale: many'), 'must be a whole number'],
    ['a bad cpus', svc('cpus: -1'), 'must be a number of CPUs above 0'],
    ['a bad retries', svc('healthcheck:\n  test: "true"\n  retries: lots'), 'must be a whole number'],
    [
      'an unknown depends_on condition',
      `${svc('depends_on:\n  db:\n    condition: service_ready')}  db:\n    image: x\n`,
      'must be one of',
    ],
    ['extends of an unknown service', svc('extends: nowhere'), 'no service "nowhere"'],
  ])('refuses %s', (_what, text, problem) => {
    const error = loadText(text);
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error.message).toContain(problem);
  });

  it('names the file it tried for extends from a missing file', () => {
    const error = loadText(svc('extends:\n  file: base.yml\n  service: app'));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error.file).toMatch(/base\.yml$/);
    expect(error.message).toContain('no such compose file');
  });

  it('names the env_file that is missing, unless it is optional', () => {
    const error = loadText(svc('env_file: ./missing.env'));
    expect(error.file).toMatch(/missing\.env$/);
    expect(error.message).toContain('no such env file');
  });

  it('names the .env file and key of a bad expression in it', () => {
    const error = loadText('services: {}\n', { '.env': 'GOOD=1\nBAD=${OOPS\n' });
    expect(error).toBeInstanceOf(ComposeVariableError);
    expect(error.file).toMatch(/\.env$/);
    expect(error.key).toBe('BAD');
  });

  it('reads .env values that refer to earlier ones and to the environment; single quotes stay literal', () => {
    const dir = join(root, 'dotenv');
    mkdirSync(dir);
    writeFileSync(
      join(dir, '.env'),
      "HOST=db\nURL=postgres://${HOST}:${PORT:-5432}\nRAW='${HOST}'\nFROM_ENV=${OUTER}\n",
    );
    writeFileSync(
      join(dir, 'compose.yml'),
      'services:\n  app:\n    image: busybox\n    environment:\n      URL: $URL\n      RAW: $RAW\n      FROM_ENV: $FROM_ENV\n      HOST: $HOST\n',
    );
    const model = loadComposeModel(join(dir, 'compose.yml'), { env: { OUTER: 'outside', HOST: 'env-wins' } });
    expect(model.services.app?.environment).toEqual({
      URL: 'postgres://db:5432',
      RAW: '${HOST}',
      FROM_ENV: 'outside',
      HOST: 'env-wins',
    });
  });

  it('names an envFile given that does not exist', () => {
    const dir = join(root, 'envfile');
    mkdirSync(dir);
    writeFileSync(join(dir, 'compose.yml'), 'services: {}\n');
    const error = catchError(() => loadComposeModel(join(dir, 'compose.yml'), { envFile: 'ci.env', env: {} }));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error.file).toBe(join(dir, 'ci.env'));
  });

  it('names a folder given as a compose file', () => {
    expect(catchError(() => loadComposeModel(root)).message).toContain('this is a folder');
  });
});
