import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MAX_API_VERSION, MIN_API_VERSION } from '../engine/api-version.js';
import { Engine } from '../engine/docker/engine.js';
import { resolveHostInternal } from '../engine/host/host-internal.js';
import { type HostDecision, type HostFacts, shortId } from '../engine/host/host-resolution.js';
import { describeRunnerMount } from '../engine/host/runner-mounts.js';
import { CliUsageError, errorMessage, ImageNotFoundError, ImagePullError } from '../errors/index.js';
import { httpClient } from '../http/http-client.js';
import { ContainerDefinition } from '../resources/definitions/container-definition.js';
import { DockerHelper } from '../resources/helper/helper.js';
import { http } from '../waits/http.js';
import type { CliIo, Command } from './command.js';

/** Options of {@link doctor}; the command line sets `image` with `--image`. */
export interface DoctorOptions {
  /** Environment to read DOCKER_HOST, SEAWORTHY_HOST & co. from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Image of the throwaway container the reachability check starts. It must
   * have `busybox` on its PATH (its `sh` and `httpd` are used).
   * @default $SEAWORTHY_DOCTOR_IMAGE, or `busybox:1.37`
   */
  readonly image?: string;
}

/** The check image when neither `--image` nor SEAWORTHY_DOCTOR_IMAGE names one. */
export const DOCTOR_IMAGE = 'busybox:1.37';
const CHECK_PORT = 8080;
/** A body only the check's container serves, so an answer from anything else does not count. */
const CHECK_BODY = 'seaworthy-doctor';
/** Labels line up after the longest one, BITBUCKET_DOCKER_HOST_INTERNAL. */
const LABEL_WIDTH = 33;
/** How long the check container may take to serve its page. */
const CHECK_TIMEOUT_MS = 30_000;

/** Where an engine is looked for, first match wins (docs/engine.md#where-it-looks). */
const LOOKUP_ORDER =
  'looked up in order: engine.host option, DOCKER_HOST, DOCKER_CONTEXT, currentContext in $DOCKER_CONFIG/config.json, ' +
  'the default sockets';

/** The variables that steer the engine connection and host resolution (docs/topologies.md). */
export const OVERRIDES: readonly { readonly name: string; readonly effect: string }[] = [
  { name: 'SEAWORTHY_HOST', effect: 'published ports are reached at this address; detection is skipped' },
  { name: 'SEAWORTHY_RUNNER_CONTAINER', effect: 'the container this process runs in, looked up instead of guessed' },
  {
    name: 'DOCKER_HOST',
    effect: "the engine's address; a tcp:// or ssh:// host elsewhere is where published ports live",
  },
  { name: 'DOCKER_CONTEXT', effect: 'the Docker context whose engine is used, unless DOCKER_HOST is set' },
  { name: 'DOCKER_CONFIG', effect: "the docker CLI's directory: config.json (currentContext) and the contexts store" },
  { name: 'DOCKER_TLS_VERIFY', effect: 'TLS for a tcp:// engine, with the files in DOCKER_CERT_PATH' },
  {
    name: 'BITBUCKET_DOCKER_HOST_INTERNAL',
    effect: "set by Bitbucket Pipelines: its docker service shares this step's network",
  },
  { name: 'SEAWORTHY_PULL', effect: 'pull policy of the check container: missing, never or always' },
  { name: 'SEAWORTHY_SIBLING_BINDS', effect: "off: bind sources are not rewritten from a sibling runner's mounts" },
];

const USAGE = `Usage: seaworthy doctor [--image <image>]

Prints which Docker engine seaworthy finds and what chose it (the engine.host
option, DOCKER_HOST, DOCKER_CONTEXT, the docker config's current context or the
default sockets), the API version in use, where this process runs relative
to it (on the engine's host, in a sibling container, in a container that runs
its own engine, ...), the facts that decision rests on and the overrides in
effect; then proves it: starts a throwaway container with a published port and
fetches a page from it the way tests reach containers. Exits 0 when that
worked, 1 otherwise. Nothing is left behind.

Options:
  --image <image>  image of the check container; it needs busybox (sh, httpd)
                   (default: $SEAWORTHY_DOCTOR_IMAGE, else ${DOCTOR_IMAGE})
  -h, --help       show this text

See docs/topologies.md for the decision table and the overrides.`;

