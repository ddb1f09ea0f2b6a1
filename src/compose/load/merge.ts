import type { HostOptions } from '../../resources/definitions/host-options.js';
import type { ComposeServiceNetwork } from '../model.js';
import { mountKey } from './mounts.js';
import { portKey } from './ports.js';
import type { ServiceDraft } from './service-draft.js';

/*
 * Merging two drafts of one service by the Compose Specification's rules
 * (files given later, or the extending service over its `extends` base):
 * scalars are replaced; mappings (`environment`, `labels`, `extra_hosts`,
 * `sysctls`, `ulimits`, build `args`, `depends_on`, `networks`) merge by key;
 * `command`, `entrypoint` and `healthcheck.test` are replaced; `ports` and
 * `expose` are appended with duplicates (same host IP, port, published port
 * and protocol) removed; mounts merge by target path; other lists are
 * appended without repeats.
 */

function byKey<T>(
  base: readonly T[] | undefined,
  over: readonly T[] | undefined,
  key: (t: T) => string,
): T[] | undefined {
  if (base === undefined) return over === undefined ? undefined : [...over];
  if (over === undefined) return [...base];
  // A replaced entry keeps its first position (Map.set on a present key does).
  const out = new Map<string, T>();
  for (const item of [...base, ...over]) out.set(key(item), item);
  return [...out.values()];
}

function appended<T>(base: readonly T[] | undefined, over: readonly T[] | undefined): T[] | undefined {
  return byKey(base, over, (t) => JSON.stringify(t));
}

function mapMerge<V>(
  base: Readonly<Record<string, V>> | undefined,
  over: Readonly<Record<string, V>> | undefined,
): Record<string, V> | undefined {
  if (base === undefined && over === undefined) return undefined;
  return { ...base, ...over };
}

function networksMerge(
  base: Readonly<Record<string, ComposeServiceNetwork>> | undefined,
  over: Readonly<Record<string, ComposeServiceNetwork>> | undefined,
): Record<string, ComposeServiceNetwork> | undefined {
  const out = mapMerge(base, over);
  if (out === undefined || base === undefined || over === undefined) return out;
  for (const [name, entry] of Object.entries(over)) {
    const before = base[name];
    if (!before) continue;
    const ipv4Address = entry.ipv4Address ?? before.ipv4Address;
    out[name] = { aliases: appended(before.aliases, entry.aliases) ?? [], ...(ipv4Address && { ipv4Address }) };
  }
  return out;
}

function hostMerge(base: HostOptions | undefined, over: HostOptions | undefined): HostOptions | undefined {
  if (base === undefined || over === undefined) return over ?? base;
  const merged: Record<string, unknown> = { ...base, ...over };
  merged.capAdd = appended(base.capAdd, over.capAdd);
  merged.capDrop = appended(base.capDrop, over.capDrop);
  merged.securityOpts = appended(base.securityOpts, over.securityOpts);
  merged.extraHosts = mapMerge(base.extraHosts, over.extraHosts);
  merged.sysctls = mapMerge(base.sysctls, over.sysctls);
  merged.tmpfs = mapMerge(base.tmpfs, over.tmpfs);
  if (!Array.isArray(base.ulimits) && !Array.isArray(over.ulimits)) {
    merged.ulimits = mapMerge(
      base.ulimits as Record<string, unknown> | undefined,
      over.ulimits as Record<string, unknown> | undefined,
    );
  }
  const a = base.logDriver;
  const b = over.logDriver;
  if (a && b && a.type === b.type) {
    const options = mapMerge(a.options, b.options);
    merged.logDriver = { type: b.type, ...(options && { options }) };
  }
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged as HostOptions;
}

/** `over` merged onto `base` (neither is changed). */
export function mergeDrafts(base: ServiceDraft, over: ServiceDraft): ServiceDraft {
  const merged: ServiceDraft = { ...base, ...over };
  const set = <K extends keyof ServiceDraft>(key: K, value: ServiceDraft[K] | undefined) => {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  };
  if (base.build && over.build) {
    set('build', {
      ...base.build,
      ...over.build,
      args: { ...base.build.args, ...over.build.args },
      labels: { ...base.build.labels, ...over.build.labels },
    });
  }
  set('envFromFiles', mapMerge(base.envFromFiles, over.envFromFiles));
  set('environment', mapMerge(base.environment, over.environment));
  set('labels', mapMerge(base.labels, over.labels));
  set('ports', byKey(base.ports, over.ports, portKey));
  set('expose', byKey(base.expose, over.expose, portKey));
  set('mounts', byKey(base.mounts, over.mounts, mountKey));
  set('volumesFrom', appended(base.volumesFrom, over.volumesFrom));
  set('dependsOn', mapMerge(base.dependsOn, over.dependsOn));
  set('links', appended(base.links, over.links));
  set('profiles', appended(base.profiles, over.profiles));
  set('networks', networksMerge(base.networks, over.networks));
  set('host', hostMerge(base.host, over.host));
  if (base.healthcheck && over.healthcheck) set('healthcheck', { ...base.healthcheck, ...over.healthcheck });
  return merged;
}
