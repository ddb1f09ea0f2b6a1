import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../src/engine/client.js';
import { NameConflictError } from '../../../src/errors/index.js';
import { ContainerTracker } from '../../../src/resources/helper/container-tracker.js';
import { NetworkTracker } from '../../../src/resources/helper/network-tracker.js';
import { VolumeTracker } from '../../../src/resources/helper/volume-tracker.js';

/** An engine answer with an HTTP status, as the engine client's errors carry it. */
function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode, json: { message } });
}

/** Records each call; `answers[method]` decides how a call ends (default: success). */
class FakeEngine {
  readonly calls: string[] = [];
  readonly answers: Record<string, (arg: string) => Promise<unknown>> = {};

  private answer(method: string, arg: string): Promise<never> {
    this.calls.push(`${method} ${arg}`);
    return (this.answers[method]?.(arg) ?? Promise.resolve(undefined)) as Promise<never>;
  }

  stopContainer = (id: string, seconds: number) => this.answer('stop', `${id} ${seconds}`);
  removeContainer = (id: string) => this.answer('removeContainer', id);
  renameContainer = (id: string, name: string) => this.answer('rename', `${id} ${name}`);
  removeNetwork = (id: string) => this.answer('removeNetwork', id);
  removeVolume = (name: string) => this.answer('removeVolume', name);
  volumeExists = (name: string) => this.answer('volumeExists', name);
  createVolume = (body: { Name: string }) => this.answer('createVolume', body.Name);
  createNetwork = async (body: { Name: string; Labels: Record<string, string> }) => {
    await this.answer('createNetwork', body.Name);
    return `id-${body.Name}`;
  };

  get client(): EngineClient {
    return this as unknown as EngineClient;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function containerTracker(engine: FakeEngine): ContainerTracker {
  return new ContainerTracker({ engine: engine.client, settled: async () => undefined });
}

describe('ContainerTracker', () => {
  it('removes a container once for concurrent callers, then forgets it', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('c1', 0);
    const gate = deferred();
    engine.answers.removeContainer = () => gate.promise;
    const first = containers.remove('c1');
    const second = containers.remove('c1');
    expect(containers.isRemoving('c1')).toBe(true);
    expect(containers.liveCount()).toBe(0);
    gate.resolve();
    await Promise.all([first, second]);
    expect(engine.calls).toEqual(['removeContainer c1']);
    expect(containers.ids()).toEqual([]);
    await containers.remove('c1');
    expect(engine.calls).toHaveLength(1);
  });

  it('counts "not found" and "removal already in progress" as removed', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('gone', 0);
    containers.track('going', 0);
    engine.answers.removeContainer = (id) =>
      Promise.reject(
        id === 'gone'
          ? engineError(404, 'No such container')
          : engineError(409, 'removal of container is already in progress'),
      );
    await containers.remove('gone');
    await containers.remove('going');
    expect(containers.ids()).toEqual([]);
  });

  it('keeps a container whose removal failed, and tries again on the next call', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('c1', 0);
    engine.answers.removeContainer = () => Promise.reject(engineError(500, 'device busy'));
    await expect(containers.remove('c1')).rejects.toThrow('device busy');
    expect(containers.ids()).toEqual(['c1']);
    expect(containers.isRemoving('c1')).toBe(false);
    delete engine.answers.removeContainer;
    await containers.remove('c1');
    expect(engine.calls).toEqual(['removeContainer c1', 'removeContainer c1']);
    expect(containers.ids()).toEqual([]);
  });

  it('stops first with its stop timeout in whole seconds, and removes even if the stop fails', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('c1', 1500);
    engine.answers.stop = () => Promise.reject(engineError(500, 'cannot stop'));
    await containers.remove('c1');
    expect(engine.calls).toEqual(['stop c1 2', 'removeContainer c1']);
  });

  it('waits for network joins under way before removing', async () => {
    const engine = new FakeEngine();
    const joins = deferred();
    const containers = new ContainerTracker({ engine: engine.client, settled: () => joins.promise });
    containers.track('c1', 0);
    const removal = containers.remove('c1');
    await Promise.resolve();
    expect(engine.calls).toEqual([]);
    joins.resolve();
    await removal;
    expect(engine.calls).toEqual(['removeContainer c1']);
  });

  it('retires by removing in the background, holding the name until the removal is over', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('c1', 0);
    containers.track('c2', 0);
    const gate = deferred();
    engine.answers.removeContainer = () => gate.promise;
    expect(containers.freeName('ns_db')).toBe('ns_db');
    await containers.retire('c1', 'ns_db');
    // Nothing renamed: the next container of that definition gets a name of its own meanwhile.
    expect(engine.calls).toEqual(['removeContainer c1']);
    expect(containers.freeName('ns_db')).toBe('ns_db-1');
    await containers.retire('c2', 'ns_db-1');
    expect(containers.freeName('ns_db')).toBe('ns_db-2');
    expect(containers.freeName('ns_web')).toBe('ns_web');
    expect(containers.isRemoving('c1')).toBe(true);
    expect(containers.ids()).toEqual(['c1', 'c2']);
    gate.resolve();
    await containers.removalsSettled();
    expect(containers.ids()).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(containers.freeName('ns_db')).toBe('ns_db');
  });

  it('keeps a container whose background removal failed tracked, for the teardown to report', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    containers.track('c1', 0);
    engine.answers.removeContainer = () => Promise.reject(engineError(500, 'device busy'));
    await containers.retire('c1', 'ns_db');
    await containers.removalsSettled();
    expect(containers.ids()).toEqual(['c1']);
    await expect(containers.remove('c1')).rejects.toThrow('device busy');
  });
});

