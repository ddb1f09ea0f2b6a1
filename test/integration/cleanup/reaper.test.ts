import { hostname } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/cleanup/owner.js';
import { DockerHelper } from '../../../src/index.js';
import { PID_NAMESPACE_LABEL } from '../../../src/labels.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { resourcesIn, total, useChildRuns } from './support.js';

/**
 * The reaper: when a helper is created, it removes in the background what
 * dead processes of this host and PID namespace left behind (here, a run
 * whose watchdog was off, killed with SIGKILL). `teardown()` waits for it,
 * so the test knows when it has finished.
 */
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.connect();
});

const run = useChildRuns();

describe('the reaper of a new helper', () => {
  it("removes a dead run's leftovers, and nothing of a live run or of a pid it cannot check", async () => {
    const dead = run({ phase: 'test', teardown: 'none', cleanup: { watchdog: false } });
    const live = run({ phase: 'test', teardown: 'finally' });
    await Promise.all([dead.said('ready'), live.said('ready')]);
    // Labelled like a resource of a run in another container on this host: its pid means nothing here.
    const foreign = `${dead.namespace}_foreign`;
    await engine.createVolume({
      Name: foreign,
      Labels: {
        [LABELS.managed]: 'true',
        [LABELS.namespace]: dead.namespace,
        [LABELS.pid]: String(dead.pid),
        [LABELS.host]: hostname(),
        [LABELS.session]: process.env.SEAWORTHY_SESSION_ID ?? 'none',
        ...placeLabels(),
        [PID_NAMESPACE_LABEL]: 'pid:[another-container]',
      },
    });
    try {
      dead.child.kill('SIGKILL');
      await dead.exited;
      // No watchdog: the dead run's four resources stay (unless another helper's reaper was faster).
      const liveBefore = await resourcesIn(engine, live.namespace);
      expect(total(liveBefore)).toBe(4);

      const reaping = await DockerHelper.create({ cleanup: { reap: true, watchdog: false } });
      await reaping.teardown(); // waits for its reaper

      expect(await resourcesIn(engine, dead.namespace)).toEqual({ containers: [], networks: [], volumes: [foreign] });
      expect(await resourcesIn(engine, live.namespace)).toEqual(liveBefore);
    } finally {
      await engine.removeVolume(foreign).catch(() => undefined);
    }
    live.child.stdin.end();
    expect(await live.exited).toEqual({ code: 0, signal: null });
  });
});
