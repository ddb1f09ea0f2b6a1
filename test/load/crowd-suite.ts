import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Container, DockerHelper } from '../../src/index.js';
import { meet } from './barrier.js';
import { expectNoCollisionsNow, LOAD_FILES, PER_FILE, record, shortId, startCrowd } from './crowd.js';

/**
 * The body of every load file. Each file is its own Vitest worker (the load
 * project runs LOAD_FILES at once); it starts PER_FILE + 1 containers in a
 * helper of its own, meets the other workers once all are up, checks its
 * containers while theirs are up too, and meets them again before teardown,
 * so the run-wide checks see every crowd at once.
 */
export function crowdSuite(): void {
  const session = process.env.SEAWORTHY_SESSION_ID ?? '';
  const dir = process.env.SEAWORTHY_LOAD_RECORDS ?? '';
  let helper: DockerHelper | undefined;
  let webs: Container[];
  let client: Container;

  beforeAll(async () => {
    expect(session, 'SEAWORTHY_SESSION_ID is set by the global setup').not.toBe('');
    expect(dir, 'SEAWORTHY_LOAD_RECORDS is set by test/load/load-setup.ts').not.toBe('');
    helper = await DockerHelper.create();
    ({ webs, client } = await startCrowd(helper));
    await meet(dir, 'up', helper.namespace, LOAD_FILES);
  });
  afterAll(async () => {
    if (!helper) return;
    try {
      await meet(dir, 'checked', helper.namespace, LOAD_FILES);
    } finally {
      await helper.teardown();
    }
  });

  describe(`${PER_FILE} HTTP containers and a client in each of ${LOAD_FILES} workers at once`, () => {
    it('no container name or published port is shared by any two live containers of the run', async () => {
      const live = await expectNoCollisionsNow(helper as DockerHelper, session);
      expect(live).toBeGreaterThanOrEqual(LOAD_FILES * (PER_FILE + 1));
    });

    it("each published port answers with its own container's page", async () => {
      const pages = await Promise.all(webs.map(async (web) => (await fetch(`${web.baseUrl(8080)}/who`)).text()));
      expect(pages.map((p) => p.trim())).toEqual(webs.map(shortId));
    });

    it("each alias resolves to this helper's container, not another worker's namesake", async () => {
      const script = webs.map((_, i) => `busybox wget -qO- http://web-${i + 1}:8080/who`).join(' && ');
      const result = await client.exec(['sh', '-c', script]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.trim().split('\n')).toEqual(webs.map(shortId));
    });

    it('records what it started for the run-wide check of test/load/load-setup.ts', async () => {
      await record(dir, {
        pid: process.pid,
        namespace: (helper as DockerHelper).namespace,
        containers: [client, ...webs].map((c) => ({
          name: c.name,
          hostPort: c === client ? 0 : c.hostPort(8080),
          address: Object.values(c.startInfo.networks)[0]?.ipAddress ?? '',
        })),
      });
    });
  });
}
