import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ARTIFACTS_DIR } from '../compose/run/artifacts.js';
import { composeFiles } from '../compose/run/compose-files.js';
import { RUN_EXIT } from '../compose/run/exit-codes.js';
import { DEFAULT_LOG_LINES, LOGS_WHEN, type LogsWhen } from '../compose/run/failure-logs.js';
import { loadRunProject } from '../compose/run/load-run-project.js';
import { projectNameProblem } from '../compose/run/project-name.js';
import { runCompose } from '../compose/run/run-compose.js';
import type { RunOptions } from '../compose/run/run-options.js';
import { CliUsageError } from '../errors/index.js';
import { DockerHelper } from '../resources/helper/helper.js';
import type { CliIo, Command } from './command.js';

const USAGE = `Usage: seaworthy run [-f compose.yml]... [options] [--service <name> | -- <command> [args...]]

Runs a test against a compose stack, with no compose CLI: loads the files,
builds what they build, starts what the test needs (healthchecks and
depends_on conditions honoured), runs the test service (or a command on this
machine, with the stack's addresses in its environment), copies artifacts
out, prints logs on failure, and always tears down. Without --service or a
command, the service named 'tests' (or 'test') is the test. See docs/run.md.

Options:
  -f, --file <file>           a compose file; repeat to merge several (default:
                              compose.yaml, compose.yml, docker-compose.yaml or
                              docker-compose.yml here, with its override file)
  -p, --project-name <name>   the run's project name (default: from the CI job
                              id or commit, plus a random suffix)
      --build                 build every build: image again, ignoring the cache
  -s, --service <name>        the test service: starts what it depends on, then
                              runs it and exits with its exit code
      --artifacts <path>      copy this path out of the test service after it exits
      --artifacts-dir <dir>   where artifacts go (default ./artifacts)
      --logs <when>           services' logs: on-failure (default), always, never
      --log-lines <n>         lines of each service's log to print (default 100)
      --timeout <duration>    limit for the whole run: 90, 90s, 15m, 1h
      --startup-timeout <d>   limit for each service to become ready (default 30s)
      --host-ports <how>      fixed host ports ("8080:80"): as-written (default),
                              or any-free (a free port instead; parallel jobs)
      --profile <name>        enable a profile; repeatable
      --env-file <file>       read variables from this file instead of .env; repeatable
  -h, --help                  show this text

Exit codes: the test's own code; 124 --timeout passed; 130 SIGINT; 143
SIGTERM; 125 seaworthy failed (bad arguments or file, a stack that did not
start); 126/127 the host command could not be run / was not found.`;

/** `seaworthy run`'s arguments: the run's options, or help. */
export type RunArgs = { readonly help: true } | { readonly help: false; readonly options: RunOptions };

