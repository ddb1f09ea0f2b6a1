import { resolve } from 'node:path';
import { ComposeFileError, ComposeUnsupportedError } from '../../errors/compose.js';
import type { HealthcheckOptions } from '../../resources/definitions/container-options.js';
import type {
  ComposeDependency,
  ComposeNetwork,
  ComposeService,
  ComposeServiceNetwork,
  ComposeVolume,
} from '../model.js';
import type { ServiceDraft } from './service-draft.js';

/*
 * The last step: merged drafts into {@link ComposeService}s, with the
 * implied parts filled in (dependencies from `links`, `volumes_from` and
 * `network_mode: service:…`; the `default` network), and every reference
 * checked: services depended on, networks and named volumes declared.
 */

/** A merged draft and the last file that wrote the service (named in errors). */
export interface DraftOf {
  readonly draft: ServiceDraft;
  readonly file: string;
}

const STARTED: ComposeDependency = { condition: 'service_started', required: true };

function fail(file: string, service: string, key: string, problem: string): never {
  throw new ComposeFileError({ file, service, key: `services.${service}.${key}` }, problem);
}

/** Every service a draft needs, by name: `depends_on`, then `links`, `volumes_from`, `network_mode: service:`. */
export function dependenciesOf(draft: ServiceDraft): Record<string, ComposeDependency> {
  const deps: Record<string, ComposeDependency> = { ...draft.dependsOn };
  const add = (name: string) => {
    if (!deps[name]) deps[name] = STARTED;
  };
  for (const link of draft.links ?? []) add(link.service);
  for (const from of draft.volumesFrom ?? []) if ('service' in from.source) add(from.source.service);
  const mode = draft.networkMode;
  if (mode?.startsWith('service:')) add(mode.slice('service:'.length));
  return deps;
}

function healthcheckOf(draft: ServiceDraft, file: string, name: string): ComposeService['healthcheck'] {
  const h = draft.healthcheck;
  if (h === undefined) return undefined;
  if (h.disable) return 'disabled';
  if (h.test === undefined) {
    throw new ComposeUnsupportedError(
      { file, service: name, key: `services.${name}.healthcheck` },
      "a healthcheck with no test (tuning the image's own HEALTHCHECK); give the test too",
    );
  }
  const out: HealthcheckOptions = {
    test: h.test,
    ...(h.intervalMs !== undefined && { intervalMs: h.intervalMs }),
    ...(h.timeoutMs !== undefined && { timeoutMs: h.timeoutMs }),
    ...(h.retries !== undefined && { retries: h.retries }),
    ...(h.startPeriodMs !== undefined && { startPeriodMs: h.startPeriodMs }),
  };
  return out;
}

