import { ENGINE_REQUEST_SOURCE } from './engine-request-source.js';

/**
 * The keeper's program, run as `node -e REUSE_KEEPER_SOURCE <config JSON>`:
 * the detached process that removes one reused container (docs/reuse.md)
 * once no run has used it for `idleMs`. A string for the same reasons as the
 * watchdog's (see watchdog-source.ts): it outlives the process that started
 * it and must run without the package loaded.
 *
 * What it does, in a loop:
 * - the container is gone (404): forget its files, exit;
 * - a live process holds its claim (`<key>.holder`): it is in use; look again soon;
 * - else idle since the modification time of `<key>.ready` (the last use);
 *   once that is `idleMs` ago (checked twice, the claim too, right before),
 *   remove the container (forced, with its anonymous volumes), forget its
 *   files, exit; else sleep until then (at most 2 s at a time).
 * It writes its pid to `<key>.keeper`, so a run starts a keeper only when
 * none runs; two at once are harmless (a removal of a gone container is fine).
 */
export const REUSE_KEEPER_SOURCE = String.raw`'use strict';
const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');

const config = JSON.parse(process.argv[process.argv.length - 1]);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
try { process.title = 'seaworthy-reuse-keeper ' + config.name; } catch (_) {}
try { fs.writeFileSync(config.files.keeper, String(process.pid)); } catch (_) {}

${ENGINE_REQUEST_SOURCE}
function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (error) { return error.code !== 'ESRCH'; }
}

function leased() {
  let held = '';
  try { held = fs.readFileSync(config.files.holder, 'utf8'); } catch (_) { return false; }
  const pid = held.split(' ')[0];
  return /^[1-9][0-9]{0,9}$/.test(pid) && alive(Number(pid));
}

function lastUsed() {
  try { return fs.statSync(config.files.ready).mtimeMs; } catch (_) { return startedAt; }
}

function forget() {
  try {
    if (fs.readFileSync(config.files.ready, 'utf8').trim() === config.id) fs.rmSync(config.files.ready, { force: true });
  } catch (_) {}
  try { fs.rmSync(config.files.idleMs, { force: true }); } catch (_) {}
  try {
    if (fs.readFileSync(config.files.keeper, 'utf8').trim() === String(process.pid)) fs.rmSync(config.files.keeper, { force: true });
  } catch (_) {}
}

// The idle time the latest holder asked for, else the one this keeper was started with.
function idleMs() {
  try {
    const value = Number(fs.readFileSync(config.files.idleMs, 'utf8').trim());
    if (Number.isInteger(value) && value > 0) return value;
  } catch (_) {}
  return config.idleMs;
}

const startedAt = Date.now();
const idle = () => !leased() && Date.now() - lastUsed() >= idleMs();

async function run() {
  const container = '/containers/' + encodeURIComponent(config.id);
  for (;;) {
    let res;
    try {
      res = await request('GET', container + '/json');
    } catch (error) {
      log({ event: 'failed', error: String(error && error.message) });
      await sleep(2000);
      continue;
    }
    if (res.status === 404) {
      log({ event: 'gone', kind: 'container', id: config.id });
      forget();
      return;
    }
    if (leased()) {
      await sleep(Math.min(idleMs(), 2000));
      continue;
    }
    const left = idleMs() - (Date.now() - lastUsed());
    if (left > 0) {
      await sleep(Math.max(20, Math.min(left, 2000)));
      continue;
    }
    if (!idle()) continue;
    const removed = await request('DELETE', container + '?force=1&v=1').catch((error) => ({ status: 0, body: String(error && error.message) }));
    if (removed.status < 300 || removed.status === 404) {
      log({ event: 'removed', kind: 'container', id: config.id, reason: 'idle', idleMs: idleMs() });
      forget();
      return;
    }
    log({ event: 'busy', kind: 'container', id: config.id, status: removed.status, error: String(removed.body).trim() });
    await sleep(2000);
  }
}
run().then(() => process.exit(0), () => process.exit(1));
`;
