import { describe, expect, it } from 'vitest';
import { buildProcessTree, ContainerDefinition, listProcesses, ProcessTreeError, waitFor } from '../../../src/index.js';
import { listProcessesWithSource } from '../../../src/tools.js';
import { exampleDb, exampleWeb } from '../../support/example-app.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

describe('listing processes', () => {
  it('lists pid, ppid, user and args in the container PID namespace, through the engine', async () => {
    await exampleDb.setup(file.helper);
    const web = await exampleWeb.setup(file.helper);
    const { processes, source } = await listProcessesWithSource(web);
    expect(source).toBe('engine-top');
    const master = processes.find((p) => p.pid === 1);
    expect(master).toMatchObject({ ppid: 0, user: 'app', uid: 1000, args: 'python3 /app/server.py' });
    const workers = processes.filter((p) => p.args.includes('--worker'));
    expect(workers).toHaveLength(2);
    for (const worker of workers) expect(worker).toMatchObject({ ppid: 1, user: 'app' });
  });

  it('reads /proc inside the container the same way when asked to', async () => {
    const web = await exampleWeb.setup(file.helper);
    const viaEngine = await listProcesses(web, { via: 'engine-top' });
    const viaProc = await listProcesses(web, { via: 'proc-exec' });
    expect(viaProc).toEqual(viaEngine);
  });

  it('builds the tree: PID 1 is the server run by app, with 2 workers as children', async () => {
    const web = await exampleWeb.setup(file.helper);
    const tree = buildProcessTree(await listProcesses(web));
    expect(tree.pid).toBe(1);
    expect(tree.user).toBe('app');
    expect(tree.children.map((c) => c.args)).toEqual([
      expect.stringContaining('--worker'),
      expect.stringContaining('--worker'),
    ]);
  });

  it('reports a forest when a docker exec is still running next to PID 1', async () => {
    const box = await new ContainerDefinition('forest', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
    }).setup(file.helper);
    const background = box.exec(['sleep', '3']);
    await expect
      .poll(async () => (await listProcesses(box)).some((p) => p.args === 'sleep 3'), { interval: 50 })
      .toBe(true);
    const processes = await listProcesses(box);
    const error = (() => {
      try {
        buildProcessTree(processes);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProcessTreeError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_PROCESS_TREE', problem: 'forest' });
    expect((error as Error).message).toContain('sleep 3');
    await background;
  });
});
