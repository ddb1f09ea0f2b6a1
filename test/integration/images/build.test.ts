import { describe, expect, it } from 'vitest';
import { ImageBuildError, ImageDefinition } from '../../../src/index.js';
import { useBuildScratch } from './support.js';

/**
 * Building images from a context folder or a Dockerfile given as text, on
 * the real engine, from the local base image (no package installs: builds
 * take seconds). Every image these tests make is removed in afterAll.
 */
const BASE = 'FROM debian:bookworm-slim';
const file = useBuildScratch();
const { scratch } = file;

describe('building from a context folder', () => {
  it('copies the context in, leaving out what .dockerignore excludes (Docker rules, exceptions too)', async () => {
    const context = await scratch.context({
      Dockerfile: `${BASE}\nCOPY . /app/\n`,
      '.dockerignore': '# secrets stay out\nsecret.txt\nlogs/*\n!logs/keep.log\n*.tmp\n',
      'app.txt': 'app\n',
      'secret.txt': 'do not send\n',
      'logs/a.log': 'old\n',
      'logs/keep.log': 'kept\n',
      'top.tmp': 'scratch\n',
      // `*.tmp` matches at the top only (Docker's rule; gitignore would match it anywhere).
      'deep/inner.tmp': 'nested\n',
    });
    const image = await new ImageDefinition(scratch.name('ignore'), { context }).setup(file.helper);
    const listing = await scratch.output(file.helper, image.reference, [
      'sh',
      '-c',
      'cd /app && find . -type f | sort',
    ]);
    expect(listing.trim().split('\n')).toEqual([
      './.dockerignore',
      './Dockerfile',
      './app.txt',
      './deep/inner.tmp',
      './logs/keep.log',
    ]);
  });

  it('uses a Dockerfile elsewhere in the context (`dockerfile`)', async () => {
    const context = await scratch.context({
      'build/app.Dockerfile': `${BASE}\nCOPY data.txt /data.txt\nCMD ["cat", "/data.txt"]\n`,
      'data.txt': 'from a named Dockerfile\n',
    });
    const image = await new ImageDefinition(scratch.name('named-dockerfile'), {
      context,
      dockerfile: 'build/app.Dockerfile',
    }).setup(file.helper);
    expect(await scratch.output(file.helper, image.reference, ['cat', '/data.txt'])).toBe('from a named Dockerfile\n');
  });
});

describe('building from a Dockerfile string', () => {
  it('needs no context, and takes build args, labels and a platform', async () => {
    const image = await new ImageDefinition(scratch.name('inline'), {
      dockerfileContent: `${BASE}\nARG GREETING=unset\nRUN echo "$GREETING" > /greeting\n`,
      args: { GREETING: 'hello from an arg' },
      labels: { 'org.example.team': 'platform' },
      platform: 'linux/amd64',
    }).setup(file.helper);
    expect(await scratch.output(file.helper, image.reference, ['cat', '/greeting'])).toBe('hello from an arg\n');
    const inspect = await file.helper.engine.inspectImage(image.reference);
    expect(inspect.Config?.Labels?.['org.example.team']).toBe('platform');
    expect(inspect.Config?.Labels?.['dev.seaworthy.image.hash']).toBe(image.hash);
    expect((inspect as { Architecture?: string }).Architecture).toBe('amd64');
  });

  it('builds the stage `target` names, and applies extra tags', async () => {
    const name = scratch.name('target');
    const image = await new ImageDefinition(name, {
      dockerfileContent: [
        `${BASE} AS First`,
        'RUN echo first > /stage',
        '# a comment between stages',
        `FROM debian:bookworm-slim \\`,
        '  AS second',
        'RUN echo second > /stage',
      ].join('\n'),
      target: 'first',
      tags: [`seaworthy-build-test/${name}:1.2.3`, `seaworthy-build-test/${name}`],
    }).setup(file.helper);
    expect(await scratch.output(file.helper, image.reference, ['cat', '/stage'])).toBe('first\n');
    expect(image.tags).toEqual([
      image.reference,
      `seaworthy-build-test/${name}:1.2.3`,
      `seaworthy-build-test/${name}:latest`,
    ]);
    for (const tag of image.tags) expect((await file.helper.engine.inspectImage(tag)).Id).toBe(image.id);
  });
});

