import { type Document, isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { ComposeUnsupportedError } from '../../errors/compose.js';
import type { ServiceDraft } from './service-draft.js';

/*
 * The merge section's YAML tags: `!reset` removes what earlier files (or an
 * `extends` base) set for a service key, `!override` replaces it whole
 * instead of merging (`ports: !override ["8080"]`). Both are read on a
 * service's own keys; elsewhere they fail as unsupported. Tagged keys are
 * taken out of the YAML before it becomes data (`!reset`) or untagged
 * (`!override`), and listed per service.
 */

export type MergeTag = 'reset' | 'override';

/** Per service name, its keys tagged `!reset` or `!override`. */
export type TaggedKeys = Record<string, string[]>;

/** Find, record and strip `!reset` / `!override` tags in a parsed document (changed in place). */
export function takeMergeTags(doc: Document, file: string): TaggedKeys {
  const tagged: TaggedKeys = {};
  const walk = (node: unknown, path: string[]): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        walk(item, [...path, String(i)]);
      });
    }
    if (!isMap(node)) return;
    for (const pair of [...(node as YAMLMap).items]) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value as Node | null;
      const tag = value?.tag === '!reset' ? 'reset' : value?.tag === '!override' ? 'override' : undefined;
      if (tag && value) {
        if (path.length !== 2 || path[0] !== 'services') {
          throw new ComposeUnsupportedError(
            { file, key: [...path, key].join('.'), ...(path[0] === 'services' && path[1] && { service: path[1] }) },
            `\`!${tag}\` on anything but a service's own key`,
          );
        }
        const service = path[1] as string;
        tagged[service] = [...(tagged[service] ?? []), key];
        if (tag === 'reset') {
          (node as YAMLMap).delete(pair.key);
          continue;
        }
        value.tag = undefined;
      }
      walk(value, [...path, key]);
    }
  };
  walk(doc.contents, []);
  return tagged;
}

/** The draft fields each service key sets (`host.*` for host options). */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  env_file: ['envFromFiles'],
  volumes: ['mounts'],
  volumes_from: ['volumesFrom'],
  depends_on: ['dependsOn'],
  network_mode: ['networkMode'],
  working_dir: ['workingDir'],
  container_name: ['containerName'],
  scale: ['replicas'],
  deploy: ['replicas', 'memoryBytes', 'host.cpus'],
  mem_limit: ['memoryBytes'],
  stdin_open: ['stdinOpen'],
  stop_grace_period: ['stopTimeoutMs'],
  stop_signal: ['stopSignal'],
  pull_policy: ['pull', 'pullBuild'],
  cap_add: ['host.capAdd'],
  cap_drop: ['host.capDrop'],
  privileged: ['host.privileged'],
  ulimits: ['host.ulimits'],
  extra_hosts: ['host.extraHosts'],
  shm_size: ['host.shmSizeBytes'],
  cpus: ['host.cpus'],
  cpu_shares: ['host.cpuShares'],
  cpuset: ['host.cpusetCpus'],
  mem_reservation: ['host.memoryReservationBytes'],
  memswap_limit: ['host.memorySwapBytes'],
  init: ['host.init'],
  read_only: ['host.readOnlyRootFilesystem'],
  sysctls: ['host.sysctls'],
  tmpfs: ['host.tmpfs'],
  platform: ['host.platform'],
  logging: ['host.logDriver'],
  security_opt: ['host.securityOpts'],
};

/** `base` without what the service keys in `keys` set, so a `!reset` or `!override` of them starts afresh. */
export function clearFields(base: ServiceDraft, keys: readonly string[] | undefined): ServiceDraft {
  if (!keys?.length) return base;
  const out: Record<string, unknown> = { ...base };
  const host: Record<string, unknown> = { ...base.host };
  for (const key of keys) {
    for (const field of FIELDS[key] ?? [key]) {
      if (field.startsWith('host.')) delete host[field.slice(5)];
      else delete out[field];
    }
  }
  if (base.host) out.host = host;
  return out as ServiceDraft;
}
