import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  ExecTimeoutError,
  InvalidOptionError,
} from '../../../src/index.js';
import { createHelper, fixtureImage } from '../../support/helper.js';

let helper: DockerHelper;
let box: Container;
beforeAll(async () => {
  helper = await createHelper();
  box = await new ContainerDefinition('box', { image: fixtureImage('logger') }).setup(helper);
});
afterAll(async () => {
  await helper.teardown();
});

/** Command lines of the processes running in the container now (read from /proc, as the image has no ps). */
async function commandLines(container: Container): Promise<string[]> {
  const listed = await container.exec([
    'sh',
    '-c',
    'for p in /proc/[0-9]*; do tr "\\0" " " < "$p/cmdline" 2>/dev/null; echo; done',
  ]);
  return listed.stdout.split('\n').filter(Boolean);
}

describe('exec output', () => {
  it('gives stdout and stderr together, in the order they were written', async () => {
    // Pauses between writes, so the engine reads each before the next is written.
    const result = await box.exec([
      'sh',
      '-c',
      'for i in 1 2 3; do echo out$i; sleep 0.3; echo err$i >&2; sleep 0.3; done',
    ]);
    expect(result.output).toBe('out1\nerr1\nout2\nerr2\nout3\nerr3\n');
    expect(result.stdout).toBe('out1\nout2\nout3\n');
    expect(result.stderr).toBe('err1\nerr2\nerr3\n');
  });

  it('waits for the exit code of a program that closed its output and went on', async () => {
    const result = await box.exec(['sh', '-c', 'exec >&- 2>&-; sleep 1; exit 4']);
    expect(result).toEqual({ exitCode: 4, stdout: '', stderr: '', output: '' });
  });

  it('runs on a TTY: raw output, stderr merged, terminal line ends', async () => {
    const result = await box.exec(['sh', '-c', 'echo out; echo err >&2; test -t 1 && echo on-a-tty'], { tty: true });
    expect(result).toEqual({
      exitCode: 0,
      stdout: 'out\r\nerr\r\non-a-tty\r\n',
      stderr: '',
      output: 'out\r\nerr\r\non-a-tty\r\n',
    });
  });
});

describe('exec stdin', () => {
  it('writes a string to stdin and closes it', async () => {
    const result = await box.exec(['sh', '-c', 'cat; echo "(end of input)"'], { stdin: 'hello\nworld\n' });
    expect(result.stdout).toBe('hello\nworld\n(end of input)\n');
  });

  it('writes a Buffer byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const result = await box.exec(['sh', '-c', 'od -An -tu1 -v | tr -s " \\n" "\\n" | grep -c .'], { stdin: bytes });
    expect(result.stdout.trim()).toBe('256');
    const sum = await box.exec(['sha256sum'], { stdin: bytes });
    expect(sum.stdout.split(' ')[0]).toBe(
      (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
    );
  });

  it('types stdin on a TTY, ending it with ^D: the terminal echoes it', async () => {
    const result = await box.exec(['sh', '-c', 'cat; echo END'], { tty: true, stdin: 'abc\n' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'abc\r\nabc\r\nEND\r\n' });
  });

  it('closes stdin at once when it is empty', async () => {
    const result = await box.exec(['cat'], { stdin: '' });
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
  });
});

