import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StructureConfigError } from '../../../src/errors/index.js';
import { loadStructureConfig, parseStructureConfig } from '../../../src/structure/config-parse.js';

/** The error a config gives, for its path and message. */
function errorOf(input: string | object): StructureConfigError {
  try {
    parseStructureConfig(input, 'tests.yaml');
  } catch (error) {
    if (error instanceof StructureConfigError) return error;
    throw error;
  }
  throw new Error('expected a StructureConfigError');
}

describe('parseStructureConfig', () => {
  it('reads every test type with the Go tool defaults', () => {
    const config = parseStructureConfig(
      `
schemaVersion: '2.0.0'
commandTests:
  - name: version
    command: node
    args: [--version]
    expectedOutput: ['^v20\\.']
fileExistenceTests:
  - name: app
    path: /app
fileContentTests:
  - name: conf
    path: /etc/app.conf
metadataTest:
  exposedPorts: [8080, "9090"]
  entrypoint: []
licenseTests:
  - debian: yes
`,
      'tests.yaml',
    );
    expect(config.source).toBe('tests.yaml');
    expect(config.commandTests[0]).toMatchObject({ name: 'version', exitCode: 0, setup: [], envVars: [] });
    // shouldExist defaults to true and uid/gid to "not checked" (-1), as in the Go tool.
    expect(config.fileExistenceTests[0]).toMatchObject({ shouldExist: true, uid: -1, gid: -1, permissions: '' });
    // A number where a string is expected is its text, as yaml.v2 reads it.
    expect(config.metadataTest.exposedPorts).toEqual(['8080', '9090']);
    // `entrypoint: []` checks for an empty entrypoint; an absent cmd is not checked.
    expect(config.metadataTest.entrypoint).toEqual([]);
    expect(config.metadataTest.cmd).toBeUndefined();
    // YAML 1.1 like the Go tool's parser: `yes` is true.
    expect(config.licenseTests[0]).toEqual({ debian: true, files: [] });
  });

  it('takes the config as an object too', () => {
    const config = parseStructureConfig({
      schemaVersion: '2.0.0',
      fileExistenceTests: [{ name: 'bin', path: '/bin', shouldExist: false }],
    });
    expect(config.source).toBe('<config>');
    expect(config.fileExistenceTests[0]?.shouldExist).toBe(false);
  });

  it('names the path of a value of the wrong type', () => {
    const error = errorOf(`
schemaVersion: "2.0.0"
commandTests:
  - {name: a, command: ls}
  - {name: b, command: ls}
  - name: c
    command: ls
    expectedOutput: "not a list"
`);
    expect(error.code).toBe('SEAWORTHY_STRUCTURE_CONFIG');
    expect(error.path).toBe('commandTests[2].expectedOutput');
    expect(error.message).toBe(
      'structure-test config tests.yaml: `commandTests[2].expectedOutput`: expected a list, got string "not a list"',
    );
    expect(errorOf({ schemaVersion: '2.0.0', fileExistenceTests: [{ name: 'x', path: '/', uid: '0' }] }).path).toBe(
      'fileExistenceTests[0].uid',
    );
    expect(
      errorOf({ schemaVersion: '2.0.0', commandTests: [{ name: 'x', command: 'ls', exitCode: 1.5 }] }).message,
    ).toMatch(/`commandTests\[0\]\.exitCode`: expected an integer, got number 1\.5/);
  });

  it('rejects unknown keys at any depth, listing the known ones', () => {
    const top = errorOf({ schemaVersion: '2.0.0', commandTest: [] });
    expect(top.path).toBe('commandTest');
    expect(top.message).toMatch(/unknown key \(known here: schemaVersion, globalEnvVars, commandTests,/);
    expect(errorOf({ schemaVersion: '2.0.0', metadataTest: { env: [] } }).path).toBe('metadataTest.env');
    expect(errorOf({ schemaVersion: '2.0.0', metadataTest: { envVars: [{ key: 'A', val: 'b' }] } }).path).toBe(
      'metadataTest.envVars[0].val',
    );
  });

  it('wants schemaVersion 2.0.0, checked before anything else', () => {
    expect(errorOf({ commandTests: [] }).message).toMatch(/`schemaVersion`: is missing/);
    expect(errorOf({ schemaVersion: '1.0.0', commandTest: [] }).message).toMatch(/string "1\.0\.0" is not supported/);
    // Unquoted, YAML reads 2.0 as a number.
    expect(errorOf('schemaVersion: 2.0\n').message).toMatch(/number 2 is not supported; only 2\.0\.0 is/);
  });

  it('reports YAML that does not parse, and duplicate keys', () => {
    expect(errorOf('schemaVersion: "2.0.0"\ncommandTests: [\n').message).toMatch(/tests\.yaml: is not valid YAML/);
    expect(errorOf('schemaVersion: "2.0.0"\nschemaVersion: "2.0.0"\n').message).toMatch(/not valid YAML/);
    expect(errorOf('- 1\n- 2\n').message).toMatch(/expected a mapping at the top, got a list/);
  });

  it('refuses containerRunOptions.envFile, which it does not read', () => {
    expect(errorOf({ schemaVersion: '2.0.0', containerRunOptions: { envFile: '.env' } }).path).toBe(
      'containerRunOptions.envFile',
    );
    const ok = parseStructureConfig({ schemaVersion: '2.0.0', containerRunOptions: { user: 'nobody' } });
    expect(ok.containerRunOptions).toEqual({
      user: 'nobody',
      privileged: false,
      allocateTty: false,
      envVars: [],
      capabilities: [],
      bindMounts: [],
    });
  });

  it('loads .yaml, .yml and .json files, and refuses other names as the Go tool does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seaworthy-structure-unit-'));
    try {
      await writeFile(join(dir, 'a.json'), JSON.stringify({ schemaVersion: '2.0.0', metadataTest: { user: 'app' } }));
      expect((await loadStructureConfig(join(dir, 'a.json'))).metadataTest.user).toBe('app');
      await writeFile(join(dir, 'a.txt'), 'schemaVersion: "2.0.0"\n');
      await expect(loadStructureConfig(join(dir, 'a.txt'))).rejects.toThrow(
        /a\.txt: is not a \.yaml, \.yml or \.json file/,
      );
      await expect(loadStructureConfig(join(dir, 'none.yml'))).rejects.toThrow(/none\.yml: can't be read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
