import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { main } from '../../../src/cli/main.js';
import { RegistryDefinition } from '../../../src/registry.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';
import { runBuiltCli } from '../cleanup/support.js';

const SMALL = fixtureImage('noshell');
const REPO = 'seaworthy-fixture/noshell';
const file = useFileHelper();
const created = new Set<string>();
const plain = new RegistryDefinition({ name: 'registry' });
const locked = new RegistryDefinition({ name: 'registry-auth', auth: { username: 'cli', password: 'secret' } });

/** `seaworthy tag …` as the command line runs it, with no progress unless asked. */
async function runTag(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { ...process.env, SEAWORTHY_PROGRESS: 'quiet', ...env },
  };
  const code = await main(['tag', ...args], io);
  for (const line of out) {
    const pushed = /^pushed (\S+)/.exec(line)?.[1];
    if (pushed) created.add(pushed);
  }
  return { code, out, err };
}

afterAll(async () => {
  for (const reference of created) await file.helper.engine.removeImage(reference).catch(() => undefined);
});

describe('seaworthy tag', () => {
  it('tags with semver versions and pushes them; the registry lists them; exit 0', async () => {
    const registry = await plain.setup(file.helper);
    const run = await runTag(['-V', '3.6.0', '--version-semver', '-L', '--tag', 'slim', '-r', registry.address, SMALL]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const pushed = run.out.map((line) => line.split(' ')[1]);
    expect(pushed).toEqual(['3.6.0-slim', '3.6-slim', '3-slim', 'slim'].map((t) => `${registry.address}/${REPO}:${t}`));
    expect(run.out[0]).toMatch(/^pushed \S+ sha256:[0-9a-f]{64}$/);
    expect(await registry.tags(REPO)).toEqual(['3-slim', '3.6-slim', '3.6.0-slim', 'slim']);
  });

  it('--dry-run prints the docker lines and changes nothing', async () => {
    const registry = await plain.setup(file.helper);
    const run = await runTag(['--dry-run', '-V', '9.9', '-S', '-r', registry.address, SMALL]);
    expect(run.code).toBe(0);
    expect(run.out).toEqual([
      `docker tag ${SMALL} ${registry.address}/${REPO}:9.9`,
      `docker tag ${SMALL} ${registry.address}/${REPO}:9`,
      `docker push ${registry.address}/${REPO}:9.9`,
      `docker push ${registry.address}/${REPO}:9`,
    ]);
    expect(await file.helper.engine.findImage(`${registry.address}/${REPO}:9.9`)).toBeUndefined();
    expect(await registry.tags(REPO)).not.toContain('9.9');
  });

  it('a registry that wants a login: exit 1 with a one-line reason; with the credentials in the environment, exit 0', async () => {
    const registry = await locked.setup(file.helper);
    const reference = `${registry.address}/${REPO}:cli`;
    created.add(reference);
    const refused = await runTag(['-t', 'cli', '-r', registry.address, SMALL]);
    expect(refused.code).toBe(1);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toMatch(new RegExp(`^seaworthy tag: could not push '${reference.replace(/\./g, '\\.')}'`));
    expect(refused.err[0]).not.toContain('\n');

    const run = await runTag(['-t', 'cli', '-r', registry.address, SMALL], {
      SEAWORTHY_REGISTRY_USERNAME: 'cli',
      SEAWORTHY_REGISTRY_PASSWORD: 'secret',
    });
    expect(run.code).toBe(0);
    expect(await registry.tags(REPO)).toEqual(['cli']);
  });

  it('a missing image: exit 1 naming it', async () => {
    const missing = `seaworthy-tagpush-${randomBytes(4).toString('hex')}/none:1`;
    const run = await runTag(['--tag', 'x', missing]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toContain(`could not tag '${missing}'`);
  });

  it('the built executable (dist/cli.js): pushes with exit 0, fails with exit 1 and one line on stderr', async () => {
    const registry = await plain.setup(file.helper);
    const env = { SEAWORTHY_PROGRESS: 'quiet' };
    const ok = await runBuiltCli(['tag', '-V', '5.1', '-S', '-r', registry.address, SMALL], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    for (const tag of ['5.1', '5']) created.add(`${registry.address}/${REPO}:${tag}`);
    expect(ok.stdout).toMatch(new RegExp(`^pushed ${registry.address}/${REPO}:5\\.1 sha256:`, 'm'));
    expect(await registry.tags(REPO)).toEqual(expect.arrayContaining(['5', '5.1']));

    const closed = '127.0.0.1:1';
    created.add(`${closed}/${REPO}:5.1`);
    const failed = await runBuiltCli(['tag', '-t', '5.1', '-r', closed, SMALL], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain(`seaworthy tag: could not push '${closed}/${REPO}:5.1'`);

    const usage = await runBuiltCli(['tag', '--version-latest', SMALL], env);
    expect(usage.code).toBe(2);
  });

  it('usage errors exit 2 naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [[], /give at least one IMAGE/],
      [['--version-semver', SMALL], /--version-semver: needs `version`/],
      [['-V', '1.2', '-S', '-P', '3', SMALL], /--semver-precision: 3 is more than the 2 part/],
      [['-V', '1', '-S', '-P', 'two', SMALL], /--semver-precision wants a whole number/],
      [['-r', 'http://x', SMALL], /--registry: "http:\/\/x" is not a registry address/],
      [['--tag', '-bad', SMALL], /--tag/],
      [['--nope', SMALL], /Unknown option '--nope'/],
      [['Not/A/Ref'], /IMAGE: "Not\/A\/Ref" is not an image reference/],
    ];
    for (const [args, message] of cases) {
      const run = await runTag(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err.join('\n')).toMatch(message);
    }
  });
});
