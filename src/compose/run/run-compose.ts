import { isAbsolute, relative } from 'node:path';
import { RunStartupError, SeaworthyError } from '../../errors/index.js';
import type { Container } from '../../resources/handles/container.js';
import type { DockerHelper } from '../../resources/helper/helper.js';
import { copyArtifacts } from './artifacts.js';
import { buildImages } from './build-images.js';
import { abortExitCode, RUN_EXIT } from './exit-codes.js';
import { printServiceLogs } from './failure-logs.js';
import { runHostCommand } from './host-command.js';
import { hostCommandEnv } from './host-env.js';
import { defaultProjectName } from './project-name.js';
import { publishedServices } from './published-services.js';
import { RunAbort, type RunSignalTarget } from './run-abort.js';
import type { RunOptions } from './run-options.js';
import type { LoadRunProject, RunProject, RunStack } from './run-project.js';
import {
  type PhaseResult,
  type PhaseStatus,
  phaseLine,
  phaseStartLine,
  progressLine,
  RUN_PREFIX,
  type RunPhase,
  summaryLines,
} from './run-report.js';
import { runTestService } from './service-test.js';
import { type TestTarget, testTarget } from './test-target.js';

/** Where a run writes, and the environment it reads. */
export interface RunIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What a run is built on; the CLI passes the real ones. */
export interface RunDeps {
  readonly loadProject: LoadRunProject;
  /** A helper in `namespace`, created the ordinary way (watchdog, reaper and signal cleanup on). */
  createHelper(namespace: string): Promise<DockerHelper>;
  readonly signals: RunSignalTarget;
  readonly now: () => number;
}

/** What the run has got to; the summary and the failure paths read it. */
interface RunState {
  projectName: string;
  project?: RunProject;
  target?: TestTarget;
  helper?: DockerHelper;
  stack?: RunStack;
  /** Services the stack started (with the test service once created). */
  services: string[];
  testContainer?: Container;
  exitCode?: number;
  result: string;
  artifacts?: string;
  /** Whether the test (or startup) failed: logs are printed with `--logs on-failure`. */
  failed: boolean;
}

/**
 * `seaworthy run`: load the compose files, build, start the stack, run the
 * test (a service, or a command on this machine), copy artifacts, print logs
 * as `--logs` says, tear down whatever happens, print a summary; resolve to
 * the exit code (docs/run.md has the table). Never throws.
 */
export async function runCompose(options: RunOptions, io: RunIo, deps: RunDeps): Promise<number> {
  const startedAt = deps.now();
  const abort = new RunAbort(deps.signals, { SIGINT: RUN_EXIT.SIGINT, SIGTERM: RUN_EXIT.SIGTERM });
  if (options.timeoutMs !== undefined) abort.startTimer(options.timeoutMs);
  const state: RunState = {
    projectName: options.projectName ?? defaultProjectName(io.env),
    services: [],
    result: '',
    failed: false,
  };
  const phases: PhaseResult[] = [];
  const phase = async <T>(name: RunPhase, work: () => Promise<PhaseWork<T>>): Promise<T> => {
    abort.during = name;
    const begin = deps.now();
    const end = (status: PhaseStatus, detail: string) => {
      const result = { phase: name, status, durationMs: deps.now() - begin, detail };
      phases.push(result);
      io.out(phaseLine(result));
    };
    try {
      const { value, detail, status = 'ok' } = await work();
      end(status, detail);
      return value;
    } catch (error) {
      end(abort.reason ? 'aborted' : 'failed', abort.reason ? abort.reason.message : messageOf(error));
      throw error;
    }
  };
  try {
    await runSteps(options, io, deps, state, phase, abort);
  } catch (error) {
    state.failed = true;
    const aborted = abort.reason;
    if (aborted) {
      state.exitCode = abortExitCode(aborted.reason);
      state.result =
        aborted.reason === 'timeout'
          ? `timed out during ${aborted.during}`
          : `${aborted.reason} during ${aborted.during}`;
      io.err(`${RUN_PREFIX} ${aborted.message}`);
    } else {
      state.exitCode = RUN_EXIT.failed;
      state.result = `seaworthy failed: ${error instanceof SeaworthyError ? error.code : 'unexpected error'}`;
      io.err(
        `${RUN_PREFIX} ${error instanceof SeaworthyError ? error.message : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`,
      );
    }
    if (options.logs !== 'never') await printLogs(state, options, io);
  } finally {
    abort.stopTimer();
    await teardown(state, phase, io);
    abort.dispose();
  }
  const exitCode = state.exitCode ?? RUN_EXIT.failed;
  for (const line of summaryLines({
    exitCode,
    result: state.result,
    projectName: state.projectName,
    phases,
    totalMs: deps.now() - startedAt,
    services: state.services,
    ...(state.artifacts !== undefined ? { artifacts: state.artifacts } : {}),
  })) {
    io.out(line);
  }
  return exitCode;
}

