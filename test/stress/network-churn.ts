/**
 * Network churn as a CI run makes it, through seaworthy's default settings:
 * workers (one helper each) run "tests" one after another, each test's
 * containers removed in the background as test-scoped fixtures do. The
 * kinds of test are the ones that touch the engine's network store:
 *
 * - lone: one container, alone in its helper (default bridge);
 * - pair: a lone container, then a second one, so the first is connected to
 *   the helper's network (frozen while it is) before the second starts;
 * - exiting: like pair, but the lone container exits on its own at about the
 *   moment it is connected: the Docker 20.10 race that could leave a network
 *   with an endpoint it never gives back;
 * - networked: two containers set up together, both on the helper's network
 *   at create, removed in the background while the next test's come.
 *
 * Every worker's helper is torn down at the end (its network removed); a
 * network the engine refuses to remove counts as stale.
 */
import { ContainerDefinition, DockerHelper, waitFor } from '../../src/index.js';
import { LABELS } from '../../src/tools.js';

export interface ChurnOptions {
  readonly workers: number;
  readonly testsPerWorker: number;
  /** Which kinds of test to cycle through. @default all four */
  readonly kinds?: readonly Kind[];
  /** Tests per "file": the helper's background removals are awaited after each, as the Vitest adapter does. */
  readonly testsPerFile?: number;
  /** Give up when no test has finished for this long. @default 120_000 */
  readonly stuckAfterMs?: number;
  readonly log?: (line: string) => void;
}

export interface ChurnResult {
  readonly tests: Record<Kind, number>;
  /** Containers started and removed. */
  readonly containers: number;
  /** Lone containers connected to a helper network when a second arrived. */
  readonly joins: number;
  /** Setups that failed (an exiting container may exit before its wait matched; counted, not a stale network). */
  readonly setupFailures: number;
  /** Helper teardowns that failed, with their messages. */
  readonly teardownFailures: string[];
  /** Networks of these helpers still on the engine at the end. */
  readonly staleNetworks: string[];
  /** Set when no test finished for `stuckAfterMs`: the engine stopped answering (see docs/helper.md). */
  readonly engineStuck?: string;
}

export const KINDS = ['lone', 'pair', 'exiting', 'networked'] as const;
export type Kind = (typeof KINDS)[number];

const LOGGER = 'seaworthy-fixture/logger:latest';
const ready = waitFor.logLine(/^ready$/);

export async function runChurn(options: ChurnOptions): Promise<ChurnResult> {
  const perFile = options.testsPerFile ?? 8;
  const tests: Record<Kind, number> = { lone: 0, pair: 0, exiting: 0, networked: 0 };
  let containers = 0;
  let joins = 0;
  let setupFailures = 0;
  const teardownFailures: string[] = [];
  const namespaces: string[] = [];
  const helpers: DockerHelper[] = [];

  const worker = async (w: number, progress: () => void): Promise<void> => {
    const helper = await DockerHelper.create();
    helpers.push(helper);
    namespaces.push(helper.namespace);
    const first = new ContainerDefinition('first', { image: LOGGER, wait: ready });
    const second = new ContainerDefinition('second', { image: LOGGER, wait: ready });
    try {
      for (let t = 0; t < options.testsPerWorker; t++) {
        const kinds = options.kinds ?? KINDS;
        const kind = kinds[(t + w) % kinds.length] as Kind;
        tests[kind]++;
        const started: { teardown(o: { background: boolean }): Promise<void> }[] = [];
        try {
          if (kind === 'networked') {
            started.push(...(await Promise.all([first.setup(helper), second.setup(helper)])));
            containers += 2;
          } else {
            const lone =
              kind === 'exiting'
                ? new ContainerDefinition('first', {
                    image: 'debian:bookworm-slim',
                    // Exits 0-120 ms after it is ready: about when the second container's setup connects it.
                    command: ['sh', '-c', `echo ready; sleep 0.0${Math.floor(Math.random() * 10)}${t % 3}`],
                    wait: ready,
                  })
                : first;
            started.push(await lone.setup(helper));
            containers++;
            if (kind !== 'lone') {
              started.push(await second.setup(helper));
              containers++;
              joins++;
            }
          }
        } catch (error) {
          setupFailures++;
          options.log?.(`worker ${w} test ${t} (${kind}): setup failed: ${(error as Error).message.split('\n')[0]}`);
        }
        // As a test-scoped fixture does: removal off the critical path.
        for (const c of started.reverse()) await c.teardown({ background: true });
        if ((t + 1) % perFile === 0) await helper.removalsSettled();
        progress();
      }
    } finally {
      try {
        await helper.teardown();
      } catch (error) {
        teardownFailures.push(`${helper.namespace}: ${(error as Error).message}`);
      }
    }
  };

  let lastProgress = Date.now();
  const progress = () => {
    lastProgress = Date.now();
  };
  const stuckAfter = options.stuckAfterMs ?? 120_000;
  let watch: NodeJS.Timeout | undefined;
  const stuck = new Promise<string>((resolve) => {
    watch = setInterval(() => {
      if (Date.now() - lastProgress > stuckAfter) resolve(`no test finished for ${Math.round(stuckAfter / 1000)} s`);
    }, 1_000);
  });
  const engineStuck = await Promise.race([
    Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w, progress))).then(() => undefined),
    stuck,
  ]).finally(() => clearInterval(watch));
  if (engineStuck) {
    return { tests, containers, joins, setupFailures, teardownFailures, staleNetworks: [], engineStuck };
  }
  const engine = helpers[0]?.engine;
  const staleNetworks: string[] = [];
  if (engine) {
    for (const namespace of namespaces) {
      const left = await engine.listByLabel(`${LABELS.namespace}=${namespace}`);
      staleNetworks.push(...left.networks);
    }
  }
  return { tests, containers, joins, setupFailures, teardownFailures, staleNetworks };
}
