import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goJsonReport, parseStructureConfig, type StructureTestReport, structureTest } from '../../../src/index.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import { APP_CONF, buildAppImage } from './app-image.js';

const files = useFileHelper();
let app: { tag: string; remove: () => Promise<void> };

beforeAll(async () => {
  app = await buildAppImage();
}, 300_000);

afterAll(async () => {
  await app?.remove();
});

/** Each check's errors by name, for readable assertions. */
const errorsOf = (report: StructureTestReport) => Object.fromEntries(report.results.map((r) => [r.name, r.errors]));

const PASSING = `
schemaVersion: "2.0.0"
globalEnvVars:
  - key: APP_PATH
    value: "$APP_HOME/bin"
commandTests:
  - name: the image's entrypoint is replaced by the command
    command: cat
    args: [/etc/app/app.conf]
    expectedOutput: ['(?m)^listen = [[:digit:]]+$']
    excludedError: ['entrypoint ran']
  - name: exit code, stderr and the test's own env
    command: sh
    args: ["-c", "printenv MODE; echo to-stderr >&2; exit 3"]
    envVars: [{key: MODE, value: fast}]
    expectedOutput: ['^fast\\n$']
    expectedError: ['to-stderr']
    excludedOutput: ['stderr']
    exitCode: 3
  - name: $VARS in the command line come from the image and globalEnvVars
    command: echo
    args: ["$APP_PATH", "\${APP_ENV}", "[$NOT_SET]"]
    expectedOutput: ['^/srv/bin production \\[\\]\\n$']
  - name: setup commands are committed before the command runs
    setup: [["sh", "-c", "echo prepared > /srv/state"], ["sh", "-c", "echo again >> /srv/state"]]
    command: cat
    args: [/srv/state]
    expectedOutput: ['(?s)prepared.*again']
  - name: envVars are expanded for setup commands and reach the command as written, as in the Go tool
    setup: [["sh", "-c", "printenv SEEN > /srv/seen"]]
    envVars: [{key: SEEN, value: "home=$APP_HOME"}]
    command: sh
    args: ["-c", "cat /srv/seen; printenv SEEN"]
    expectedOutput: ['^home=/srv\\nhome=\\$APP_HOME\\n$']
fileExistenceTests:
  - name: config
    path: /etc/app/app.conf
    permissions: '-rw-r-----'
    uid: 1000
    gid: 1000
  - name: entrypoint script
    path: /usr/local/bin/run.sh
    permissions: '-rwxr-xr-x'
    isExecutableBy: other
  - name: sticky tmp
    path: /tmp
    permissions: dtrwxrwxrwx
  - name: a symlink is not followed
    path: /etc/app/current.conf
    permissions: Lrwxrwxrwx
  - name: a path with a variable
    path: $APP_HOME/data
  - name: no ssh server
    path: /usr/sbin/sshd
    shouldExist: false
fileContentTests:
  - name: config through its link
    path: /etc/app/current.conf
    expectedContents: ['(?i)MODE = PRODUCTION', '\\Alisten']
    excludedContents: ['(?m)^debug']
metadataTest:
  envVars:
    - {key: APP_ENV, value: production}
    - {key: APP_HOME, value: '^/s', isRegex: true}
  unboundEnvVars: [{key: DEBUG}]
  labels:
    - {key: com.example.vendor, value: ACME Incorporated}
    - {key: org.opencontainers.image.version, value: '^\\d+\\.\\d+\\.\\d+$', isRegex: true}
  exposedPorts: ["8080", 9090]
  unexposedPorts: ["22"]
  volumes: [/srv/data]
  unmountedVolumes: [/var/lib/app]
  entrypoint: [/usr/local/bin/run.sh]
  cmd: [serve]
  workdir: /srv
licenseTests:
  - debian: false
    files: [/etc/app/app.conf]
`;