/** What a phase's work gives back: its value, its line's detail, and `failed` for a test that failed. */
interface PhaseWork<T> {
  readonly value: T;
  readonly detail: string;
  readonly status?: PhaseStatus;
}

type PhaseRunner = <T>(name: RunPhase, work: () => Promise<PhaseWork<T>>) => Promise<T>;

async function runSteps(
  options: RunOptions,
  io: RunIo,
  deps: RunDeps,
  state: RunState,
  phase: PhaseRunner,
  abort: RunAbort,
): Promise<void> {
  const project = await phase('load', async () => {
    const loaded = await deps.loadProject(options.files, {
      env: io.env,
      ...(options.envFiles.length ? { envFile: options.envFiles } : {}),
      ...(options.profiles.length ? { profiles: options.profiles } : {}),
    });
    const names = Object.keys(loaded.model.services);
    return {
      value: loaded,
      detail: `${options.files.map(shortPath).join(', ')}: ${names.length} service(s) (${names.join(', ')}); project ${state.projectName}`,
    };
  });
  state.project = project;
  for (const warning of project.model.warnings ?? []) io.err(`${RUN_PREFIX} warning: ${warning}`);
  const target = testTarget(
    {
      ...(options.service !== undefined ? { service: options.service } : {}),
      ...(options.command ? { command: options.command } : {}),
    },
    Object.keys(project.model.services),
  );
  state.target = target;
  const toStart =
    target.kind === 'service'
      ? project.dependenciesOf([target.service]).filter((name) => name !== target.service)
      : Object.keys(project.model.services);
  abort.signal.throwIfAborted();
  state.helper = await deps.createHelper(state.projectName);

  const needed = [...toStart, ...(target.kind === 'service' ? [target.service] : [])];
  await phase('build', async () => {
    const builds = await buildImages(project, state.helper as DockerHelper, needed, options.build);
    return {
      value: undefined,
      detail: builds.length
        ? builds.map((b) => `${b.service} ${b.built ? 'built' : 'cached'} (${b.reference})`).join(', ')
        : 'nothing to build',
    };
  });

  io.out(phaseStartLine('start', toStart.length ? toStart.join(', ') : 'no services before the test'));
  const stack = await phase('start', async () => {
    let started: RunStack;
    try {
      // For a test service, the stack starts empty and `createService` starts what the service needs, each
      // with the condition the service's depends_on puts on it, then creates (not starts) its container.
      started = await project.setup(state.helper as DockerHelper, {
        services: target.kind === 'service' ? [] : toStart,
        ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
        hostPorts: options.hostPorts,
        signal: abort.signal,
        onProgress: (event) => io.out(progressLine(event)),
      });
      state.stack = started;
      state.services = [...toStart];
      if (target.kind === 'service') state.testContainer = await started.createService(target.service);
    } catch (error) {
      if (abort.reason) throw error;
      throw new RunStartupError(toStart, error);
    }
    return { value: started, detail: `${toStart.length} service(s) ready` };
  });

  if (target.kind === 'service') {
    await runServiceTarget(target.service, options, io, state, stack, phase, abort);
  } else {
    await runCommandTarget(target, io, state, stack, phase, abort);
  }
  if (options.logs === 'always' || (options.logs === 'on-failure' && state.failed)) {
    await printLogs(state, options, io);
  }
}

