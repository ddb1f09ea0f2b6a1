/**
 * The stale-network stress test (issue 17): many CI runs' worth of network
 * churn through seaworthy's default settings (lone containers on the default
 * bridge, joins on demand, background removal), then a check that every
 * network was removed. Exits 1 when one was not.
 *
 *   npx tsx test/stress/stale-networks.ts --workers 4 --tests 250
 */
import { parseArgs } from 'node:util';
import { runChurn } from './network-churn.js';

const { values } = parseArgs({
  options: { workers: { type: 'string', default: '4' }, tests: { type: 'string', default: '100' } },
});
const workers = Number(values.workers);
const testsPerWorker = Number(values.tests);
const started = Date.now();
const result = await runChurn({ workers, testsPerWorker, log: (line) => console.error(line) });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(JSON.stringify({ workers, testsPerWorker, seconds, ...result }, null, 2));
if (result.staleNetworks.length > 0 || result.teardownFailures.length > 0) process.exit(1);