/** One merged draft as a ComposeService (references are checked by {@link checkReferences}). */
export function finalizeService(name: string, of: DraftOf, projectDirectory: string): ComposeService {
  const { draft, file } = of;
  if (draft.image === undefined && draft.build === undefined) {
    fail(file, name, '', 'a service needs an `image:` or a `build:`');
  }
  if (draft.pullBuild && draft.build === undefined) {
    fail(file, name, 'pull_policy', '`pull_policy: build` needs a `build:` section');
  }
  const networks: Record<string, ComposeServiceNetwork> =
    draft.networks && Object.keys(draft.networks).length > 0
      ? { ...draft.networks }
      : draft.networkMode === undefined
        ? { default: { aliases: [] } }
        : {};
  if (draft.networkMode !== undefined && draft.networks && Object.keys(draft.networks).length > 0) {
    fail(file, name, 'network_mode', '`network_mode` and `networks` can not both be set');
  }
  const healthcheck = healthcheckOf(draft, file, name);
  const build = draft.build && { ...draft.build, context: draft.build.context ?? resolve(projectDirectory) };
  const service: ComposeService = {
    name,
    ...(draft.image !== undefined && { image: draft.image }),
    ...(build && { build }),
    ...(draft.command && { command: draft.command }),
    ...(draft.entrypoint && { entrypoint: draft.entrypoint }),
    environment: { ...draft.envFromFiles, ...draft.environment },
    ports: draft.ports ?? [],
    expose: draft.expose ?? [],
    mounts: draft.mounts ?? [],
    volumesFrom: draft.volumesFrom ?? [],
    dependsOn: dependenciesOf(draft),
    ...(healthcheck !== undefined && { healthcheck }),
    networks,
    ...(draft.networkMode !== undefined && { networkMode: draft.networkMode }),
    ...(draft.hostname !== undefined && { hostname: draft.hostname }),
    labels: draft.labels ?? {},
    ...(draft.user !== undefined && { user: draft.user }),
    ...(draft.workingDir !== undefined && { workingDir: draft.workingDir }),
    ...(draft.containerName !== undefined && { containerName: draft.containerName }),
    replicas: draft.replicas ?? 1,
    profiles: draft.profiles ?? [],
    host: draft.host ?? {},
    ...(draft.memoryBytes !== undefined && { memoryBytes: draft.memoryBytes }),
    ...(draft.tty !== undefined && { tty: draft.tty }),
    ...(draft.stdinOpen !== undefined && { stdinOpen: draft.stdinOpen }),
    ...(draft.stopTimeoutMs !== undefined && { stopTimeoutMs: draft.stopTimeoutMs }),
    ...(draft.stopSignal !== undefined && { stopSignal: draft.stopSignal }),
    ...(draft.pull !== undefined && { pull: draft.pull }),
    ...(draft.restart !== undefined && { restart: draft.restart }),
  };
  return service;
}

/**
 * `links: [db:database]`: `database` becomes an alias of `db` on the
 * networks the two share. Returns the services with those aliases added.
 */
export function applyLinkAliases(
  services: Record<string, ComposeService>,
  drafts: Readonly<Record<string, DraftOf>>,
): Record<string, ComposeService> {
  const out = { ...services };
  for (const [name, { draft }] of Object.entries(drafts)) {
    for (const link of draft.links ?? []) {
      const target = out[link.service];
      const linker = out[name];
      if (!link.alias || !target || !linker) continue;
      const networks = { ...target.networks };
      for (const [net, entry] of Object.entries(networks)) {
        if (linker.networks[net] && !entry.aliases.includes(link.alias)) {
          networks[net] = { ...entry, aliases: [...entry.aliases, link.alias] };
        }
      }
      out[link.service] = { ...target, networks };
    }
  }
  return out;
}

/** Every service, network and named volume a service names must exist. */
export function checkReferences(
  services: Readonly<Record<string, ComposeService>>,
  drafts: Readonly<Record<string, DraftOf>>,
  networks: Readonly<Record<string, ComposeNetwork>>,
  volumes: Readonly<Record<string, ComposeVolume>>,
): void {
  const known = Object.keys(drafts);
  for (const [name, service] of Object.entries(services)) {
    const file = drafts[name]?.file ?? '';
    for (const [dep, spec] of Object.entries(service.dependsOn)) {
      if (!drafts[dep] && spec.required) {
        fail(file, name, `depends_on.${dep}`, `no service "${dep}" in the files (services: ${known.join(', ')})`);
      }
      if (dep === name) fail(file, name, `depends_on.${dep}`, 'a service can not depend on itself');
    }
    for (const net of Object.keys(service.networks)) {
      if (net !== 'default' && !networks[net]) {
        fail(file, name, `networks.${net}`, `network "${net}" is not declared under the top-level \`networks:\``);
      }
    }
    service.mounts.forEach((mount, i) => {
      if (mount.type === 'volume' && mount.source !== undefined && !volumes[mount.source]) {
        fail(file, name, `volumes[${i}]`, `volume "${mount.source}" is not declared under the top-level \`volumes:\``);
      }
    });
  }
}
