import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ComposeDependency, ComposeServiceNetwork, DependsOnCondition } from '../model.js';
import type { ServiceContext } from './context.js';
import { readEnvFile } from './env-file.js';
import { booleanField, hostFields, sizeField } from './host-fields.js';
import { listOrDict, scalarText, stringList } from './list-or-dict.js';
import { parseMounts, parseVolumesFrom } from './mounts.js';
import { parsePorts } from './ports.js';
import { isMapping, type RawMapping } from './read-yaml.js';
import type { BuildDraft, HealthcheckDraft, LinkDraft, ServiceDraft } from './service-draft.js';
import { splitShellWords } from './shell-words.js';
import { parseBoolean, parseDurationMs, parseInteger } from './units.js';

/*
 * One raw service of one file (interpolated and validated) into its
 * canonical {@link ServiceDraft}: short syntax expanded, list and map forms
 * made maps, relative paths resolved against the file's base folder.
 */

function commandField(value: unknown, ctx: ServiceContext, key: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const split = splitShellWords(value);
    if ('problem' in split) return ctx.fail(key, `can't split "${value}" into words: ${split.problem}`);
    return split.words;
  }
  return stringList(value, ctx, key);
}

function durationField(value: unknown, ctx: ServiceContext, key: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDurationMs(value as string | number);
  if (ms === undefined) ctx.fail(key, `"${String(value)}" is not a duration such as 10s, 1m30s or 500ms`);
  return ms;
}

function buildField(value: unknown, ctx: ServiceContext): BuildDraft | undefined {
  if (value === undefined) return undefined;
  const raw: RawMapping = typeof value === 'string' ? { context: value } : (value as RawMapping);
  const written = scalarText(raw.context);
  const context = written === undefined ? undefined : resolve(ctx.baseDirectory, written);
  let dockerfile = scalarText(raw.dockerfile);
  if (dockerfile !== undefined && isAbsolute(dockerfile))
    dockerfile = relative(context ?? ctx.baseDirectory, dockerfile);
  const inline = scalarText(raw.dockerfile_inline);
  const target = scalarText(raw.target);
  return {
    ...(context !== undefined && { context }),
    ...(dockerfile !== undefined && { dockerfile }),
    ...(inline !== undefined && { dockerfileInline: inline }),
    args: raw.args === undefined ? {} : listOrDict(raw.args, ctx, 'build.args', { lookup: ctx.lookup }),
    ...(target !== undefined && { target }),
    labels: raw.labels === undefined ? {} : listOrDict(raw.labels, ctx, 'build.labels'),
  };
}

function envFilesField(value: unknown, ctx: ServiceContext): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const out: Record<string, string> = {};
  list.forEach((entry, i) => {
    const spec: RawMapping = isMapping(entry) ? entry : { path: entry };
    const path = hostPathOf(scalarText(spec.path), ctx, Array.isArray(value) ? `env_file[${i}]` : 'env_file');
    const required = spec.required === undefined ? true : parseBoolean(spec.required);
    if (required === false && !existsSync(path)) return;
    Object.assign(
      out,
      readEnvFile(path, (name) => (Object.hasOwn(out, name) ? out[name] : ctx.lookup(name))),
    );
  });
  return out;
}

function hostPathOf(path: string | undefined, ctx: ServiceContext, key: string): string {
  if (!path) return ctx.fail(key, 'needs a file path');
  return resolve(ctx.baseDirectory, path);
}

const CONDITIONS: readonly DependsOnCondition[] = [
  'service_started',
  'service_healthy',
  'service_completed_successfully',
];

function dependsOnField(value: unknown, ctx: ServiceContext): Record<string, ComposeDependency> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, ComposeDependency> = {};
  if (Array.isArray(value)) {
    for (const name of stringList(value, ctx, 'depends_on'))
      out[name] = { condition: 'service_started', required: true };
    return out;
  }
  for (const [name, spec] of Object.entries(value as RawMapping)) {
    const entry = isMapping(spec) ? spec : {};
    const condition = (scalarText(entry.condition) ?? 'service_started') as DependsOnCondition;
    if (!CONDITIONS.includes(condition)) {
      ctx.fail(`depends_on.${name}.condition`, `"${condition}" is not one of ${CONDITIONS.join(', ')}`);
    }
    const required = entry.required === undefined ? true : parseBoolean(entry.required);
    if (required === undefined) ctx.fail(`depends_on.${name}.required`, 'must be true or false');
    out[name] = { condition, required };
  }
  return out;
}

function healthcheckField(value: unknown, ctx: ServiceContext): HealthcheckDraft | undefined {
  if (value === undefined) return undefined;
  const raw = value as RawMapping;
  let test: string[] | undefined;
  let disable = booleanField(raw, 'disable', ctx);
  if (typeof raw.test === 'string') test = ['CMD-SHELL', raw.test];
  else if (Array.isArray(raw.test)) {
    test = stringList(raw.test, ctx, 'healthcheck.test');
    const kind = test[0];
    if (kind === 'NONE') {
      disable = true;
      test = undefined;
    } else if (kind !== 'CMD' && kind !== 'CMD-SHELL') {
      ctx.fail('healthcheck.test', 'a list must start with "CMD", "CMD-SHELL" or "NONE"');
    } else if (test.length < 2) ctx.fail('healthcheck.test', `"${kind}" needs a command after it`);
  }
  const retries = raw.retries === undefined ? undefined : parseInteger(raw.retries);
  if (raw.retries !== undefined && (retries === undefined || retries < 0)) {
    ctx.fail('healthcheck.retries', 'must be a whole number');
  }
  const draft: Record<string, unknown> = {
    test,
    intervalMs: durationField(raw.interval, ctx, 'healthcheck.interval'),
    timeoutMs: durationField(raw.timeout, ctx, 'healthcheck.timeout'),
    retries,
    startPeriodMs: durationField(raw.start_period, ctx, 'healthcheck.start_period'),
    disable,
  };
  for (const k of Object.keys(draft)) if (draft[k] === undefined) delete draft[k];
  return draft as HealthcheckDraft;
}