async function runServiceTarget(
  service: string,
  options: RunOptions,
  io: RunIo,
  state: RunState,
  stack: RunStack,
  phase: PhaseRunner,
  abort: RunAbort,
): Promise<void> {
  io.out(phaseStartLine('test', `service ${service}`));
  const result = await phase('test', async () => {
    const container = state.testContainer ?? (await stack.createService(service));
    state.testContainer = container;
    state.services.push(service);
    const ended = await runTestService(container, service, io.out, abort.signal);
    const how = ended.oomKilled ? ' (killed: out of memory)' : '';
    return {
      value: ended,
      detail: `${service} exited with code ${ended.exitCode ?? 'unknown'}${how}`,
      status: ended.exitCode === 0 ? 'ok' : 'failed',
    };
  });
  state.exitCode = result.exitCode ?? RUN_EXIT.failed;
  state.failed = state.exitCode !== 0;
  state.result = `${state.failed ? 'failed' : 'passed'}: ${service} exited with code ${result.exitCode ?? 'unknown'}`;
  if (options.artifacts !== undefined) {
    const container = state.testContainer as Container;
    const copied = await phase('artifacts', async () => {
      const outcome = await copyArtifacts(container, options.artifacts as string, options.artifactsDir);
      return {
        value: outcome,
        detail: outcome.copied ? `${service}:${options.artifacts} -> ${outcome.hostPath}` : outcome.warning,
      };
    });
    state.artifacts = copied.copied ? copied.hostPath : `none (${copied.warning})`;
    if (!copied.copied) io.err(`${RUN_PREFIX} warning: ${copied.warning}`);
  }
}

async function runCommandTarget(
  target: Extract<TestTarget, { kind: 'command' }>,
  io: RunIo,
  state: RunState,
  stack: RunStack,
  phase: PhaseRunner,
  abort: RunAbort,
): Promise<void> {
  const project = state.project as RunProject;
  const { env, skipped } = hostCommandEnv(state.projectName, publishedServices(project.model, stack, state.services));
  io.out(`${RUN_PREFIX} environment for the command:`);
  for (const [key, value] of Object.entries(env)) io.out(`${RUN_PREFIX}   ${key}=${value}`);
  for (const { service, why } of skipped) io.out(`${RUN_PREFIX}   (no variables for ${service}: ${why})`);
  const shown = [target.command, ...target.args].join(' ');
  io.out(phaseStartLine('test', shown));
  const result = await phase('test', async () => {
    const ended = await runHostCommand(target.command, target.args, { ...io.env, ...env }, abort.signal);
    abort.signal.throwIfAborted();
    const how = ended.spawnError ?? (ended.signal ? `killed by ${ended.signal}` : `exited with code ${ended.exitCode}`);
    return { value: ended, detail: `${target.command} ${how}`, status: ended.exitCode === 0 ? 'ok' : 'failed' };
  });
  if (result.spawnError) io.err(`${RUN_PREFIX} ${result.spawnError}`);
  state.exitCode = result.exitCode;
  state.failed = result.exitCode !== 0;
  state.result = `${state.failed ? 'failed' : 'passed'}: ${target.command} exited with code ${result.exitCode}`;
}

/** The logs of the test service and what it depends on (or of every service, for a host command). */
async function printLogs(state: RunState, options: RunOptions, io: RunIo): Promise<void> {
  const { stack, project, target } = state;
  if (!stack || !project) return;
  const names =
    target?.kind === 'service'
      ? [target.service, ...project.dependenciesOf([target.service]).filter((n) => n !== target.service)]
      : state.services;
  const containers: { service: string; container: Container }[] = [];
  for (const service of names) {
    if (target?.kind === 'service' && service === target.service) {
      if (state.testContainer) containers.push({ service, container: state.testContainer });
      continue;
    }
    for (const container of safeReplicas(stack, service)) containers.push({ service, container });
  }
  await printServiceLogs(containers, options.logLines, io.out);
}

function safeReplicas(stack: RunStack, service: string): readonly Container[] {
  try {
    return stack.replicas(service);
  } catch {
    return [];
  }
}

async function teardown(state: RunState, phase: PhaseRunner, io: RunIo): Promise<void> {
  const { stack, helper } = state;
  if (!stack && !helper) return;
  try {
    await phase('teardown', async () => {
      await stack?.teardown();
      await helper?.teardown();
      return { value: undefined, detail: `removed project ${state.projectName}` };
    });
  } catch (error) {
    io.err(`${RUN_PREFIX} teardown failed: ${messageOf(error)} (the watchdog removes what is left)`);
    if (state.exitCode === 0 || state.exitCode === undefined) state.exitCode = RUN_EXIT.failed;
  }
}

/** A file's path relative to the working folder when it is inside it. */
function shortPath(file: string): string {
  const short = relative(process.cwd(), file);
  return short && !short.startsWith('..') && !isAbsolute(short) ? short : file;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
