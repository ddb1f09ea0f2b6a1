/**
 * The stale-network stress test (issue 17): many CI runs' worth of network
 * churn through seaworthy's default settings (lone containers on the default
 * bridge, joins on demand, background removal), then a check that every
 * network was removed. Exits 1 when one was not.
 *
 *   npx tsx test/stress/stale-networks.ts --workers 4 --tests 250 [--kinds lone,pair,exiting,networked]
 */
import { parseArgs } from 'node:util';
import { KINDS, type Kind, runChurn } from './network-churn.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    tests: { type: 'string', default: '100' },
    kinds: { type: 'string', default: KINDS.join(',') },
  },
});
// Exit code 0: every network removed; 1: a network left or a teardown failed; 2: the engine stopped answering.
const workers = Number(values.workers);
const testsPerWorker = Number(values.tests);
const started = Date.now();
const kinds = (values.kinds ?? '').split(',') as Kind[];
for (const kind of kinds)
  if (!KINDS.includes(kind)) throw new Error(`unknown kind '${kind}'; known: ${KINDS.join(', ')}`);
const result = await runChurn({ workers, testsPerWorker, kinds, log: (line) => console.error(line) });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(JSON.stringify({ workers, testsPerWorker, seconds, ...result }, null, 2));
if (result.engineStuck) {
  console.error(
    `the engine stopped answering (${result.engineStuck}). On Docker 20.10 up to 20.10.24 this is the ` +
      'libnetwork deadlock of moby/moby#46661 (kill -USR1 the dockerd pid to dump its goroutines; restart dockerd).',
  );
  process.exit(2);
}
if (result.staleNetworks.length > 0 || result.teardownFailures.length > 0) process.exit(1);
