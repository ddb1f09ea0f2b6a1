import { ENGINE_REQUEST_SOURCE } from './engine-request-source.js';

/**
 * The watchdog's program, run as `node -e WATCHDOG_SOURCE <config JSON>`.
 *
 * It is a string, not a function serialised with `.toString()`: the code that
 * loads seaworthy may transform functions (tsx and esbuild's `keepNames` add
 * `__name(…)` calls, coverage tools add counters, an ESM bundle turns
 * `require` into `__require`), and any of those would break the copy. A
 * string reaches the child exactly as written, from `src/` under Vitest or
 * tsx and from `dist/` alike. test/unit/cleanup/watchdog.test.ts runs it
 * against a fake engine.
 *
 * What it does: it reads stdin, a pipe from the helper's process.
 * - "done\n" (sent by `teardown()`): exit without touching anything.
 * - end of stdin without "done": the process died (SIGKILL, crash, exit
 *   without teardown) or its teardown failed. Remove every container (forced),
 *   then network, then volume carrying all of `config.labels` (namespace, pid,
 *   host and helper id, so only this helper's resources), pass after pass until a pass
 *   finds nothing twice, the second time after a pause that lets creations
 *   already sent to the engine land. Then exit.
 *
 * Only Node built-ins; Engine API over a unix socket, tcp, or tcp with TLS.
 *
 * Why it does not use the engine client (src/engine/) like the rest of
 * cleanup: it must run without the package loaded. It outlives the process
 * that started it, which may have loaded seaworthy from `src/` through a
 * transform (Vitest, tsx) or from a bundle whose path a child can't resolve,
 * and it must start in milliseconds with nothing to install. So it speaks the
 * three Engine API calls it needs (list by label, remove, disconnect) itself.
 */
export const WATCHDOG_SOURCE = String.raw`'use strict';
const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

const config = JSON.parse(process.argv[process.argv.length - 1]);
// Detached already, so a terminal's Ctrl-C does not reach it; ignore signals
// sent to every process at once too: the parent's death is what ends it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
// Named for ps (and, set after the handlers, a sign that they are in place).
try { process.title = 'seaworthy-watchdog ' + config.name; } catch (_) {}

${ENGINE_REQUEST_SOURCE}const filters = encodeURIComponent(JSON.stringify({ label: config.labels }));

async function list(kind) {
  const urlPath = kind === 'container' ? '/containers/json?all=1&filters=' + filters : '/' + kind + 's?filters=' + filters;
  const res = await request('GET', urlPath);
  if (res.status >= 300) throw new Error('list ' + kind + 's: HTTP ' + res.status + ' ' + res.body.trim());
  const parsed = JSON.parse(res.body);
  if (kind === 'volume') return (parsed.Volumes || []).map((v) => ({ id: v.Name, name: v.Name }));
  if (kind === 'network') return parsed.map((n) => ({ id: n.Id, name: n.Name }));
  return parsed.map((c) => ({ id: c.Id, name: ((c.Names && c.Names[0]) || c.Id).replace(/^\//, '') }));
}

async function remove(kind, resource) {
  const urlPath = kind === 'container'
    ? '/containers/' + encodeURIComponent(resource.id) + '?force=1&v=1'
    : '/' + kind + 's/' + encodeURIComponent(resource.id);
  try {
    const res = await request('DELETE', urlPath);
    if (res.status < 300 || res.status === 404) {
      log({ event: 'removed', kind, id: resource.id, name: resource.name });
    } else {
      // 409: being removed by someone else, or a volume still mounted; 403: a network with endpoints. Next pass.
      log({ event: 'busy', kind, id: resource.id, name: resource.name, status: res.status, error: res.body.trim() });
      // Endpoints of another owner's container (the runner's own, in the sibling topology): detach them.
      if (kind === 'network' && res.status === 403) await detachEndpoints(resource.id);
    }
  } catch (error) {
    log({ event: 'failed', kind, id: resource.id, name: resource.name, error: String(error && error.message) });
  }
}

async function detachEndpoints(networkId) {
  const network = '/networks/' + encodeURIComponent(networkId);
  const res = await request('GET', network);
  if (res.status >= 300) return;
  const attached = Object.keys(JSON.parse(res.body).Containers || {});
  await Promise.all(attached.map((container) => request('POST', network + '/disconnect', { Container: container, Force: true })));
  log({ event: 'detached', kind: 'network', id: networkId, containers: attached.length });
}

// One pass: containers, then networks, then volumes. Returns how many it saw.
async function pass() {
  let seen = 0;
  for (const kind of ['container', 'network', 'volume']) {
    const resources = await list(kind);
    seen += resources.length;
    await Promise.all(resources.map((resource) => remove(kind, resource)));
  }
  return seen;
}

async function sweep() {
  log({ event: 'parent-gone', pid: config.parentPid });
  const deadline = Date.now() + 60000;
  let quiet = 0;
  let delay = 100;
  while (Date.now() < deadline) {
    let seen;
    try {
      seen = await pass();
    } catch (error) {
      log({ event: 'failed', error: String(error && error.message) });
      seen = -1;
    }
    if (seen === 0) {
      quiet += 1;
      if (quiet >= 2) break;
      await sleep(1500);
    } else {
      quiet = 0;
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }
  log({ event: 'finished', clean: quiet >= 2 });
}

let input = '';
let sweeping = false;
function parentGone() {
  if (sweeping) return;
  sweeping = true;
  sweep().then(() => process.exit(0), () => process.exit(1));
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
  if (!sweeping && input.split('\n').includes('done')) process.exit(0);
});
process.stdin.on('end', parentGone);
process.stdin.on('error', parentGone);
`;
