import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { Engine, LABELS } from '../../src/index.js';

/**
 * One session id for the whole run, shared by every worker through the
 * environment, so the run's resources can be found by label afterwards.
 * At the end, anything still carrying this run's label is a leak: it is
 * removed, and the run fails.
 */
export default async function setup(_project: TestProject) {
  const session = process.env.SEAWORTHY_SESSION_ID ?? `t${randomBytes(4).toString('hex')}`;
  process.env.SEAWORTHY_SESSION_ID = session;
  return async () => {
    const engine = await Engine.connect();
    const left = await engine.listByLabel(`${LABELS.session}=${session}`);
    const count = left.containers.length + left.networks.length + left.volumes.length;
    if (count === 0) return;
    await Promise.allSettled(left.containers.map((id) => engine.removeContainer(id)));
    await Promise.allSettled(left.networks.map((id) => engine.removeNetwork(id)));
    await Promise.allSettled(left.volumes.map((name) => engine.removeVolume(name)));
    throw new Error(
      `the test run leaked ${count} resource(s) labelled ${LABELS.session}=${session}: ` +
        `${JSON.stringify(left)}. They have been removed now; find the test that does not tear down.`,
    );
  };
}