describe('NetworkTracker and VolumeTracker', () => {
  it('remove networks and volumes only once containers removed in the background are gone', async () => {
    const engine = new FakeEngine();
    const containers = containerTracker(engine);
    const containersRemoved = () => containers.removalsSettled();
    const networks = new NetworkTracker({ engine: engine.client, namespace: 'ns', labels: {}, containersRemoved });
    const volumes = new VolumeTracker({ engine: engine.client, labels: {}, containersRemoved });
    containers.track('c1', 0);
    const id = await networks.create('ns_net', 'net', {});
    await volumes.create('ns_vol', 'vol', {});
    const gate = deferred();
    engine.answers.removeContainer = () => gate.promise;
    await containers.retire('c1', 'ns_app');
    const removals = Promise.all([networks.remove(id), volumes.remove('ns_vol')]);
    await new Promise((r) => setImmediate(r));
    expect(engine.calls).not.toContain('removeNetwork id-ns_net');
    expect(engine.calls).not.toContain('removeVolume ns_vol');
    gate.resolve();
    await removals;
    expect(engine.calls.slice(-2).sort()).toEqual(['removeNetwork id-ns_net', 'removeVolume ns_vol']);
    expect([...networks.ids(), ...volumes.ids()]).toEqual([]);
  });

  it('labels a network and says a taken name is a name conflict', async () => {
    const engine = new FakeEngine();
    const bodies: { Labels: Record<string, string> }[] = [];
    const create = engine.createNetwork;
    engine.createNetwork = (body) => {
      bodies.push(body);
      return create(body);
    };
    const networks = new NetworkTracker({
      engine: engine.client,
      namespace: 'ns',
      labels: { owner: 'me' },
      containersRemoved: async () => undefined,
    });
    await networks.create('ns_net', 'net', { labels: { extra: 'x', owner: 'not me' } });
    expect(bodies[0]?.Labels).toMatchObject({ extra: 'x', owner: 'me' });
    engine.answers.createNetwork = () => Promise.reject(engineError(409, 'network with name ns_net already exists'));
    await expect(networks.create('ns_net', 'net', {})).rejects.toBeInstanceOf(NameConflictError);
    expect(networks.ids()).toEqual(['id-ns_net']);
  });

  it('creates the default network once, and again after a failed attempt', async () => {
    const engine = new FakeEngine();
    const networks = new NetworkTracker({
      engine: engine.client,
      namespace: 'ns',
      labels: {},
      containersRemoved: async () => undefined,
    });
    engine.answers.createNetwork = () => Promise.reject(engineError(500, 'no address pools left'));
    await expect(networks.defaultNetwork()).rejects.toThrow('no address pools left');
    delete engine.answers.createNetwork;
    const [a, b] = await Promise.all([networks.defaultNetwork(), networks.defaultNetwork()]);
    expect(a).toEqual({ id: 'id-ns_default', name: 'ns_default' });
    expect(b).toBe(a);
    expect(engine.calls).toEqual(['createNetwork ns_default', 'createNetwork ns_default']);
  });

  it('counts a volume removed by someone else (404) as removed, and keeps one whose removal failed otherwise', async () => {
    const engine = new FakeEngine();
    const volumes = new VolumeTracker({ engine: engine.client, labels: {}, containersRemoved: async () => undefined });
    await volumes.create('ns_gone', 'gone', {});
    await volumes.create('ns_busy', 'busy', {});
    engine.answers.removeVolume = (name) =>
      Promise.reject(
        name === 'ns_gone'
          ? engineError(404, 'get ns_gone: no such volume')
          : engineError(409, 'remove ns_busy: volume is in use - [abc]'),
      );
    await expect(volumes.remove('ns_gone')).resolves.toBeUndefined();
    await expect(volumes.remove('ns_busy')).rejects.toThrow('volume is in use');
    expect(volumes.ids()).toEqual(['ns_busy']);
  });

  it('refuses a volume name that exists already, before creating anything', async () => {
    const engine = new FakeEngine();
    const volumes = new VolumeTracker({ engine: engine.client, labels: {}, containersRemoved: async () => undefined });
    engine.answers.volumeExists = async () => true;
    await expect(volumes.create('ns_vol', 'vol', {})).rejects.toBeInstanceOf(NameConflictError);
    expect(engine.calls).toEqual(['volumeExists ns_vol']);
    expect(volumes.ids()).toEqual([]);
  });
});