describe('exec timeout', () => {
  it('fails with ExecTimeoutError naming the command, the limit and the output, and kills the process', async () => {
    const cmd = ['sh', '-c', 'echo started; sleep 301 & sleep 302; wait'];
    const error = await box.exec(cmd, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecTimeoutError);
    const timeout = error as ExecTimeoutError;
    expect(timeout).toMatchObject({
      code: 'SEAWORTHY_EXEC_TIMEOUT',
      container: 'box',
      command: cmd,
      timeoutMs: 5_000,
      output: 'started\n',
      processKilled: true,
    });
    expect(timeout.message).toContain('5000 ms');
    expect(timeout.message).toContain('sleep 301');
    expect(timeout.message).toContain('started');
    // The exec, its shell and the shell's children are gone.
    expect((await box.engine.inspectExec(timeout.execId)).running).toBe(false);
    const left = await commandLines(box);
    expect(left.filter((line) => /sleep 30[12]/.test(line))).toEqual([]);
  });

  it('kills a command run as another user', async () => {
    const error = await box
      .exec(['sleep', '303'], { user: 'nobody', timeoutMs: 1_000 })
      .catch((e: unknown) => e as ExecTimeoutError);
    expect(error).toBeInstanceOf(ExecTimeoutError);
    expect(error).toMatchObject({ processKilled: true });
    expect((await commandLines(box)).filter((line) => line.includes('sleep 303'))).toEqual([]);
  });

  it('says so when it could not kill the process: a command that drops its environment escapes the kill', async () => {
    // `env -i` starts sleep with an empty environment, so the marker the kill looks for is gone.
    const error = (await box
      .exec(['env', '-i', 'sleep', '306'], { timeoutMs: 1_000 })
      .catch((e: unknown) => e)) as ExecTimeoutError;
    expect(error).toBeInstanceOf(ExecTimeoutError);
    expect(error).toMatchObject({ processKilled: false, killProblem: expect.stringMatching(/found no process/) });
    expect(error.message).toContain('may still be running');
    expect((await commandLines(box)).some((line) => line.includes('sleep 306'))).toBe(true);
    expect((await box.engine.inspectExec(error.execId)).running).toBe(true);
  });

  it('returns normally when the command finishes within the limit', async () => {
    const result = await box.exec(['sh', '-c', 'echo quick'], { timeoutMs: 60_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'quick\n' });
  });
});

describe('detached exec', () => {
  it('returns at once with its id; wait() and exitCode() give the result once it finished', async () => {
    const running = await box.execDetached([
      'sh',
      '-c',
      'echo begin; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo end >&2; exit 3',
    ]);
    expect(running.id).toMatch(/^[0-9a-f]{64}$/);
    expect(await running.running()).toBe(true);
    await box.exec(['touch', '/tmp/go']);
    const result = await running.wait();
    expect(result).toEqual({ exitCode: 3, stdout: 'begin\n', stderr: 'end\n', output: 'begin\nend\n' });
    expect(await running.exitCode()).toBe(3);
    expect(await running.running()).toBe(false);
    expect(running.outputSoFar()).toBe('begin\nend\n');
  });

  it('can be killed, and then reports the kill as its exit', async () => {
    const sleeper = await box.execDetached(['sleep', '304']);
    await expect
      .poll(async () => (await commandLines(box)).some((line) => line.includes('sleep 304')), { timeout: 30_000 })
      .toBe(true);
    expect(await sleeper.kill()).toBe(true);
    expect(await sleeper.exitCode()).toBe(137);
    expect((await commandLines(box)).filter((line) => line.includes('sleep 304'))).toEqual([]);
  });

  it('applies timeoutMs to wait()', async () => {
    const slow = await box.execDetached(['sleep', '305'], { timeoutMs: 1_000 });
    await expect(slow.wait()).rejects.toMatchObject({ code: 'SEAWORTHY_EXEC_TIMEOUT', processKilled: true });
    expect(await slow.running()).toBe(false);
  });
});

describe('exec option checks', () => {
  it.each([
    ['exec timeoutMs', { timeoutMs: 0 }],
    ['exec timeoutMs', { timeoutMs: -5 }],
    ['exec stdin', { stdin: 42 as never }],
    ['exec tty', { tty: 'yes' as never }],
    ['exec env.N', { env: { N: 1 as never } }],
  ])('refuses a bad %s with InvalidOptionError before starting anything', async (option, options) => {
    const error = await box.exec(['true'], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    await expect(box.execDetached(['true'], options)).rejects.toBeInstanceOf(InvalidOptionError);
  });
});
