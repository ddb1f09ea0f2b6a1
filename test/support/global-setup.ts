import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { Engine, LABELS } from '../../src/tools.js';

/** How many projects of this run still have this setup's teardown to run (it runs in Vitest's main process). */
const PENDING = 'SEAWORTHY_LEAK_CHECKS_PENDING';

/**
 * One session id for the whole run, shared by every worker through the
 * environment, so the run's resources can be found by label afterwards.
 *
 * Every engine project lists this file, and Vitest tears projects down one
 * after another, so the leak check runs only in the last teardown: by then
 * every project's own global teardown (a run-scoped container's, say) has
 * run. Anything still carrying this run's label is a leak: it is removed, and
 * the run fails (exit code 1; a teardown that throws does not fail a run).
 */
export default async function setup(_project: TestProject) {
  const session = process.env.SEAWORTHY_SESSION_ID ?? `t${randomBytes(4).toString('hex')}`;
  process.env.SEAWORTHY_SESSION_ID = session;
  process.env[PENDING] = String(Number(process.env[PENDING] ?? 0) + 1);
  return async () => {
    const pending = Number(process.env[PENDING]) - 1;
    process.env[PENDING] = String(pending);
    if (pending > 0) return;
    const engine = await Engine.connect();
    const left = await engine.listByLabel(`${LABELS.session}=${session}`);
    const count = left.containers.length + left.networks.length + left.volumes.length;
    if (count === 0) return;
    await Promise.allSettled(left.containers.map((id) => engine.removeContainer(id)));
    await Promise.allSettled(left.networks.map((id) => engine.removeNetwork(id)));
    await Promise.allSettled(left.volumes.map((name) => engine.removeVolume(name)));
    console.error(
      `[leaks] the test run leaked ${count} resource(s) labelled ${LABELS.session}=${session}: ` +
        `${JSON.stringify(left)}. They have been removed now; find the test that does not tear down.`,
    );
    process.exitCode = 1;
  };
}
