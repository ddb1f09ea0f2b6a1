import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  type OutputChunk,
  waitFor,
} from '../../../src/index.js';
import { createHelper, fixtureImage } from '../../support/helper.js';

let helper: DockerHelper;
let logger: Container;
beforeAll(async () => {
  helper = await createHelper();
  logger = await new ContainerDefinition('logger', {
    image: fixtureImage('logger'),
    wait: waitFor.logLine('tick 2'),
  }).setup(helper);
});
afterAll(async () => {
  await helper.teardown();
});

describe('logs', () => {
  it('captures from before start, so the very first line is never lost', () => {
    const stdout = logger.output
      .lines()
      .filter((l) => l.stream === 'stdout')
      .map((l) => l.text);
    expect(stdout.slice(0, 6)).toEqual(['first line', 'greeting: hello', 'step 1', 'step 2', 'step 3', 'ready']);
    expect(
      logger.output
        .lines()
        .filter((l) => l.stream === 'stderr')
        .map((l) => l.text),
    ).toEqual(['to stderr']);
  });

  it('captures a container that exits at once, output included', async () => {
    const quick = await new ContainerDefinition('quick', {
      image: fixtureImage('logger'),
      command: ['sh', '-c', 'echo only-line; echo oops >&2; exit 0'],
    }).setup(helper);
    await quick.waitFor(waitFor.logLine('oops')).catch(() => undefined);
    expect((await quick.logs()).lines.map((l) => l.text).sort()).toEqual(['only-line', 'oops']);
    await quick.teardown();
  });

  it('returns all logs demultiplexed into stdout, stderr and combined buffers', async () => {
    const logs = await logger.logs();
    expect(logs.stdout.toString()).toMatch(/^first line\ngreeting: hello\nstep 1\n/);
    expect(logs.stderr.toString()).toBe('to stderr\n');
    // No multiplexing header bytes leak into the text.
    expect(logs.combined.includes(Buffer.from([1, 0, 0, 0]))).toBe(false);
    expect(logs.combined.length).toBe(logs.stdout.length + logs.stderr.length);
    expect(logs.lines.map((l) => l.text)).toContain('ready');
  });

  it('reads only the last lines with tail', async () => {
    const logs = await logger.logs({ tail: 2 });
    expect(logs.lines).toHaveLength(2);
    expect(logs.lines.every((l) => l.text.startsWith('tick '))).toBe(true);
  });

  it('follows the logs as a stream of demultiplexed chunks until aborted', async () => {
    const controller = new AbortController();
    const stream = await logger.followLogs({ signal: controller.signal, tail: 0 });
    const chunks: OutputChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk as OutputChunk);
      if (chunks.length === 2) controller.abort();
    }
    expect(chunks.map((c) => c.stream)).toEqual(['stdout', 'stdout']);
    expect(chunks.map((c) => c.data.toString())).toEqual([
      expect.stringMatching(/^tick \d+\n$/),
      expect.stringMatching(/^tick \d+\n$/),
    ]);
  });

  it('follows the logs line by line, from the start, on both streams', async () => {
    // stdout and stderr are separate pipes: their relative order is not fixed, so read until both are seen.
    const seen: { stream: string; text: string }[] = [];
    for await (const line of logger.followLogLines()) {
      seen.push({ stream: line.stream, text: line.text });
      const texts = seen.map((l) => l.text);
      if (texts.includes('ready') && texts.includes('to stderr')) break;
    }
    const stdout = seen.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout.slice(0, 6)).toEqual(['first line', 'greeting: hello', 'step 1', 'step 2', 'step 3', 'ready']);
    expect(seen).toContainEqual({ stream: 'stderr', text: 'to stderr' });
  });

  it('keeps large output intact across many frames, bounding the live capture', async () => {
    const big = await new ContainerDefinition('big', {
      image: fixtureImage('logger'),
      command: ['sh', '-c', 'seq 1 20000; echo done; exec sleep infinity'],
      wait: waitFor.logLine(/^done$/),
    }).setup(helper);
    // The live capture keeps the newest 10 000 lines; the engine's logs keep everything.
    const kept = big.output.lines();
    expect(kept).toHaveLength(10_000);
    expect(kept.at(-1)?.text).toBe('done');
    expect(kept.at(0)?.text).toBe('10002');
    expect(kept.at(-1)?.index).toBe(20_000);
    // The engine's log driver can trail the attach stream by a moment: wait for it to catch up.
    const numbered = async () =>
      (await big.logs()).stdout
        .toString()
        .split('\n')
        .filter((l) => /^\d+$/.test(l));
    await expect.poll(async () => (await numbered()).at(-1), { timeout: 30_000 }).toBe('20000');
    expect(await numbered()).toHaveLength(20_000);
    await big.teardown();
  });

  it('handles a TTY container, whose output is not multiplexed', async () => {
    const tty = await new ContainerDefinition('tty', {
      image: fixtureImage('logger'),
      tty: true,
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    const logs = await tty.logs();
    expect(logs.stdout.toString()).toContain('first line');
    expect(logs.stderr.length).toBe(0);
    await tty.teardown();
  });
});