/** Parse `seaworthy run` arguments, reading default files in `cwd`; throws {@link CliUsageError}. */
export function parseRunArgs(args: readonly string[], cwd: string, exists?: (path: string) => boolean): RunArgs {
  const split = args.indexOf('--');
  const own = split === -1 ? [...args] : args.slice(0, split);
  const command = split === -1 ? undefined : args.slice(split + 1);
  const usage = (problem: string) => new CliUsageError(`run: ${problem}`, USAGE);
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(own));
  } catch (error) {
    throw usage((error as Error).message);
  }
  if (values.help) return { help: true };
  if (command !== undefined && command.length === 0) throw usage('give a command after --.');
  if (command !== undefined && values.service !== undefined)
    throw usage('give --service or a command after --, not both.');
  if (command !== undefined && values.artifacts !== undefined) {
    throw usage(
      '--artifacts copies from the test service: it needs --service (or a tests service), not a host command.',
    );
  }
  const files = composeFiles(values.file ?? [], cwd, exists);
  if (!files)
    throw usage(
      `no compose file given (-f) and none found in ${cwd} (compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml).`,
    );
  if (values['project-name'] !== undefined) {
    const problem = projectNameProblem(values['project-name']);
    if (problem) throw usage(`--project-name ${problem}.`);
  }
  const logs = values.logs ?? 'on-failure';
  if (!LOGS_WHEN.includes(logs as LogsWhen))
    throw usage(`--logs ${JSON.stringify(logs)} must be on-failure, always or never.`);
  const logLines = values['log-lines'] === undefined ? DEFAULT_LOG_LINES : Number(values['log-lines']);
  if (!/^\d+$/.test(values['log-lines'] ?? '0'))
    throw usage(`--log-lines ${JSON.stringify(values['log-lines'])} must be a whole number.`);
  const hostPorts = values['host-ports'] ?? 'as-written';
  if (hostPorts !== 'as-written' && hostPorts !== 'any-free') {
    throw usage(`--host-ports ${JSON.stringify(hostPorts)} must be as-written or any-free.`);
  }
  const timeoutMs = durationMs(values.timeout, '--timeout', usage);
  const startupTimeoutMs = durationMs(values['startup-timeout'], '--startup-timeout', usage);
  return {
    help: false,
    options: {
      files,
      ...(values['project-name'] !== undefined ? { projectName: values['project-name'] } : {}),
      build: values.build ?? false,
      ...(values.service !== undefined ? { service: values.service } : {}),
      ...(command !== undefined ? { command } : {}),
      ...(values.artifacts !== undefined ? { artifacts: values.artifacts } : {}),
      artifactsDir: values['artifacts-dir'] ?? DEFAULT_ARTIFACTS_DIR,
      logs: logs as LogsWhen,
      logLines,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(startupTimeoutMs !== undefined ? { startupTimeoutMs } : {}),
      profiles: values.profile ?? [],
      envFiles: (values['env-file'] ?? []).map((file) => resolve(cwd, file)),
      hostPorts,
    },
  };
}

const UNITS: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000 };

/** `90`, `90s`, `1.5m`, `1h` in milliseconds; bad values are a usage error. */
export function durationMs(
  text: string | undefined,
  flag: string,
  usage: (problem: string) => CliUsageError,
): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1000)) : Number.NaN;
  if (!match || !(ms > 0) || ms > 2_147_483_647) {
    throw usage(
      `${flag} ${JSON.stringify(text)} must be a positive duration in seconds (90), or with s, m or h (90s, 15m, 1h).`,
    );
  }
  return ms;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      file: { type: 'string', short: 'f', multiple: true },
      'project-name': { type: 'string', short: 'p' },
      build: { type: 'boolean' },
      service: { type: 'string', short: 's' },
      artifacts: { type: 'string' },
      'artifacts-dir': { type: 'string' },
      logs: { type: 'string' },
      'log-lines': { type: 'string' },
      timeout: { type: 'string' },
      'startup-timeout': { type: 'string' },
      profile: { type: 'string', multiple: true },
      'env-file': { type: 'string', multiple: true },
      'host-ports': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a test against a compose stack: build, start, test, artifacts, logs, teardown',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let parsed: RunArgs;
    try {
      parsed = parseRunArgs(args, process.cwd());
    } catch (error) {
      // 2 could be the test's own code: every failure of seaworthy's own is 125 here.
      if (!(error instanceof CliUsageError)) throw error;
      io.err(`seaworthy: ${error.message}`);
      return RUN_EXIT.failed;
    }
    if (parsed.help) {
      io.out(USAGE);
      return 0;
    }
    return runCompose(parsed.options, io, {
      loadProject: loadRunProject,
      // The watchdog and the reaper as for any helper; signals are the run's own (RunAbort), so it can
      // print the logs before it tears down, and exit 130/143 rather than die by the signal.
      createHelper: (namespace) => DockerHelper.create({ namespace, env: io.env, cleanup: { signals: false } }),
      signals: process,
      now: () => performance.now(),
    });
  },
};
