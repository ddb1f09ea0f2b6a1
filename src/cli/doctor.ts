import { parseArgs } from 'node:util';
import { Engine } from '../engine/docker/engine.js';
import { resolveHostInternal } from '../engine/host/host-internal.js';
import { type HostDecision, type HostFacts, shortId } from '../engine/host/host-resolution.js';
import { describeRunnerMount } from '../engine/host/runner-mounts.js';
import { CliUsageError, errorMessage } from '../errors/index.js';
import type { CliIo, Command } from './command.js';
import { DOCTOR_IMAGE, reachabilityCheck } from './doctor-check.js';
import { doctorEvery } from './doctor-engines.js';
import { apiInUseText, labelledLines, versionText } from './doctor-lines.js';
import { checkEnginesFlag, enginesFlagHelp, listedEngines } from './engine-list-flag.js';

export { DOCTOR_IMAGE } from './doctor-check.js';

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
  /** A list of engines, as SEAWORTHY_ENGINES (which it replaces): each is looked at and checked. */
  readonly engines?: string;
}

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

const USAGE = `Usage: seaworthy doctor [--image <image>] [--engines <list>]

Prints which Docker engine seaworthy finds and what chose it (the engine.host
option, DOCKER_HOST, DOCKER_CONTEXT, the docker config's current context or the
default sockets), the API version in use, where this process runs relative
to it (on the engine's host, in a sibling container, in a container that runs
its own engine, ...), the facts that decision rests on and the overrides in
effect; then proves it: starts a throwaway container with a published port and
fetches a page from it the way tests reach containers. Exits 0 when that
worked, 1 otherwise. Nothing is left behind.

With a list of engines (--engines or SEAWORTHY_ENGINES): the lease directory
and, for every engine of the list, whether it answers, its version, how its
published ports are reached, how many workers hold it, and the check on it.
Exits 0 when every engine answered and passed.

Options:
  --image <image>  image of the check container; it needs busybox (sh, httpd)
                   (default: $SEAWORTHY_DOCTOR_IMAGE, else ${DOCTOR_IMAGE})
${enginesFlagHelp(19)}
  -h, --help       show this text

See docs/topologies.md for the decision table and the overrides.`;

/** Parse `seaworthy doctor` arguments; throws {@link CliUsageError}. */
export function parseDoctorArgs(args: readonly string[]): {
  image: string | undefined;
  engines: string | undefined;
  help: boolean;
} {
  let values: { image?: string; engines?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { image: { type: 'string' }, engines: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
    if (values.image !== undefined && !values.image.trim()) {
      throw new Error('--image needs an image reference, e.g. busybox:1.37');
    }
  } catch (error) {
    throw new CliUsageError(`doctor: ${errorMessage(error)}`, USAGE);
  }
  return {
    image: values.image,
    engines: checkEnginesFlag(values.engines, 'doctor', USAGE),
    help: values.help ?? false,
  };
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
  const line = labelledLines(out);

  out('overrides');
  for (const { name, effect } of OVERRIDES) {
    line(name, env[name] ? `${env[name]} (${effect})` : 'not set');
  }

  // With a list of engines: a section for each (doctor-engines.ts).
  let list: ReturnType<typeof listedEngines>;
  try {
    list = listedEngines(options.engines, env);
  } catch (error) {
    out('engines');
    for (const text of errorMessage(error).split('\n')) out(`  ${text}`);
    out('result: failed, the list of engines is not valid');
    return 1;
  }
  if (list) return doctorEvery(list, out, { ...options, env });

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
  line('version', versionText(v));
  line('API in use', apiInUseText(v));
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
      ...(options.engines !== undefined ? { engines: options.engines } : {}),
    });
  },
};