/** Parse `seaworthy doctor` arguments; throws {@link CliUsageError}. */
export function parseDoctorArgs(args: readonly string[]): { image: string | undefined; help: boolean } {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { image: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.image !== undefined && !values.image.trim()) {
      throw new Error('--image needs an image reference, e.g. busybox:1.37');
    }
    return { image: values.image, help: values.help ?? false };
  } catch (error) {
    throw new CliUsageError(`doctor: ${errorMessage(error)}`, USAGE);
  }
}

/**
 * `seaworthy doctor`: print what seaworthy detects about the engine and
 * where this process runs relative to it, and why; then prove it with a
 * throwaway container whose published port is fetched through the address
 * tests would use. Resolves to the exit code: 0 when the check passed, 1
 * otherwise. Never throws.
 */
export async function doctor(out: (line: string) => void, options: DoctorOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const line = (label: string, text: string) => out(`  ${`${label}:`.padEnd(LABEL_WIDTH)}${text}`);

  out('overrides');
  for (const { name, effect } of OVERRIDES) {
    line(name, env[name] ? `${env[name]} (${effect})` : 'not set');
  }

  let engine: Engine;
  try {
    engine = await Engine.connect({ env });
  } catch (error) {
    out('engine');
    for (const text of errorMessage(error).split('\n')) out(`  ${text}`);
    out('result: failed, no engine answered');
    return 1;
  }

  const v = engine.version;
  out('engine');
  line('address', `${engine.address} (from ${engine.endpoint.source})`);
  line('chosen by', `${engine.endpoint.source}; ${LOOKUP_ORDER}`);
  line(
    'version',
    `${v.product === 'podman' ? 'Podman' : 'Docker'} ${v.version}, API ${v.apiVersion} (min ${v.minApiVersion}), ${v.os}/${v.arch}`,
  );
  line(
    'API in use',
    `${v.negotiatedApiVersion}, sent with every request (the engine speaks up to ${v.apiVersion}; ` +
      `seaworthy speaks ${MIN_API_VERSION} to ${MAX_API_VERSION})`,
  );
  const { facts, decision } = engine.hostResolution;
  printFacts(facts, line, out);
  printDecision(decision, line, out);
  printHostInternal(facts, decision, line);
  // Bind mounts from a sibling runner (issue 15): where bind sources are rewritten from.
  const mounts = await engine.runnerMounts().catch((error: unknown) => `not read: ${errorMessage(error)}`);
  if (mounts !== undefined) {
    line(
      'bind sources',
      typeof mounts === 'string'
        ? mounts
        : `rewritten to the host's path through this container's mounts: ${mounts.map(describeRunnerMount).join('; ') || 'none'}`,
    );
  }

  out('check');
  const passed = await reachabilityCheck(engine, env, options, line);
  out(passed ? 'result: ok' : 'result: failed, see the check above');
  return passed ? 0 : 1;
}

function printFacts(facts: HostFacts, line: (label: string, text: string) => void, out: (text: string) => void): void {
  out('facts');
  line('in a container', `${facts.inContainer ? 'yes' : 'no'} (${facts.containerEvidence})`);
  line('host name', facts.hostname);
  if (facts.ownContainer) {
    const own = facts.ownContainer;
    line(
      'own container',
      `${shortId(own.id)} (${own.name}), known to this engine, found by ${own.foundBy}; ` +
        `network mode ${own.networkMode}, on ${own.networks.join(', ') || 'no network'}`,
    );
  } else if (facts.ownContainerLookup) {
    line('own container', `not known to this engine: ${facts.ownContainerLookup}`);
  }
  if (facts.engineHostname !== undefined) line('engine host name', facts.engineHostname || '(none given)');
  if (facts.hostDockerInternal !== undefined) line('host.docker.internal', `resolves to ${facts.hostDockerInternal}`);
  else if (facts.hostDockerInternalLookedUp) line('host.docker.internal', 'does not resolve');
}

/** The host's internal address: the one chosen and why, or what it would be where the topology has none. */
function printHostInternal(
  facts: HostFacts,
  decision: HostDecision,
  line: (label: string, text: string) => void,
): void {
  const chosen = decision.hostInternal;
  const internal = chosen ?? resolveHostInternal(facts);
  const extra = Object.entries(internal.extraHosts).map(([name, address]) => `${name}:${address}`);
  const how = `from ${internal.source}${extra.length ? `; containers need the extra host ${extra.join(', ')}` : ''}`;
  line(
    'host internal address',
    chosen
      ? `${internal.address} (${how}), advertised on Kafka's host listener`
      : `not used in the ${decision.topology} topology; it would be ${internal.address} (${how})`,
  );
  line('  because', internal.reason);
}