function networksField(value: unknown, ctx: ServiceContext): Record<string, ComposeServiceNetwork> | undefined {
  if (value === undefined) return undefined;
  const out: Record<string, ComposeServiceNetwork> = {};
  if (Array.isArray(value)) {
    for (const name of stringList(value, ctx, 'networks')) out[name] = { aliases: [] };
    return out;
  }
  for (const [name, spec] of Object.entries(value as RawMapping)) {
    const entry = isMapping(spec) ? spec : {};
    const ipv4 = scalarText(entry.ipv4_address);
    out[name] = {
      aliases: entry.aliases === undefined ? [] : stringList(entry.aliases, ctx, `networks.${name}.aliases`),
      ...(ipv4 && { ipv4Address: ipv4 }),
    };
  }
  return out;
}

function linksField(value: unknown, ctx: ServiceContext): LinkDraft[] | undefined {
  if (value === undefined) return undefined;
  return stringList(value, ctx, 'links').map((text) => {
    const [service, alias] = text.split(':');
    return { service: service as string, ...(alias && alias !== service && { alias }) };
  });
}

const PULL: Readonly<Record<string, 'missing' | 'never' | 'always'>> = {
  always: 'always',
  never: 'never',
  missing: 'missing',
  if_not_present: 'missing',
};

function pullField(raw: RawMapping, ctx: ServiceContext): Pick<ServiceDraft, 'pull' | 'pullBuild'> {
  const policy = scalarText(raw.pull_policy);
  if (policy === undefined) return {};
  if (policy === 'build') return { pullBuild: true };
  const pull = PULL[policy];
  if (pull === undefined) {
    ctx.unsupported('pull_policy', `"${policy}"; seaworthy knows always, never, missing, if_not_present and build`);
  }
  return { pull };
}

function replicasField(raw: RawMapping, ctx: ServiceContext): number | undefined {
  const deploy = raw.deploy as RawMapping | undefined;
  const value = raw.scale ?? deploy?.replicas;
  if (value === undefined) return undefined;
  const n = parseInteger(value);
  if (n === undefined || n < 0)
    ctx.fail(raw.scale === undefined ? 'deploy.replicas' : 'scale', 'must be a whole number');
  return n;
}

function extendsField(value: unknown): ServiceDraft['extends'] {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { service: value };
  const raw = value as RawMapping;
  const file = scalarText(raw.file);
  return { service: String(raw.service), ...(file !== undefined && { file }) };
}

/** The canonical draft of one raw service. */
export function normalizeService(raw: RawMapping, ctx: ServiceContext): ServiceDraft {
  const deploy = raw.deploy as RawMapping | undefined;
  const limits = (deploy?.resources as RawMapping | undefined)?.limits as RawMapping | undefined;
  const draft: ServiceDraft = {
    image: scalarText(raw.image),
    build: buildField(raw.build, ctx),
    command: commandField(raw.command, ctx, 'command'),
    entrypoint: commandField(raw.entrypoint, ctx, 'entrypoint'),
    envFromFiles: envFilesField(raw.env_file, ctx),
    environment:
      raw.environment === undefined
        ? undefined
        : listOrDict(raw.environment, ctx, 'environment', { lookup: ctx.lookup }),
    ports: raw.ports === undefined ? undefined : parsePorts(raw.ports as unknown[], ctx, 'ports', true),
    expose: raw.expose === undefined ? undefined : parsePorts(raw.expose as unknown[], ctx, 'expose', false),
    mounts: raw.volumes === undefined ? undefined : parseMounts(raw.volumes as unknown[], ctx),
    volumesFrom: raw.volumes_from === undefined ? undefined : parseVolumesFrom(raw.volumes_from as unknown[], ctx),
    dependsOn: dependsOnField(raw.depends_on, ctx),
    links: linksField(raw.links, ctx),
    healthcheck: healthcheckField(raw.healthcheck, ctx),
    networks: networksField(raw.networks, ctx),
    networkMode: scalarText(raw.network_mode),
    hostname: scalarText(raw.hostname),
    labels: raw.labels === undefined ? undefined : listOrDict(raw.labels, ctx, 'labels'),
    user: scalarText(raw.user),
    workingDir: scalarText(raw.working_dir),
    containerName: scalarText(raw.container_name),
    replicas: replicasField(raw, ctx),
    profiles: raw.profiles === undefined ? undefined : stringList(raw.profiles, ctx, 'profiles'),
    host: hostFields(raw, ctx),
    memoryBytes:
      sizeField(raw.mem_limit, ctx, 'mem_limit') ?? sizeField(limits?.memory, ctx, 'deploy.resources.limits.memory'),
    tty: booleanField(raw, 'tty', ctx),
    stdinOpen: booleanField(raw, 'stdin_open', ctx),
    stopTimeoutMs: durationField(raw.stop_grace_period, ctx, 'stop_grace_period'),
    stopSignal: scalarText(raw.stop_signal),
    ...pullField(raw, ctx),
    restart: scalarText(raw.restart),
    extends: extendsField(raw.extends),
  };
  if (draft.host && Object.keys(draft.host).length === 0) delete draft.host;
  for (const k of Object.keys(draft) as (keyof ServiceDraft)[]) if (draft[k] === undefined) delete draft[k];
  return draft;
}
