import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, removeLeftovers } from '../../../src/cleanup/leftover-search.js';
import { planRemoval } from '../../../src/cleanup/leftovers.js';
import { ContainerDefinition, DockerHelper, waitFor } from '../../../src/index.js';
import { LABELS, REUSE_LABELS } from '../../../src/labels.js';
import { reuseContainer, setupReused } from '../../../src/resources/reuse/reused-container.js';
import { fixtureImage } from '../../support/helper.js';

/**
 * Reuse in one process, against the real engine: which definitions share a
 * container, the claims that keep two holders apart, the keeper's idle
 * removal, when reuse is off, and the leftovers listing. Every container this
 * file keeps is removed at its end (definition names carry a random suffix).
 */
const suffix = randomBytes(3).toString('hex');
let helper: DockerHelper;
let dir: string;
let env: Record<string, string | undefined>;
const names: string[] = [];

function box(name: string, extraEnv: Record<string, string> = {}): ContainerDefinition {
  const full = `${name}-${suffix}`;
  names.push(full);
  return new ContainerDefinition(full, {
    image: fixtureImage('logger'),
    env: extraEnv,
    wait: waitFor.logLine('ready'),
  });
}

async function ours(): Promise<{ id: string; name: string }[]> {
  const all = await helper.engine.listLabelled([`${LABELS.managed}=true`]);
  return all.filter(
    (r) =>
      r.kind === 'container' &&
      r.labels[REUSE_LABELS.key] !== undefined &&
      names.includes(r.labels[LABELS.definition] ?? ''),
  );
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  helper = await DockerHelper.create();
  dir = await mkdtemp(join(tmpdir(), 'sw-reuse-'));
  env = { SEAWORTHY_REUSE_DIR: dir, SEAWORTHY_CLEANUP_LOG: join(dir, 'cleanup.log') };
});

afterAll(async () => {
  for (const container of await ours()) await helper.engine.removeResource('container', container.id);
  await helper.teardown();
  await rm(dir, { recursive: true, force: true });
});

describe('reuse within one engine', () => {
  it('adopts the container a released holder left, and never shares one between different definitions', async () => {
    const a = box('reuse-a', { FLAVOUR: 'a' });
    const b = box('reuse-b', { FLAVOUR: 'b' });
    const first = await setupReused(helper, a, { env });
    const other = await setupReused(helper, b, { env });
    expect(first.outcome).toBe('created');
    expect(other.outcome).toBe('created');
    expect(other.container.id).not.toBe(first.container.id);
    await first.container.teardown();
    await other.container.teardown();

    // Released, not removed: the next holder of an identical definition (a new object) adopts it.
    const again = await setupReused(helper, box('reuse-a', { FLAVOUR: 'a' }), { env });
    expect(again.outcome).toBe('adopted');
    expect(again.container.id).toBe(first.container.id);
    expect((await again.container.state()).running).toBe(true);
    expect((await again.container.exec(['printenv', 'FLAVOUR'])).stdout.trim()).toBe('a');
    await again.container.teardown();

    // One env value apart: another container.
    const changed = await setupReused(helper, box('reuse-a', { FLAVOUR: 'changed' }), { env });
    expect(changed.outcome).toBe('created');
    expect(changed.container.id).not.toBe(first.container.id);
    await changed.container.teardown();
    expect((await helper.engine.inspectContainer(first.container.id)).State.Running).toBe(true);
  });

  it('gives two holders at once a container each, and keeps them out of the helper', async () => {
    const definition = box('reuse-pair');
    const [one, two] = await Promise.all([
      setupReused(helper, definition, { env }),
      setupReused(helper, definition, { env }),
    ]);
    expect(one.container.id).not.toBe(two.container.id);
    // Not the helper's: its teardown would never remove them.
    expect(helper.trackedResources().containers).not.toContain(one.container.id);
    expect(one.container.name.startsWith('sw-reuse-')).toBe(true);
    await Promise.all([one.container.teardown(), two.container.teardown()]);
    const third = await setupReused(helper, definition, { env });
    expect(third.outcome).toBe('adopted');
    expect([one.container.id, two.container.id]).toContain(third.container.id);
    await third.container.teardown();
  });

  it('is listed as reused by leftovers, kept by a plain removal, and removed with --reused', async () => {
    const container = await reuseContainer(helper, box('reuse-listed'), { env });
    await container.teardown();
    const listed = (await findLeftovers(helper.engine)).filter((r) => r.id === container.id);
    expect(listed.map((r) => r.owner)).toEqual(['reused']);
    expect(planRemoval(listed).remove).toEqual([]);
    expect(planRemoval(listed, { all: true }).remove).toEqual([]);
    const report = await removeLeftovers(helper.engine, planRemoval(listed, { reused: true }).remove);
    expect(report.removed.map((r) => r.id)).toEqual([container.id]);
    // Its keeper sees it gone and forgets it; the next setup makes a new one.
    const next = await setupReused(helper, box('reuse-listed'), { env });
    expect(next.outcome).toBe('created');
    await next.container.teardown();
  });

  it('is removed by its keeper once idle for idleMs, and not while held', async () => {
    const definition = box('reuse-idle');
    const held = await setupReused(helper, definition, { env, reuse: { idleMs: 1_000 } });
    expect(held.outcome).toBe('created');
    // Held for longer than idleMs: still there.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await helper.engine.inspectContainer(held.container.id)).State.Running).toBe(true);
    await held.container.teardown();
    await until(
      async () => !(await ours()).some((c) => c.id === held.container.id),
      'the keeper to remove the idle container',
    );
    const log = await readFile(env.SEAWORTHY_CLEANUP_LOG as string, 'utf8');
    expect(log).toContain(`"id":"${held.container.id}","reason":"idle"`);
  });

  it('is off in CI unless SEAWORTHY_REUSE=on, and off everywhere with SEAWORTHY_REUSE=off', async () => {
    const definition = box('reuse-ci');
    const inCi = await setupReused(helper, definition, { env: { ...env, CI: 'true' } });
    expect(inCi.outcome).toBe('off');
    // An ordinary container of the helper: its teardown removes it.
    expect(inCi.container.name).toBe(`${helper.namespace}_${definition.name}`);
    await inCi.container.teardown();
    const forced = await setupReused(helper, definition, { env: { ...env, CI: 'true', SEAWORTHY_REUSE: 'on' } });
    expect(forced.outcome).toBe('created');
    await forced.container.teardown();
    const off = await setupReused(helper, definition, { env: { ...env, SEAWORTHY_REUSE: 'off' } });
    expect(off.outcome).toBe('off');
    await off.container.teardown();
    await expect(helper.engine.inspectContainer(off.container.id)).rejects.toThrow();
  });
});