describe('progress', () => {
  it('writes one line per step in lines mode, to the output given', async () => {
    const written: string[] = [];
    const name = scratch.name('progress');
    await new ImageDefinition(name, {
      dockerfileContent: `${BASE}\nRUN echo progress-test\n`,
      progress: 'lines',
      progressOutput: { write: (text: string) => written.push(text) },
    }).setup(file.helper);
    const text = written.join('');
    // The classic builder adds one LABEL step per label (seaworthy's own included) after the Dockerfile's.
    expect(text).toMatch(new RegExp(`^\\[seaworthy\\] build ${name}: Step 1/\\d+ : FROM debian:bookworm-slim\n`));
    expect(text).toMatch(new RegExp(`\n\\[seaworthy\\] build ${name}: Step 2/\\d+ : RUN echo progress-test\n`));
    expect(text).toMatch(/: done\n$/);
  });

  it('rewrites one line in tty mode, and ends it with done', async () => {
    const written: string[] = [];
    const name = scratch.name('progress-tty');
    await new ImageDefinition(name, {
      dockerfileContent: `${BASE}\nRUN echo tty-test\n`,
      progress: 'tty',
      progressOutput: { write: (text: string) => written.push(text), isTTY: true },
    }).setup(file.helper);
    const text = written.join('');
    expect(text).toContain(`\r\x1b[K[seaworthy] build ${name}: Step 2/`);
    expect(text.endsWith(`\r\x1b[K[seaworthy] build ${name}: done\n`)).toBe(true);
    // One line on the terminal: the only newline is the last character.
    expect(text.indexOf('\n')).toBe(text.length - 1);
  });

  it('writes nothing when quiet', async () => {
    const written: string[] = [];
    await new ImageDefinition(scratch.name('quiet'), {
      dockerfileContent: `${BASE}\nRUN echo quiet-test\n`,
      progress: 'quiet',
      progressOutput: { write: (text: string) => written.push(text) },
    }).setup(file.helper);
    expect(written).toEqual([]);
  });
});

describe('build failures', () => {
  it('names the failing step and its last output lines', async () => {
    const name = scratch.name('fails');
    const failing = new ImageDefinition(name, {
      dockerfileContent: [
        BASE,
        'RUN echo fine',
        'RUN for i in $(seq 1 30); do echo "line $i"; done; exit 7',
        'RUN echo never',
      ].join('\n'),
    });
    const error = await failing.setup(file.helper).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageBuildError);
    const build = error as ImageBuildError;
    expect(build.code).toBe('SEAWORTHY_IMAGE_BUILD_FAILED');
    expect(build.definition).toBe(name);
    expect(build.step).toMatch(/^Step 3\/\d+ : RUN for i in/);
    // The last 20 lines of the step's output, without the builder's own bookkeeping lines.
    expect(build.lastLines).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    expect(build.detail).toMatch(/returned a non-zero code: 7/);
    expect(build.message).toMatch(/Step 3\/\d+ : RUN for i in/);
    // A failed setup is not kept: the next one builds again (and fails again).
    await expect(failing.setup(file.helper)).rejects.toBeInstanceOf(ImageBuildError);
  });

  it('keeps what the step wrote to stderr, without the colour codes', async () => {
    const error = await new ImageDefinition(scratch.name('stderr'), {
      dockerfileContent: `${BASE}\nRUN echo "config is missing" >&2; exit 2\n`,
    })
      .setup(file.helper)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).lastLines).toEqual(['config is missing']);
  });

  it('reports a Dockerfile the engine refuses to parse', async () => {
    const error = await new ImageDefinition(scratch.name('bad-syntax'), {
      dockerfileContent: `${BASE}\nNOSUCHINSTRUCTION here\n`,
    })
      .setup(file.helper)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).message).toMatch(/unknown instruction: NOSUCHINSTRUCTION/i);
  });

  it('reports a base image that is not there', async () => {
    const error = await new ImageDefinition(scratch.name('no-base'), {
      dockerfileContent: 'FROM seaworthy-fixture/no-such-base-image:never\nRUN true\n',
    })
      .setup(file.helper)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as ImageBuildError).step).toMatch(/^Step 1\/\d+ : FROM seaworthy-fixture\/no-such-base-image/);
  });
});