describe('structureTest()', () => {
  it('passes every test type on an image that meets the config', async () => {
    const report = await structureTest(files.helper, app.tag, parseStructureConfig(PASSING, 'app.yaml'));
    expect(errorsOf(report)).toEqual({
      "Command Test: the image's entrypoint is replaced by the command": [],
      "Command Test: exit code, stderr and the test's own env": [],
      'Command Test: $VARS in the command line come from the image and globalEnvVars': [],
      'Command Test: setup commands are committed before the command runs': [],
      'Command Test: envVars are expanded for setup commands and reach the command as written, as in the Go tool': [],
      'File Content Test: config through its link': [],
      'File Existence Test: config': [],
      'File Existence Test: entrypoint script': [],
      'File Existence Test: sticky tmp': [],
      'File Existence Test: a symlink is not followed': [],
      'File Existence Test: a path with a variable': [],
      'File Existence Test: no ssh server': [],
      'License Test': [],
      'Metadata Test': [],
    });
    expect(report).toMatchObject({ passed: true, pass: 14, fail: 0, total: 14 });
    const command = report.results[1];
    expect(command).toMatchObject({ stdout: 'fast\n', stderr: 'to-stderr\n', source: 'app.yaml' });
    expect(command?.durationMs).toBeGreaterThan(0);
    // Every container it made is gone, and so are the images the setup commands committed.
    expect(await files.leftContainers()).toEqual([]);
    for (const serial of [1, 2, 3]) {
      const tag = `seaworthy-structure-setup:${files.helper.namespace}-${serial}`.toLowerCase();
      expect(await files.helper.engine.findImage(tag)).toBeUndefined();
    }
    expect(await files.helper.engine.listImagesByLabel(`${LABELS.namespace}=${files.helper.namespace}`)).toEqual([]);
  });

  it("fails each test type with the Go tool's message", async () => {
    const report = await structureTest(files.helper, app.tag, {
      schemaVersion: '2.0.0',
      commandTests: [
        {
          name: 'wrong output',
          command: 'cat',
          args: ['/etc/app/app.conf'],
          expectedOutput: ['listen = 9999'],
          excludedOutput: ['mode'],
          exitCode: 1,
        },
      ],
      fileExistenceTests: [
        {
          name: 'mode and owner',
          path: '/etc/app/app.conf',
          permissions: '-rw-r--r--',
          uid: 0,
          isExecutableBy: 'owner',
        },
        { name: 'missing', path: '/etc/app/missing.conf' },
        { name: 'should not exist', path: '/etc/app', shouldExist: false },
      ],
      fileContentTests: [
        { name: 'excluded text found', path: '/etc/app/app.conf', excludedContents: ['production'] },
        { name: 'a folder', path: '/etc/app' },
      ],
      metadataTest: { exposedPorts: ['22'], workdir: '/app' },
      licenseTests: [{ files: ['/srv/LICENSE'] }],
    });
    expect(errorsOf(report)).toEqual({
      'Command Test: wrong output': [
        `Expected string 'listen = 9999' not found in output '${APP_CONF}'`,
        `Excluded string 'mode' found in output '${APP_CONF}'`,
        "Test 'wrong output' exited with incorrect error code. Expected: 1, Actual: 0",
      ],
      'File Existence Test: mode and owner': [
        '/etc/app/app.conf has incorrect permissions. Expected: -rw-r--r--, Actual: -rw-r-----',
        '/etc/app/app.conf has incorrect executable bit. Expected to be executable by owner, Actual: -rw-r-----',
        '/etc/app/app.conf has incorrect user ownership. Expected: 0, Actual: 1000',
      ],
      'File Existence Test: missing': [
        'Error examining file in container: File /etc/app/missing.conf not found in image',
      ],
      'File Existence Test: should not exist': ['File /etc/app should not exist but does'],
      'File Content Test: excluded text found': [
        `Excluded string 'production' found in file content string '${APP_CONF}'`,
      ],
      'File Content Test: a folder': [
        'Failed to open /etc/app. Error: Cannot read specified path: /etc/app is a directory, not a file',
      ],
      'License Test': ['Invalid license for /srv/LICENSE, license contains AGPL'],
      'Metadata Test': ['Image workdir /srv does not match config workdir: /app', 'Port 22 not found in config'],
    });
    expect(report).toMatchObject({ passed: false, pass: 0, fail: 8, total: 8 });
    expect(await files.leftContainers()).toEqual([]);
  });

  it('checks files and metadata of an image with no shell; its command tests fail with the reason', async () => {
    const report = await structureTest(files.helper, fixtureImage('noshell'), {
      schemaVersion: '2.0.0',
      commandTests: [{ name: 'needs a shell', command: 'sh', args: ['-c', 'true'] }],
      fileExistenceTests: [
        { name: 'busybox', path: '/busybox', isExecutableBy: 'any', uid: 0, gid: 0 },
        { name: 'no shell', path: '/bin/sh', shouldExist: false },
      ],
      fileContentTests: [
        { name: 'users', path: '/etc/passwd', expectedContents: ['(?m)^app:x:[[:digit:]]+:', '\\pL+:x:0:0:'] },
      ],
      metadataTest: { cmd: ['/busybox', 'sleep', '3600'], entrypoint: [] },
    });
    const byName = Object.fromEntries(report.results.map((r) => [r.name, r]));
    expect(byName['File Existence Test: busybox']?.pass).toBe(true);
    expect(byName['File Existence Test: no shell']?.pass).toBe(true);
    expect(byName['File Content Test: users']?.errors).toEqual([]);
    expect(byName['Metadata Test']?.pass).toBe(true);
    const command = byName['Command Test: needs a shell'];
    expect(command?.pass).toBe(false);
    expect(command?.errors.join('\n')).toMatch(/"sh".*(not found|no such file)/i);
    expect(report).toMatchObject({ pass: 4, fail: 1 });
    expect(await files.leftContainers()).toEqual([]);
  });

  it('gives a config written for the Go tool the same verdicts', async () => {
    // After examples in container-structure-test's README, written for Debian.
    const config = parseStructureConfig(
      `
schemaVersion: '2.0.0'
commandTests:
  - name: "apt-get upgrade"
    command: "apt-get"
    args: ["-qqs", "upgrade"]
    excludedOutput: [".*Inst.*Security.* | .*Security.*Inst.*"]
    excludedError: [".*Inst.*Security.* | .*Security.*Inst.*"]
  - name: "say hello world"
    command: "bash"
    args:
      - -c
      - |
         echo hello &&
         echo world
    expectedOutput: ['(?s)hello\\s+world', '(?i)^HELLO']
  - name: "a JavaScript-only pattern is no pattern in Go"
    command: "echo"
    args: ["foobar"]
    expectedOutput: ['foo(?=bar)']
fileExistenceTests:
  - name: 'etc'
    path: '/etc'
    shouldExist: true
    permissions: 'drwxr-xr-x'
    uid: 0
    gid: 0
  - name: 'date is executable'
    path: '/usr/bin/date'
    isExecutableBy: 'any'
fileContentTests:
  - name: 'Debian release'
    path: '/etc/os-release'
    expectedContents: ['VERSION_CODENAME=bookworm', '(?m)^ID=debian$', 'VERSION_ID="[[:digit:]]+"']
    excludedContents: ['(?i)ubuntu']
metadataTest:
  cmd: ["bash"]
  unboundEnvVars:
    - key: DEBIAN_FRONTEND
`,
      'debian.yaml',
    );
    const report = await structureTest(files.helper, 'debian:bookworm-slim', config);
    expect(report.results.map((r) => [r.name, r.pass])).toEqual([
      ['Command Test: apt-get upgrade', true],
      ['Command Test: say hello world', true],
      ['Command Test: a JavaScript-only pattern is no pattern in Go', false],
      ['File Content Test: Debian release', true],
      ['File Existence Test: etc', true],
      ['File Existence Test: date is executable', true],
      ['Metadata Test', true],
    ]);
    expect(report.results[2]?.errors[0]).toMatch(/^invalid RE2 pattern 'foo\(\?=bar\)'/);
  });

  it("reports the Debian licence check's findings: a package folder without a copyright file", async () => {
    const report = await structureTest(files.helper, 'debian:bookworm-slim', {
      schemaVersion: '2.0.0',
      licenseTests: [{ debian: true }],
    });
    const [license] = report.results;
    // bookworm's perl package ships /usr/share/doc/perl without a copyright file; the Go tool reports it too.
    expect(license?.errors).toContain(
      'Error reading license file for perl: File /usr/share/doc/perl/copyright not found in image',
    );
    // Packages that do have one pass: none of them mentions AGPL or WTFPL.
    expect(license?.errors.filter((e) => e.startsWith('Invalid license'))).toEqual([]);
  });

  it('kills a command that outlives commandTimeoutMs and fails its test', async () => {
    const report = await structureTest(
      files.helper,
      'debian:bookworm-slim',
      {
        schemaVersion: '2.0.0',
        commandTests: [
          { name: 'hangs', command: 'sleep', args: ['300'] },
          { name: 'setup hangs', setup: [['sleep', '300']], command: 'true' },
        ],
      },
      { commandTimeoutMs: 2_000 },
    );
    expect(report.results.map((r) => [r.name, r.errors])).toEqual([
      ['Command Test: hangs', ["Test 'hangs' did not finish within 2000 ms (commandTimeoutMs); it was killed"]],
      [
        'setup hangs',
        [
          'error in setup: setup command ["sleep","300"] did not finish within 2000 ms (commandTimeoutMs); it was killed',
        ],
      ],
    ]);
    expect(await files.leftContainers()).toEqual([]);
  });

  it('with containerRunOptions.allocateTty, stderr arrives on stdout, as on a terminal', async () => {
    const report = await structureTest(files.helper, 'debian:bookworm-slim', {
      schemaVersion: '2.0.0',
      containerRunOptions: { allocateTty: true },
      commandTests: [
        {
          name: 'tty',
          command: 'sh',
          args: ['-c', 'echo to-stdout; echo to-stderr >&2; test -t 1 && echo is-a-tty'],
          expectedOutput: ['to-stdout', 'to-stderr', 'is-a-tty'],
        },
      ],
    });
    expect(report.results[0]).toMatchObject({ pass: true, stderr: '' });
  });

  it('runs command tests as containerRunOptions.user, and given an Engine makes and removes a helper of its own', async () => {
    const engine = await Engine.connect();
    const report = await structureTest(
      engine,
      app.tag,
      {
        schemaVersion: '2.0.0',
        containerRunOptions: { user: 'nobody', envVars: ['STRUCTURE_PASSED_ON'] },
        commandTests: [
          {
            name: 'whoami',
            command: 'sh',
            args: ['-c', 'id -un; printenv STRUCTURE_PASSED_ON'],
            expectedOutput: ['^nobody\nyes\n$'],
          },
        ],
      },
      { env: { STRUCTURE_PASSED_ON: 'yes' } },
    );
    expect(goJsonReport(report)).toMatchObject({
      Pass: 1,
      Fail: 0,
      Total: 1,
      Results: [{ Name: 'Command Test: whoami', Pass: true, Stdout: 'nobody\nyes\n' }],
    });
    // Its own helper is gone, with the container it made: nothing named structure-* outside this file's helper.
    const left = await engine.listLabelled([`${LABELS.session}=${files.helper.session}`]);
    expect(
      left.filter((r) => r.name.includes('structure-') && r.labels[LABELS.namespace] !== files.helper.namespace),
    ).toEqual([]);
  });
});
