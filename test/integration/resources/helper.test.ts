import { afterEach, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  DockerHelper,
  HelperTornDownError,
  NameConflictError,
  NetworkDefinition,
  VolumeDefinition,
  WaitAbortedError,
  waitFor,
} from '../../../src/index.js';
import { sessionTag } from '../../../src/resources/helper/namespace.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { fixtureImage } from '../../support/helper.js';

const helpers: DockerHelper[] = [];
async function newHelper(options: Parameters<typeof DockerHelper.create>[0] = {}) {
  const helper = await DockerHelper.create(options);
  helpers.push(helper);
  return helper;
}
afterEach(async () => {
  await Promise.all(helpers.splice(0).map((h) => h.teardown()));
});

async function listed(engine: Engine, namespace: string) {
  return engine.listByLabel(`${LABELS.namespace}=${namespace}`);
}

describe('DockerHelper', () => {
  it('labels every container, network and volume with namespace, session and owner pid', async () => {
    // 'always': the helper's own network exists (a lone container would otherwise start on the default bridge).
    const helper = await newHelper({ network: 'always' });
    const logger = await new ContainerDefinition('logger', {
      image: fixtureImage('logger'),
      mounts: [{ type: 'volume', source: new VolumeDefinition('data'), target: '/data' }],
      networks: [new NetworkDefinition('backend')],
    }).setup(helper);
    const info = await logger.inspect();
    expect(info.config.labels).toMatchObject({
      [LABELS.managed]: 'true',
      [LABELS.namespace]: helper.namespace,
      [LABELS.session]: helper.session,
      [LABELS.pid]: String(process.pid),
      [LABELS.definition]: 'logger',
    });
    const found = await listed(helper.engine, helper.namespace);
    expect(found.containers).toEqual([logger.id]);
    expect(found.networks).toHaveLength(2); // default + backend
    expect(found.volumes).toEqual([`${helper.namespace}_data`]);
  });

  it('derives a namespace from the run session and the Vitest worker', async () => {
    const helper = await newHelper();
    const worker = process.env.VITEST_WORKER_ID;
    expect(helper.session).toBe(process.env.SEAWORTHY_SESSION_ID);
    expect(helper.namespace).toMatch(new RegExp(`^sw-${sessionTag(helper.session)}-w${worker}-[0-9a-f]{12}$`));
  });

  it('tears down containers, then networks, then volumes, leaving nothing labelled', async () => {
    const helper = await newHelper();
    const volume = new VolumeDefinition('data');
    const network = new NetworkDefinition('backend');
    await new ContainerDefinition('logger', {
      image: fixtureImage('logger'),
      mounts: [{ type: 'volume', source: volume, target: '/data' }],
      networks: [network],
    }).setup(helper);
    // A network or volume still in use cannot be removed, so this only passes in order.
    await helper.teardown();
    expect(helper.trackedResources()).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await listed(helper.engine, helper.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('tolerates resources that are already gone, and a second teardown', async () => {
    const helper = await newHelper();
    const logger = await new ContainerDefinition('logger', { image: fixtureImage('logger') }).setup(helper);
    await helper.engine.removeContainer(logger.id);
    await helper.teardown();
    await helper.teardown();
    await logger.teardown();
    expect(await listed(helper.engine, helper.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('refuses new resources after teardown with a typed error', async () => {
    const helper = await newHelper();
    await helper.teardown();
    const error = await new ContainerDefinition('late', { image: fixtureImage('logger') })
      .setup(helper)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelperTornDownError);
    expect((error as HelperTornDownError).code).toBe('SEAWORTHY_HELPER_TORN_DOWN');
  });

  it('puts containers on one default network where they reach each other by definition name', async () => {
    const helper = await newHelper();
    const web = new ContainerDefinition('web', { image: fixtureImage('httpd') });
    const client = new ContainerDefinition('client', { image: fixtureImage('logger'), aliases: ['probe'] });
    const [w, c] = await Promise.all([web.setup(helper), client.setup(helper)]);
    const network = `${helper.namespace}_default`;
    const info = await w.inspect();
    expect(info.networks[network]?.aliases).toContain('web');
    expect((await c.inspect()).networks[network]?.aliases).toEqual(expect.arrayContaining(['client', 'probe']));
    const lookup = await c.exec(['getent', 'hosts', 'web']);
    expect(lookup.exitCode).toBe(0);
    expect(lookup.stdout).toContain(info.networks[network]?.ipAddress);
    const back = await w.exec(['getent', 'hosts', 'probe']);
    expect(back.exitCode).toBe(0);
  });

  it('by default, starts a lone container on the default bridge and connects it when a second one comes', async () => {
    const helper = await newHelper();
    const network = `${helper.namespace}_default`;
    const first = await new ContainerDefinition('first', { image: fixtureImage('logger'), aliases: ['one'] }).setup(
      helper,
    );
    expect(Object.keys((await first.inspect()).networks)).toEqual(['bridge']);
    expect((await listed(helper.engine, helper.namespace)).networks).toEqual([]);

    const second = await new ContainerDefinition('second', { image: fixtureImage('logger') }).setup(helper);
    // Connected before the second one started, with its name and aliases.
    const firstNetworks = (await first.inspect()).networks;
    expect(Object.keys(firstNetworks).sort()).toEqual(['bridge', network].sort());
    expect(firstNetworks[network]?.aliases).toEqual(expect.arrayContaining(['first', 'one']));
    expect(Object.keys((await second.inspect()).networks)).toEqual([network]);
    for (const name of ['first', 'one']) expect((await second.exec(['getent', 'hosts', name])).exitCode).toBe(0);
    expect((await first.exec(['getent', 'hosts', 'second'])).exitCode).toBe(0);

    // Once both are gone, the next lone container starts on the bridge again.
    await Promise.all([first.teardown(), second.teardown()]);
    const third = await new ContainerDefinition('third', { image: fixtureImage('logger') }).setup(helper);
    expect(Object.keys((await third.inspect()).networks)).toEqual(['bridge']);
  });

  it("joins the helper's network at create with network: 'always', or with a definition's helperNetwork: 'always'", async () => {
    const always = await newHelper({ network: 'always' });
    const lone = await new ContainerDefinition('lone', { image: fixtureImage('logger') }).setup(always);
    expect(Object.keys((await lone.inspect()).networks)).toEqual([`${always.namespace}_default`]);

    const helper = await newHelper();
    const own = await new ContainerDefinition('own', { image: fixtureImage('logger'), helperNetwork: 'always' }).setup(
      helper,
    );
    expect(Object.keys((await own.inspect()).networks)).toEqual([`${helper.namespace}_default`]);
    expect((await own.exec(['getent', 'hosts', 'own'])).exitCode).toBe(0);
  });

  it('rejects an unknown network mode with a typed error', async () => {
    await expect(DockerHelper.create({ network: 'sometimes' as never })).rejects.toMatchObject({
      code: 'SEAWORTHY_INVALID_OPTION',
      message: expect.stringContaining("'when-needed' or 'always'"),
    });
    expect(
      () => new ContainerDefinition('x', { image: fixtureImage('logger'), helperNetwork: 'never' as never }),
    ).toThrow(/'when-needed' or 'always'/);
  });

  it('joins extra networks with their aliases before the container starts', async () => {
    const helper = await newHelper();
    const backend = new NetworkDefinition('backend');
    const db = new ContainerDefinition('db', {
      image: fixtureImage('logger'),
      networks: [{ network: backend, aliases: ['database'] }],
    });
    const app = new ContainerDefinition('app', { image: fixtureImage('logger'), networks: [backend] });
    const [, a] = await Promise.all([db.setup(helper), app.setup(helper)]);
    const lookup = await a.exec(['getent', 'hosts', 'database']);
    expect(lookup.exitCode).toBe(0);
  });

  it('reports a container name that is already taken, leaving nothing behind', async () => {
    const helper = await newHelper();
    // A leftover from a crashed run with the same name, made by hand.
    const squatter = await helper.engine.createContainer(`${helper.namespace}_dup`, {
      Image: fixtureImage('logger'),
      Labels: helper.labels,
    });
    try {
      const error = await new ContainerDefinition('dup', { image: fixtureImage('logger') })
        .setup(helper)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NameConflictError);
      expect((error as NameConflictError).code).toBe('SEAWORTHY_NAME_CONFLICT');
      expect((error as NameConflictError).kind).toBe('container');
      expect((error as NameConflictError).message).toContain(`docker container rm -f ${helper.namespace}_dup`);
      expect(helper.trackedResources().containers).toEqual([]);
    } finally {
      await helper.engine.removeContainer(squatter);
    }
  });

  it('reports a collision when two live helpers share a namespace', async () => {
    const first = await newHelper({ network: 'always' });
    const second = await newHelper({ namespace: first.namespace, network: 'always' });
    await new ContainerDefinition('a', { image: fixtureImage('logger') }).setup(first);
    const error = await new ContainerDefinition('b', { image: fixtureImage('logger') })
      .setup(second)
      .catch((e: unknown) => e);
    // The first thing they share is the default network.
    expect(error).toBeInstanceOf(NameConflictError);
    expect((error as NameConflictError).kind).toBe('network');
    expect(second.trackedResources()).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('reports a volume name collision', async () => {
    const first = await newHelper();
    const second = await newHelper({ namespace: first.namespace });
    const volume = new VolumeDefinition('shared');
    await volume.setup(first);
    const error = await volume.setup(second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameConflictError);
    expect((error as NameConflictError).kind).toBe('volume');
  });

  it('removes a network or volume on its own teardown and can set it up again', async () => {
    const helper = await newHelper();
    const volume = new VolumeDefinition('scratch');
    const first = await volume.setup(helper);
    expect(await volume.setup(helper)).toBe(first);
    await first.teardown();
    expect(await helper.engine.volumeExists(first.name)).toBe(false);
    const again = await volume.setup(helper);
    expect(again).not.toBe(first);
    expect(await helper.engine.volumeExists(again.name)).toBe(true);
  });

  it('cancels setups still in flight at teardown, leaving nothing behind', async () => {
    const helper = await newHelper();
    const slow = new ContainerDefinition('slow', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('never printed'),
      startupTimeoutMs: 600_000,
    });
    const pending = slow.setup(helper).catch((e: unknown) => e);
    // Let the container get created and started before tearing down.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await helper.teardown();
    const error = await pending;
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as WaitAbortedError).cause).toBeInstanceOf(HelperTornDownError);
    expect(await listed(helper.engine, helper.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('works with await using, for helpers and containers', async () => {
    let namespace = '';
    let engine: Engine | undefined;
    {
      await using helper = await DockerHelper.create();
      namespace = helper.namespace;
      engine = helper.engine;
      {
        await using scoped = await new ContainerDefinition('scoped', { image: fixtureImage('logger') }).setup(helper);
        expect((await listed(engine, namespace)).containers).toEqual([scoped.id]);
      }
      expect((await listed(engine, namespace)).containers).toEqual([]);
      await new ContainerDefinition('kept', { image: fixtureImage('logger') }).setup(helper);
    }
    expect(await listed(engine as Engine, namespace)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
