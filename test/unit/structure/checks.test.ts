import { describe, expect, it } from 'vitest';
import { bindMountsOf, commandTestProblems, outcomeErrors } from '../../../src/structure/command-check.js';
import { parseStructureConfig } from '../../../src/structure/config-parse.js';
import { checkMetadata, imageMetadata, metadataTestIsEmpty } from '../../../src/structure/metadata-check.js';

function commandTest(fields: object) {
  const test = parseStructureConfig({ schemaVersion: '2.0.0', commandTests: [fields] }).commandTests[0];
  if (!test) throw new Error('no command test');
  return test;
}
const metadataTest = (fields: object) =>
  parseStructureConfig({ schemaVersion: '2.0.0', metadataTest: fields }).metadataTest;

describe('command test checks', () => {
  it("reports each broken expectation in the Go tool's words and order", () => {
    const test = commandTest({
      name: 'greet',
      command: 'greet',
      expectedOutput: ['(?i)^HELLO'],
      excludedOutput: ['error'],
      expectedError: ['warn'],
      exitCode: 0,
    });
    expect(outcomeErrors(test, 'hello\n', 'warning\n', 0, 1000)).toEqual([]);
    expect(outcomeErrors(test, 'bye, error\n', '', 3, 1000)).toEqual([
      "Expected string 'warn' not found in error ''",
      "Expected string '(?i)^HELLO' not found in output 'bye, error\n'",
      "Excluded string 'error' found in output 'bye, error\n'",
      "Test 'greet' exited with incorrect error code. Expected: 0, Actual: 3",
    ]);
    expect(outcomeErrors(test, 'hello', 'warn', undefined, 1000)).toEqual([
      "Test 'greet' did not finish within 1000 ms (commandTimeoutMs); it was killed",
    ]);
  });

  it('finds the problems the Go tool reports instead of running the test', () => {
    expect(
      commandTestProblems(commandTest({ command: 'ls', setup: [[]], envVars: [{ key: 'A', value: '' }] })),
    ).toEqual([
      'Please provide a valid name for every test',
      'Error in setup command configuration encountered; please check formatting and remove all empty setup commands',
      'Please provide non-empty keys and values for all specified env vars',
    ]);
    expect(commandTestProblems(commandTest({ name: 'x' }))).toEqual([
      'Please provide a valid command to run for test x',
    ]);
  });
});

describe('metadata test', () => {
  const image = imageMetadata({
    Id: 'sha256:abc',
    Config: {
      Env: ['PATH=/usr/local/bin:/usr/bin', 'APP_ENV=production'],
      Cmd: ['node', 'server.js'],
      Entrypoint: null as unknown as string[],
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
      Volumes: { '/data': {} },
      WorkingDir: '/app',
      User: 'node',
      Labels: { 'org.opencontainers.image.version': '1.2.3' },
    },
  });

  it('compares ports without their protocol, as the Go tool does', () => {
    expect(image.exposedPorts).toEqual(['8080', '53']);
    expect(checkMetadata('c', metadataTest({ exposedPorts: ['8080', '53'], unexposedPorts: ['22'] }), image).pass).toBe(
      true,
    );
    expect(checkMetadata('c', metadataTest({ exposedPorts: ['8080/tcp'] }), image).errors).toEqual([
      'Port 8080/tcp not found in config',
    ]);
  });

  it('checks env, labels (as RE2 with isRegex), cmd, entrypoint, workdir, user and volumes', () => {
    const ok = metadataTest({
      envVars: [
        { key: 'APP_ENV', value: 'production' },
        { key: 'PATH', value: '(?i)/USR/LOCAL/BIN', isRegex: true },
      ],
      unboundEnvVars: [{ key: 'DEBUG' }],
      labels: [{ key: 'org.opencontainers.image.version', value: '^[[:digit:]]+\\.[[:digit:]]+', isRegex: true }],
      cmd: ['node', 'server.js'],
      entrypoint: [],
      workdir: '/app',
      user: 'node',
      volumes: ['/data'],
      unmountedVolumes: ['/tmp'],
    });
    expect(checkMetadata('c', ok, image)).toMatchObject({ name: 'Metadata Test', pass: true, errors: [] });
    const bad = metadataTest({
      envVars: [
        { key: 'APP_ENV', value: 'prod' },
        { key: 'MISSING', value: 'x' },
      ],
      labels: [{ key: 'org.opencontainers.image.version', value: '^2', isRegex: true }],
      cmd: ['node'],
      user: 'root',
      volumes: ['/var/lib'],
    });
    expect(checkMetadata('c', bad, image).errors).toEqual([
      'env var APP_ENV value production does not match expected value: prod',
      'variable MISSING not found in image env',
      'label org.opencontainers.image.version value 1.2.3 does not match expected value: ^2',
      'Image Cmd [node server.js] does not match expected Cmd: [node]',
      'Image user node does not match config user: root',
      'Volume /var/lib not found in config',
    ]);
  });

  it('is skipped when it checks nothing', () => {
    expect(metadataTestIsEmpty(metadataTest({}))).toBe(true);
    expect(metadataTestIsEmpty(metadataTest({ entrypoint: [] }))).toBe(false);
  });
});

describe('containerRunOptions.bindMounts', () => {
  it('reads host:container[:ro] as docker run -v does', () => {
    expect(bindMountsOf(['/etc/example:/etc/dir', '/srv/cache:/cache:ro'])).toEqual([
      { type: 'bind', source: '/etc/example', target: '/etc/dir' },
      { type: 'bind', source: '/srv/cache', target: '/cache', readOnly: true },
    ]);
  });
});
