import { describe, expect, it } from 'vitest';
import { ContainerDefinition, type ContainerOptions, WaitTimeoutError, waitFor } from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

/**
 * Which time limit ends a wait: a wait's own `timeoutMs` limits that wait
 * (inside `waitFor.all()` too), and the whole setup ends at the shortest of
 * `startupTimeoutMs` and the wait's own limit. The limits that must not
 * apply are longer than the test itself, so a wrong choice fails the test.
 */
const file = useFileHelper();
const NEVER = 600_000;

async function timedOut(name: string, options: Omit<ContainerOptions, 'image'>): Promise<WaitTimeoutError> {
  const error = await new ContainerDefinition(name, { image: fixtureImage('logger'), ...options })
    .setup(file.helper)
    .then(
      async (container) => {
        await container.teardown();
        throw new Error('setup was expected to fail');
      },
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(await file.leftContainers()).toEqual([]);
  return error as WaitTimeoutError;
}

describe('waitFor.all() and time limits', () => {
  it("fails when an inner wait's own timeoutMs runs out, naming that wait and its limit", async () => {
    const error = await timedOut('inner-limit', {
      wait: waitFor.all(waitFor.logLine(/^tick \d+$/), waitFor.logLine('never printed', { timeoutMs: 1_000 })),
      startupTimeoutMs: NEVER,
    });
    expect(error.waitingFor).toBe(
      'log line "never printed" (no line matched yet), within its own timeoutMs of 1000 ms',
    );
    expect(error.waitedMs).toBeGreaterThanOrEqual(1_000);
    expect(error.lastLogLines.at(-1)).toMatch(/^tick \d+$/);
  });

  it('ends at a short startupTimeoutMs although the inner waits allow far longer', async () => {
    const error = await timedOut('outer-limit', {
      wait: waitFor.all(
        waitFor.logLine('never printed', { timeoutMs: NEVER }),
        waitFor.logLine('nor this', { timeoutMs: NEVER }),
      ),
      startupTimeoutMs: 1_500,
    });
    expect(error.waitingFor).toMatch(
      /^log line "never printed" and log line "nor this" \(.*\), within startupTimeoutMs of 1500 ms$/,
    );
  });

  it("lets the shorter of an inner wait's limit and startupTimeoutMs win, whichever it is", async () => {
    const error = await timedOut('inner-shorter', {
      wait: waitFor.all(waitFor.logLine('never printed', { timeoutMs: 1_000 }), waitFor.logLine('nor this')),
      startupTimeoutMs: NEVER,
    });
    expect(error.waitingFor).toContain('log line "never printed"');
    expect(error.waitingFor).toContain('within its own timeoutMs of 1000 ms');
  });
});

describe('one wait with a limit of its own', () => {
  it('ends at a shorter startupTimeoutMs', async () => {
    const error = await timedOut('single-outer', {
      wait: waitFor.logLine('never printed', { timeoutMs: NEVER }),
      startupTimeoutMs: 1_000,
    });
    expect(error.waitingFor).toBe('log line "never printed" (no line matched yet), within startupTimeoutMs of 1000 ms');
  });

  it('replaces the default limit when the definition sets none', async () => {
    const error = await timedOut('single-own', { wait: waitFor.logLine('never printed', { timeoutMs: 1_000 }) });
    expect(error.waitingFor).toBe(
      'log line "never printed" (no line matched yet), within the wait\'s own timeoutMs of 1000 ms',
    );
  });

  it("applies inside container.waitFor(), under that call's own timeoutMs", async () => {
    const c = await new ContainerDefinition('later', { image: fixtureImage('logger') }).setup(file.helper);
    try {
      const error = await c
        .waitFor(waitFor.all(waitFor.logLine(/tick/), waitFor.logLine('never printed', { timeoutMs: 1_000 })), {
          timeoutMs: NEVER,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).waitingFor).toContain('within its own timeoutMs of 1000 ms');
      const outer = await c
        .waitFor(waitFor.logLine('never printed', { timeoutMs: NEVER }), { timeoutMs: 1_000 })
        .catch((e: unknown) => e);
      expect((outer as WaitTimeoutError).waitingFor).toContain('within timeoutMs of 1000 ms');
    } finally {
      await c.teardown();
    }
  });
});
