import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  InvalidOptionError,
  type LogLine,
  waitFor,
} from '../../../src/index.js';
import { createHelper, fixtureImage } from '../../support/helper.js';

let helper: DockerHelper;
let logger: Container;
beforeAll(async () => {
  helper = await createHelper();
  logger = await new ContainerDefinition('logger', {
    image: fixtureImage('logger'),
    wait: waitFor.logLine('tick 4'),
  }).setup(helper);
});
afterAll(async () => {
  await helper.teardown();
});

/** Lines until `done` says stop (breaking out closes the stream). */
async function collect(lines: AsyncIterable<LogLine>, done: (seen: LogLine[]) => boolean): Promise<LogLine[]> {
  const seen: LogLine[] = [];
  for await (const line of lines) {
    seen.push(line);
    if (done(seen)) break;
  }
  return seen;
}

/** The engine's log driver can trail the live capture: read the timestamped logs once they hold `text`. */
async function timestampedLogsWith(container: Container, text: string) {
  await expect
    .poll(async () => (await container.logs()).lines.some((l) => l.text === text), { timeout: 30_000 })
    .toBe(true);
  return container.logs({ timestamps: true });
}

describe('logs() timestamps', () => {
  it("puts the engine's time on every line and chunk, and strips it from the text", async () => {
    const started = new Date((await logger.inspect()).state.startedAt ?? 0);
    const logs = await timestampedLogsWith(logger, 'tick 2');
    const stdout = logs.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout.slice(0, 6)).toEqual(['first line', 'greeting: hello', 'step 1', 'step 2', 'step 3', 'ready']);
    expect(logs.lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['to stderr']);
    expect(logs.stdout.toString()).toMatch(/^first line\ngreeting: hello\n/);
    expect(logs.stderr.toString()).toBe('to stderr\n');
    for (const item of [...logs.lines, ...logs.chunks]) {
      expect(item.timestamp).toBeInstanceOf(Date);
      // The engine and this process share a clock here; allow a second either way.
      expect(item.timestamp?.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1_000);
      expect(item.timestamp?.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    const ticks = logs.lines.filter((l) => l.text.startsWith('tick '));
    // The ticks are 200 ms apart, so their times are in order.
    for (let i = 1; i < ticks.length; i++)
      expect(ticks[i]?.timestamp?.getTime()).toBeGreaterThan(ticks[i - 1]?.timestamp?.getTime() ?? 0);
  });

  it('reads a TTY container, whose raw stream has a prefix per line', async () => {
    const tty = await new ContainerDefinition('tty', {
      image: fixtureImage('logger'),
      tty: true,
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    const logs = await timestampedLogsWith(tty, 'ready');
    expect(logs.lines.map((l) => l.text).slice(0, 3)).toEqual(['first line', 'to stderr', 'greeting: hello']);
    expect(logs.lines.every((l) => l.stream === 'stdout' && l.timestamp instanceof Date)).toBe(true);
    expect(logs.stdout.toString()).toMatch(/^first line\r\nto stderr\r\n/);
    await tty.teardown();
  });
});

describe('logs() stream choice', () => {
  it("reads only stdout with streams: 'stdout'", async () => {
    const logs = await logger.logs({ streams: 'stdout' });
    expect(logs.stderr.length).toBe(0);
    expect(logs.lines.every((l) => l.stream === 'stdout')).toBe(true);
    expect(logs.lines.map((l) => l.text)).toContain('ready');
  });

  it("reads only stderr with streams: 'stderr'", async () => {
    const logs = await logger.logs({ streams: 'stderr' });
    expect(logs.stdout.length).toBe(0);
    expect(logs.lines).toEqual([{ stream: 'stderr', text: 'to stderr', index: 0 }]);
  });
});

describe('logs() since and until', () => {
  it('reads the lines between two times, given as Dates or as Unix seconds', async () => {
    const logs = await timestampedLogsWith(logger, 'tick 4');
    const time = (text: string) => logs.lines.find((l) => l.text === text)?.timestamp as Date;
    // `since` takes lines at or after it; `until` those up to it. Tick 3 was logged
    // after the millisecond its Date holds, so until: tick 3 ends just before it.
    const between = await logger.logs({ since: time('tick 2'), until: time('tick 3') });
    expect(between.lines.map((l) => l.text)).toEqual(['tick 2']);
    const inSeconds = await logger.logs({ since: time('tick 2').getTime() / 1000, until: time('tick 4') });
    expect(inSeconds.lines.map((l) => l.text)).toEqual(['tick 2', 'tick 3']);
    const fromTick3 = await logger.logs({ since: time('tick 3'), streams: 'stdout', timestamps: true });
    expect(fromTick3.lines[0]?.text).toBe('tick 3');
    expect(fromTick3.lines.every((l) => (l.timestamp?.getTime() ?? 0) >= time('tick 3').getTime())).toBe(true);
  });

  it('refuses since after until, and a bad stream choice, before asking the engine', async () => {
    const later = new Date();
    const earlier = new Date(later.getTime() - 60_000);
    await expect(logger.logs({ since: later, until: earlier })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(logger.followLogs({ since: later, until: earlier })).rejects.toMatchObject({
      code: 'SEAWORTHY_INVALID_OPTION',
      option: 'since',
    });
    await expect(logger.logs({ streams: 'all' as never })).rejects.toMatchObject({ option: 'streams' });
    await expect(collect(logger.followLogLines({ until: -5 }), () => true)).rejects.toMatchObject({
      option: 'until',
    });
  });
});

describe('following with options', () => {
  it('follows stdout only, with timestamps, line by line', async () => {
    const lines = await collect(
      logger.followLogLines({ streams: 'stdout', timestamps: true, tail: 0 }),
      (seen) => seen.length === 2,
    );
    expect(lines.map((l) => l.stream)).toEqual(['stdout', 'stdout']);
    expect(lines.map((l) => l.text)).toEqual([
      expect.stringMatching(/^tick \d+$/),
      expect.stringMatching(/^tick \d+$/),
    ]);
    expect(lines.every((l) => l.timestamp instanceof Date)).toBe(true);
  });

  it('follows chunks with their timestamps and no prefix in the data', async () => {
    const stream = await logger.followLogs({ timestamps: true, tail: 1 });
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunks.length === 2) stream.close();
    }
    expect(chunks.map((c) => c.data.toString())).toEqual([
      expect.stringMatching(/^tick \d+\n$/),
      expect.stringMatching(/^tick \d+\n$/),
    ]);
    expect(chunks.every((c) => c.timestamp instanceof Date)).toBe(true);
  });

  it('ends a follow at until, with only the stream asked for', async () => {
    const until = new Date();
    const lines = await collect(logger.followLogLines({ streams: 'stderr', until }), () => false);
    expect(lines.map((l) => [l.stream, l.text])).toEqual([['stderr', 'to stderr']]);
  });

  it('ends a follow by itself once a future until has passed, with nothing logged after it', async () => {
    const until = new Date(Date.now() + 1_000);
    // The logger ticks every 200 ms, so the engine sees a message after until soon after it.
    const lines = await collect(logger.followLogLines({ until, tail: 0, timestamps: true }), () => false);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => (l.timestamp?.getTime() ?? Number.POSITIVE_INFINITY) <= until.getTime())).toBe(true);
  });

  it('follows from since: nothing logged before it comes back', async () => {
    const logs = await timestampedLogsWith(logger, 'tick 3');
    const since = logs.lines.find((l) => l.text === 'tick 3')?.timestamp as Date;
    const lines = await collect(logger.followLogLines({ since, timestamps: true }), (seen) => seen.length === 2);
    expect(lines.map((l) => l.text)).toEqual(['tick 3', 'tick 4']);
  });
});
