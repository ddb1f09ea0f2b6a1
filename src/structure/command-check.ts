import { errorMessage } from '../errors/index.js';
import type { MountOptions } from '../resources/definitions/container-options.js';
import type { DockerHelper } from '../resources/helper/helper.js';
import { runCommandContainer } from './command-run.js';
import type { CommandTestConfig, ContainerRunOptionsConfig, StructureEnvVar } from './config-types.js';
import { expandWith } from './go-expand.js';
import { regexCheck } from './go-regex.js';
import type { StructureCheckResult } from './report.js';

/** What every command test of one config shares. */
export interface CommandContext {
  readonly helper: DockerHelper;
  readonly image: string;
  readonly source: string;
  /** The image's environment with the config's globalEnvVars applied. */
  readonly env: Readonly<Record<string, string>>;
  /** globalEnvVars, expanded, set on every command container. */
  readonly globalEnv: Readonly<Record<string, string>>;
  readonly runOptions: ContainerRunOptionsConfig;
  /** This process's environment, for `containerRunOptions.envVars`. */
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** The Go tool's checks of a command test's fields; a test failing them is reported, not run. */
export function commandTestProblems(test: CommandTestConfig): string[] {
  const problems: string[] = [];
  if (!test.name) problems.push('Please provide a valid name for every test');
  if (!test.command) problems.push(`Please provide a valid command to run for test ${test.name}`);
  if (test.setup.some((c) => c.length === 0)) {
    problems.push(
      'Error in setup command configuration encountered; please check formatting and remove all empty setup commands',
    );
  }
  if (test.teardown.some((c) => c.length === 0)) {
    problems.push(
      'Error in teardown command configuration encountered; please check formatting and remove all empty teardown commands',
    );
  }
  if (test.envVars.some((e) => !e.key || !e.value)) {
    problems.push('Please provide non-empty keys and values for all specified env vars');
  }
  return problems;
}

/** `envVars` as a map, each value expanded against `env` (`$PATH` is the image's PATH). */
export function expandEnvVars(vars: readonly StructureEnvVar[], env: Readonly<Record<string, string>>) {
  const expand = expandWith(env);
  return Object.fromEntries(vars.map((v) => [v.key, expand(v.value)]));
}

/** `host:container[:ro]` bind mounts, as `docker run -v` reads them. */
export function bindMountsOf(specs: readonly string[]): MountOptions[] {
  return specs.map((spec) => {
    const [source = '', target = '', mode] = spec.split(':');
    return { type: 'bind' as const, source, target, ...(mode === 'ro' ? { readOnly: true } : {}) };
  });
}

/** Run one command test: setup commands (each committed), then the command, then its checks. */
export async function runCommandTest(context: CommandContext, test: CommandTestConfig): Promise<StructureCheckResult> {
  const base = { kind: 'command' as const, source: context.source, stdout: '', stderr: '', durationMs: 0 };
  const problems = commandTestProblems(test);
  if (problems.length > 0) return { ...base, name: test.name, pass: false, errors: problems };
  const { runOptions } = context;
  const passOn = Object.fromEntries(
    runOptions.envVars.flatMap((name) => (context.hostEnv[name] ? [[name, context.hostEnv[name] as string]] : [])),
  );
  const shape = {
    user: runOptions.user || undefined,
    tty: runOptions.allocateTty,
    privileged: runOptions.privileged,
    capAdd: runOptions.capabilities,
    mounts: bindMountsOf(runOptions.bindMounts),
    timeoutMs: context.timeoutMs,
  };
  const images: string[] = [];
  let image = context.image;
  let env = { ...context.env };
  try {
    try {
      for (const command of test.setup) {
        const setupEnv = { ...context.globalEnv, ...expandEnvVars(test.envVars, env) };
        const { after } = await runCommandContainer(
          context.helper,
          { ...shape, image, command, env: setupEnv, tty: false },
          (container, outcome) => {
            if (outcome.exitCode === undefined) {
              throw new Error(
                `setup command ${JSON.stringify(command)} did not finish within ${context.timeoutMs} ms (commandTimeoutMs); it was killed`,
              );
            }
            return context.helper.engine.commitContainer(container.id, {
              repository: 'seaworthy-structure-setup',
              tag: `${context.helper.namespace}-${context.helper.nextSerial('structure-setup')}`.toLowerCase(),
              labels: context.helper.labels,
            });
          },
        );
        if (after) {
          images.push(after);
          image = after;
        }
        env = { ...env, ...setupEnv };
      }
    } catch (error) {
      return { ...base, name: test.name, pass: false, errors: [`error in setup: ${errorMessage(error)}`] };
    }
    const fullCommand = [test.command, ...test.args].map(expandWith(env));
    const started = performance.now();
    const name = `Command Test: ${test.name}`;
    try {
      // The test's own envVars reach the command as written: the Go tool's docker driver expands them only for setup.
      const own = Object.fromEntries(test.envVars.map((v) => [v.key, v.value]));
      const runEnv = { ...context.globalEnv, ...own, ...passOn };
      const { outcome } = await runCommandContainer(context.helper, {
        ...shape,
        image,
        command: fullCommand,
        env: runEnv,
      });
      const durationMs = performance.now() - started;
      const errors = outcomeErrors(test, outcome.stdout, outcome.stderr, outcome.exitCode, context.timeoutMs);
      return {
        ...base,
        name,
        pass: errors.length === 0,
        errors,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        durationMs,
      };
    } catch (error) {
      return { ...base, name, pass: false, errors: [errorMessage(error)], durationMs: performance.now() - started };
    }
  } finally {
    for (const id of images.reverse()) await context.helper.engine.removeImage(id).catch(() => undefined);
  }
}

/** The Go tool's checks on a finished command, with its messages, in its order. */
export function outcomeErrors(
  test: CommandTestConfig,
  stdout: string,
  stderr: string,
  exitCode: number | undefined,
  timeoutMs: number,
): string[] {
  const errors: string[] = [];
  const invalid = (message: string) => errors.push(message);
  for (const p of test.expectedError) {
    if (!regexCheck(p, stderr, true, invalid)) errors.push(`Expected string '${p}' not found in error '${stderr}'`);
  }
  for (const p of test.excludedError) {
    if (!regexCheck(p, stderr, false, invalid)) errors.push(`Excluded string '${p}' found in error '${stderr}'`);
  }
  for (const p of test.expectedOutput) {
    if (!regexCheck(p, stdout, true, invalid)) errors.push(`Expected string '${p}' not found in output '${stdout}'`);
  }
  for (const p of test.excludedOutput) {
    if (!regexCheck(p, stdout, false, invalid)) errors.push(`Excluded string '${p}' found in output '${stdout}'`);
  }
  if (exitCode === undefined) {
    errors.push(`Test '${test.name}' did not finish within ${timeoutMs} ms (commandTimeoutMs); it was killed`);
  } else if (exitCode !== test.exitCode) {
    errors.push(
      `Test '${test.name}' exited with incorrect error code. Expected: ${test.exitCode}, Actual: ${exitCode}`,
    );
  }
  return errors;
}
