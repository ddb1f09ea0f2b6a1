import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Container, ContainerDefinition, type DockerHelper, waitFor } from '../../src/index.js';
import { LABELS } from '../../src/tools.js';
import { fixtureImage } from '../support/helper.js';

/** Load files, each run by its own worker at the same time (vitest.config.ts gives the project as many). */
export const LOAD_FILES = 4;

/** HTTP containers each load file starts, plus a client: 4 × 13 = 52 containers at once. */
export const PER_FILE = 12;

/** What one file started, as the load project's global teardown reads it back. */
export interface CrowdRecord {
  readonly pid: number;
  readonly namespace: string;
  readonly containers: readonly { readonly name: string; readonly hostPort: number; readonly address: string }[];
}

/**
 * Start PER_FILE HTTP containers at once in one helper, plus a client on the
 * same network. Every file uses the same definition names (`web-1` …): only
 * the namespace keeps them apart. Each server's page names its container, so
 * a host port or alias that led to the wrong container would show.
 */
export async function startCrowd(helper: DockerHelper): Promise<{ webs: Container[]; client: Container }> {
  const webs = Array.from(
    { length: PER_FILE },
    (_, i) =>
      new ContainerDefinition(`web-${i + 1}`, {
        image: fixtureImage('httpd'),
        ports: [8080],
        command: ['sh', '-c', 'echo "$(hostname)" > /www/who && exec /usr/local/bin/start.sh'],
        wait: waitFor.http({ port: 8080, path: '/who' }),
      }),
  );
  const client = new ContainerDefinition('client', {
    image: fixtureImage('httpd'),
    command: ['sleep', 'infinity'],
  });
  const [clientContainer, ...webContainers] = await Promise.all([client, ...webs].map((d) => d.setup(helper)));
  return { webs: webContainers, client: clientContainer as Container };
}

/** The first 12 hex digits of the id: what a container's hostname is by default. */
export const shortId = (container: Container) => container.id.slice(0, 12);

/**
 * Everything the whole run has up right now, across every worker: no two
 * containers share a name or a published host port. Returns how many it saw.
 */
export async function expectNoCollisionsNow(helper: DockerHelper, session: string): Promise<number> {
  const ids = (await helper.engine.listByLabel(`${LABELS.session}=${session}`)).containers;
  const infos = await Promise.all(ids.map((id) => helper.engine.inspectContainer(id).catch(() => undefined)));
  const names: string[] = [];
  const ports: string[] = [];
  for (const info of infos) {
    if (!info) continue; // removed meanwhile by a file that finished
    names.push(info.Name);
    for (const bindings of Object.values(info.NetworkSettings?.Ports ?? {})) {
      for (const b of bindings ?? []) ports.push(`${b.HostIp}:${b.HostPort}`);
    }
  }
  expect(duplicates(names)).toEqual([]);
  expect(duplicates(ports)).toEqual([]);
  return names.length;
}

/** Append this file's record for the load project's global teardown: one JSON file per helper. */
export async function record(dir: string, entry: CrowdRecord): Promise<void> {
  await appendFile(join(dir, `record-${entry.namespace}.json`), JSON.stringify(entry));
}

export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}