function printDecision(
  decision: HostDecision,
  line: (label: string, text: string) => void,
  out: (text: string) => void,
): void {
  out('decision');
  line('topology', decision.topology);
  line(
    'reach',
    decision.reach === 'container-network'
      ? `each container at its address on its helper's networks, on the container port; this process's ` +
          `container ${shortId(decision.runnerContainerId ?? '')} joins each network seaworthy creates and leaves ` +
          'it before it is removed'
      : `published ports at ${decision.address}`,
  );
  line('ports published on', `${decision.publishHostIp} on the engine's host`);
  line('why', decision.reason);
}

async function reachabilityCheck(
  engine: Engine,
  env: NodeJS.ProcessEnv,
  options: DoctorOptions,
  line: (label: string, text: string) => void,
): Promise<boolean> {
  const image = options.image ?? env.SEAWORTHY_DOCTOR_IMAGE ?? DOCTOR_IMAGE;
  const started = performance.now();
  let helper: DockerHelper | undefined;
  try {
    helper = await DockerHelper.create({ engine, env, namespace: `sw-doctor-${randomBytes(3).toString('hex')}` });
    const check = new ContainerDefinition('check', {
      image,
      command: [
        'busybox',
        'sh',
        '-c',
        `mkdir -p /tmp/doctor && echo ${CHECK_BODY} > /tmp/doctor/index.html && ` +
          `exec busybox httpd -f -p ${CHECK_PORT} -h /tmp/doctor`,
      ],
      ports: [CHECK_PORT],
      wait: http({ port: CHECK_PORT, path: '/index.html', timeoutMs: CHECK_TIMEOUT_MS }),
    });
    const container = await check.setup(helper);
    const url = `${container.baseUrl(CHECK_PORT)}/index.html`;
    const response = await httpClient(container, CHECK_PORT).get('/index.html');
    const ms = Math.round(performance.now() - started);
    if (response.status !== 200 || response.text.trim() !== CHECK_BODY) {
      line(
        'fetched',
        `${url} answered HTTP ${response.status} ${JSON.stringify(response.text.slice(0, 60))}, not the check page`,
      );
      return false;
    }
    line('container', `${image}, port ${CHECK_PORT} published`);
    line('fetched', `${url}: the check page, in ${ms} ms (start included)`);
    return await internalCheck(engine, container.hostPort(CHECK_PORT), line);
  } catch (error) {
    line('container', image);
    if (error instanceof ImageNotFoundError || error instanceof ImagePullError) {
      line(
        'failed',
        `the check image is not available: ${firstLine(error)}. Pass --image (or set ` +
          'SEAWORTHY_DOCTOR_IMAGE) to an image with busybox that this engine has',
      );
    } else {
      line('failed', `the check container could not be reached: ${firstLine(error)}`);
    }
    return false;
  } finally {
    await helper?.teardown().catch((error: unknown) => line('cleanup', `teardown failed: ${firstLine(error)}`));
  }
}

/**
 * Where the topology has a host internal address, fetch the check page
 * through it too, as a client that was given Kafka's advertised address would.
 */
async function internalCheck(
  engine: Engine,
  hostPort: number,
  line: (label: string, text: string) => void,
): Promise<boolean> {
  const internal = engine.hostResolution.decision.hostInternal;
  if (!internal || engine.reachesContainerPorts) return true;
  const url = `http://${internal.address.includes(':') ? `[${internal.address}]` : internal.address}:${hostPort}/index.html`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status === 200 && text.trim() === CHECK_BODY) {
      line('fetched (internal)', `${url}: the check page`);
      return true;
    }
    line('fetched (internal)', `${url} answered HTTP ${response.status}, not the check page`);
  } catch (error) {
    line('fetched (internal)', `${url} failed: ${firstLine(error)}`);
  }
  return false;
}

/** The first line of an error's message, without its closing full stop (the caller's sentence goes on). */
function firstLine(error: unknown): string {
  return (errorMessage(error).split('\n')[0] ?? '').replace(/\.$/, '');
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'show where tests run relative to the engine, how containers are reached, and check it',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseDoctorArgs(args);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    return doctor((text) => io.out(text), {
      env: io.env,
      ...(options.image !== undefined ? { image: options.image } : {}),
    });
  },
};
