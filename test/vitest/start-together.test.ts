import { afterEach, test as base, expect } from 'vitest';
import { type Container, ContainerDefinition, type WaitStrategy, waitFor } from '../../src/index.js';
import { cleanContainer, container, withContainers } from '../../src/vitest/index.js';
import { fixtureImage } from '../support/helper.js';

/**
 * The fixtures one test names start at the same time (docs/fixtures.md,
 * "Fixtures of one test start together"). Proved by the order of events, not
 * by time: each definition notes when seaworthy began to create it and when
 * its readiness wait finished. One after another, a fixture is only created
 * once the one before it is ready.
 */
const events: string[] = [];
const created = (name: string) => events.filter((e) => e === `${name} created`).length;

function logger(name: string) {
  const ready: WaitStrategy = {
    description: `${name} logged ready`,
    async wait(context) {
      await waitFor.logLine('ready').wait(context);
      events.push(`${name} ready`);
    },
  };
  return () => {
    events.push(`${name} created`);
    return new ContainerDefinition(name, { image: fixtureImage('logger'), wait: ready });
  };
}

/** Events since the previous test ended. */
function sinceLastTest(): string[] {
  return events.slice(events.lastIndexOf('end') + 1);
}

/** Every fixture in `names` was being created before any of them was ready (in this test). */
function expectStartedTogether(names: readonly string[]): void {
  const window = sinceLastTest();
  const firstReady = Math.min(...names.map((n) => window.indexOf(`${n} ready`)));
  expect(firstReady, `all of ${names.join(', ')} ready`).toBeGreaterThanOrEqual(0);
  for (const name of names) {
    const index = window.indexOf(`${name} created`);
    expect(index, `${name} created before any was ready`).toBeGreaterThanOrEqual(0);
    expect(index, `${name} created before any was ready`).toBeLessThan(firstReady);
  }
}

const specs = {
  a: container(logger('a')),
  b: container(logger('b')),
  c: container(logger('c')),
  unused: container(logger('unused')),
  shared: container(logger('shared'), { scope: 'file' }),
  tidy: cleanContainer(logger('tidy'), {
    clean: async () => {
      events.push('tidy cleaned');
    },
  }),
};
const test = withContainers(base, specs);

afterEach(() => {
  events.push('end');
});

test('three independent test-scoped containers', async ({ a, b, c }) => {
  expectStartedTogether(['a', 'b', 'c']);
  expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  // A fixture the test doesn't name is not started.
  expect(created('unused')).toBe(0);
});

test('a file-scoped container with test-scoped ones', async ({ shared, a, b }) => {
  expectStartedTogether(['shared', 'a', 'b']);
  expect(created('shared')).toBe(1);
  events.push(`shared id ${shared.id}`);
  expect(a.id).not.toBe(b.id);
});

test('the next test gets the same file-scoped container, not a new one', async ({ c, shared }) => {
  expect(created('shared')).toBe(1);
  expect(events).toContain(`shared id ${shared.id}`);
  expect(sinceLastTest()).toEqual(['c created', 'c ready']);
  expect(c.id).not.toBe(shared.id);
});

test('a clean fixture is cleaned after it is ready and before the test body', async ({ tidy, a }) => {
  const window = sinceLastTest();
  expectStartedTogether(['tidy', 'a']);
  expect(window.indexOf('tidy ready')).toBeLessThan(window.indexOf('tidy cleaned'));
  expect(window.filter((e) => e === 'tidy cleaned')).toHaveLength(1);
  expect(tidy.id).not.toBe(a.id);
});

test('the clean fixture is cleaned again for the next test that names it', async ({ tidy, b }) => {
  expect(created('tidy')).toBe(1);
  expect(sinceLastTest()).toContain('tidy cleaned');
  expect(await tidy.exec(['true'])).toHaveExitCode(0);
  expect(b.id).not.toBe(tidy.id);
});

test('a test naming one fixture starts only that one', async ({ c }) => {
  expect(sinceLastTest()).toEqual(['c created', 'c ready']);
  expect(c.id).toBeTruthy();
  expect(created('unused')).toBe(0);
});

/** A user fixture built on a declared one: the declared one it needs starts with the test's others. */
const extended = test.extend<{ greeting: string }>({
  greeting: async ({ a }: { a: Container }, use: (value: string) => Promise<void>) => {
    await use(`hello from ${a.definition.name}`);
  },
});

extended('a declared fixture needed by a fixture of the user starts with the others', async ({ greeting, b, c }) => {
  expectStartedTogether(['a', 'b', 'c']);
  expect(greeting).toBe('hello from a');
  expect(b.id).not.toBe(c.id);
});

test.for(['x', 'y'])('test.for case %s', async (label, { a, b }) => {
  expectStartedTogether(['a', 'b']);
  expect(['x', 'y']).toContain(label);
  expect(a.id).not.toBe(b.id);
});

const oneByOne = withContainers(base, { a: specs.a, b: specs.b }, { startTogether: false });

oneByOne('startTogether: false keeps Vitest order, one after another', async ({ a, b }) => {
  expect(sinceLastTest()).toEqual(['a created', 'a ready', 'b created', 'b ready']);
  expect(a.id).not.toBe(b.id);
  expect(created('unused')).toBe(0);
});

test('startTogether starts the fixtures it names at once, and cleans the clean ones', async ({ startTogether }) => {
  const { a, c, tidy } = await startTogether('a', 'c', 'tidy');
  expectStartedTogether(['a', 'c']);
  const window = sinceLastTest();
  // tidy is file-scoped and already running: cleaned, not started again.
  expect(created('tidy')).toBe(1);
  expect(window.filter((e) => e === 'tidy cleaned')).toHaveLength(1);
  expect(new Set([a.id, c.id, tidy.id]).size).toBe(3);
  expect(created('unused')).toBe(0);
});

test('startTogether rejects a name that is not declared', async ({ startTogether }) => {
  await expect(startTogether('nope' as never)).rejects.toMatchObject({ code: 'SEAWORTHY_FIXTURE_DEFINITION' });
});
