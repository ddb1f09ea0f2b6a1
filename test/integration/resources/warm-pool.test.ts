import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  DockerHelper,
  HelperTornDownError,
  SeaworthyError,
  type WaitStrategy,
  WarmPool,
  WarmPoolStartError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

const helpers: DockerHelper[] = [];
async function newHelper(): Promise<DockerHelper> {
  const helper = await DockerHelper.create();
  helpers.push(helper);
  return helper;
}
afterEach(async () => {
  await Promise.all(helpers.splice(0).map((h) => h.teardown()));
});

/** The logger image: prints 'ready' at once, then a line now and then. */
const box = (name = 'box', wait: WaitStrategy = waitFor.logLine('ready')) =>
  new ContainerDefinition(name, { image: fixtureImage('logger'), wait });

/** Containers of the helper's namespace on the engine, running or not. */
async function containersOf(helper: DockerHelper): Promise<string[]> {
  return (await resourcesOf(helper)).containers;
}

/** Poll until `check` passes (engine state settles in the background). */
const eventually = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 30_000, interval: 50 });

describe('WarmPool', () => {
  it('hands out started, ready containers with distinct ids and names', async () => {
    const helper = await newHelper();
    const pool = new WarmPool(box(), { size: 2 });
    const taken = [await pool.take(helper), await pool.take(helper), await pool.take(helper)];
    expect(new Set(taken.map((c) => c.id)).size).toBe(3);
    for (const c of taken) {
      expect((await c.state()).running).toBe(true);
      expect(c.name).toMatch(new RegExp(`^${helper.namespace}_box-p\\d+$`));
      expect((await c.logs()).combined.toString()).toContain('ready');
    }
    // The derived definition keeps the pooled one's class and options.
    expect(taken[0]?.definition).toBeInstanceOf(ContainerDefinition);
    expect(taken[0]?.definition.options).toBe(pool.definition.options);
  });

  it('refills in the background: after a take, `size` spares exist besides the taken one', async () => {
    const helper = await newHelper();
    const pool = new WarmPool(box(), { size: 2 });
    const first = await pool.take(helper);
    await eventually(() => expect(pool.status(helper)).toMatchObject({ starting: 0, ready: 2, failures: 0 }));
    let listed = await containersOf(helper);
    expect(listed).toHaveLength(3);
    expect(listed).toContain(first.id);

    // A take hands over a ready spare and starts its replacement.
    const second = await pool.take(helper);
    expect(pool.status(helper).ready + pool.status(helper).starting).toBe(2);
    await eventually(() => expect(pool.status(helper).ready).toBe(2));
    listed = await containersOf(helper);
    expect(listed).toHaveLength(4);
    expect(listed).toEqual(expect.arrayContaining([first.id, second.id]));
  });

  it('removes a taken container with its teardown, and leaves the spares', async () => {
    const helper = await newHelper();
    const pool = new WarmPool(box(), { size: 1 });
    const taken = await pool.take(helper);
    await eventually(() => expect(pool.status(helper).ready).toBe(1));
    await taken.teardown();
    const listed = await containersOf(helper);
    expect(listed).not.toContain(taken.id);
    expect(listed).toHaveLength(1);
  });

  it('serves several helpers with spares of their own, and several pools of one definition in one helper', async () => {
    const [a, b] = [await newHelper(), await newHelper()];
    const definition = box();
    const pool = new WarmPool(definition, { size: 1 });
    const other = new WarmPool(definition, { size: 1 });
    const [fromA, fromB, fromOther] = await Promise.all([pool.take(a), pool.take(b), other.take(a)]);
    expect(fromA.name.startsWith(`${a.namespace}_`)).toBe(true);
    expect(fromB.name.startsWith(`${b.namespace}_`)).toBe(true);
    expect(fromOther.name.startsWith(`${a.namespace}_`)).toBe(true);
    expect(fromOther.name).not.toBe(fromA.name);
    await eventually(() => {
      expect(pool.status(a).ready).toBe(1);
      expect(pool.status(b).ready).toBe(1);
      expect(other.status(a).ready).toBe(1);
    });
    expect(await containersOf(a)).toHaveLength(4);
    expect(await containersOf(b)).toHaveLength(2);
  });

  it('close() removes the spares, not the taken containers; a later take starts again', async () => {
    const helper = await newHelper();
    const pool = new WarmPool(box(), { size: 2 });
    const taken = await pool.take(helper);
    await pool.close(helper);
    expect(await containersOf(helper)).toEqual([taken.id]);
    expect(pool.status(helper)).toMatchObject({ starting: 0, ready: 0 });
    const again = await pool.take(helper);
    expect((await again.state()).running).toBe(true);
  });

  it('helper teardown removes every spare, ready ones and ones still starting, and take() then refuses', async () => {
    const helper = await newHelper();
    const pool = new WarmPool(box(), { size: 2 });
    await pool.take(helper);
    await eventually(() => expect(pool.status(helper).ready).toBe(2));
    // These never pass their wait: they are still starting when the helper goes.
    const stuck = new WarmPool(box('stuck', waitFor.logLine('never logged', { timeoutMs: 60_000 })), { size: 2 });
    const pending = stuck.take(helper).catch((e: unknown) => e);
    await eventually(async () => expect(await containersOf(helper)).toHaveLength(6));
    expect(stuck.status(helper).starting).toBe(2);

    await helper.teardown();
    expect(await containersOf(helper)).toEqual([]);
    // The take that was waiting fails with the cancellation, as a typed error (and nothing is left unhandled).
    const error = await pending;
    expect(error).toBeInstanceOf(SeaworthyError);
    expect(['SEAWORTHY_WAIT_ABORTED', 'SEAWORTHY_HELPER_TORN_DOWN']).toContain((error as SeaworthyError).code);
    await expect(pool.take(helper)).rejects.toBeInstanceOf(HelperTornDownError);
    expect(pool.status(helper).failures).toBe(0);
  });

  it('surfaces a definition that cannot start as WarmPoolStartError, with the container error as cause', async () => {
    const helper = await newHelper();
    const broken = new ContainerDefinition('broken', {
      image: fixtureImage('early-exit'),
      wait: waitFor.logLine('never logged'),
    });
    const pool = new WarmPool(broken, { size: 1 });
    const error = await pool.take(helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarmPoolStartError);
    expect((error as WarmPoolStartError).code).toBe('SEAWORTHY_WARM_POOL_START_FAILED');
    expect((error as WarmPoolStartError).cause).toBeInstanceOf(ContainerExitedError);
    expect((error as Error).message).toContain("the warm pool of 'broken' could not hand out a started container");
    expect((error as Error).message).toContain('exited with code 3');

    // The background spare failed too: recorded, and named by the next take's error.
    await eventually(() => expect(pool.status(helper)).toMatchObject({ starting: 0, failures: 2 }));
    expect(pool.status(helper).lastError).toBeInstanceOf(ContainerExitedError);
    const next = await pool.take(helper).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(WarmPoolStartError);
    expect((next as Error).message).toContain('Before that, a spare failed');
    await eventually(async () => expect(await containersOf(helper)).toEqual([]));
  });

  it('never hands out a spare that failed: it starts one for the take instead', async () => {
    const helper = await newHelper();
    // Decides per container: 'box-p2' waits for the test's word, then fails; the others are ready at once.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const wait: WaitStrategy = {
      description: 'the test says so',
      async wait(context) {
        if (context.containerName !== 'box-p2') return;
        await released;
        throw new Error('box-p2 was told to fail');
      },
    };
    const pool = new WarmPool(box('box', wait), { size: 1 });
    const first = await pool.take(helper); // box-p1, started directly; box-p2 is the spare
    expect(first.definition.name).toBe('box-p1');
    const second = pool.take(helper); // picks box-p2, still starting; box-p3 becomes the spare
    release();
    const handed = await second;
    expect(handed.definition.name).toBe('box-p4');
    expect((await handed.state()).running).toBe(true);
    expect(pool.status(helper).failures).toBe(1);
    expect(String(pool.status(helper).lastError)).toContain('box-p2 was told to fail');
    // The failed spare was removed by its own setup.
    const names = await Promise.all((await containersOf(helper)).map((id) => helper.engine.inspectContainer(id)));
    expect(names.map((n) => n.Name)).not.toContain(`/${helper.namespace}_box-p2`);
  });
});
