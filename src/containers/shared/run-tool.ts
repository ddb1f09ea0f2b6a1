import { ContainerNotRunningError, errorMessage, SeaworthyError, ServiceCommandError } from '../../errors/index.js';
import type { Container } from '../../resources/handles/container.js';
import type { ExecOptions } from '../../resources/handles/readiness.js';

/**
 * Run a service's own tool in its container and return its stdout; a
 * non-zero exit becomes a {@link ServiceCommandError} with the tool's stderr.
 * `shown` replaces the command in messages (to hide passwords).
 */
export async function runTool(
  container: Container,
  command: readonly string[],
  options: ExecOptions & { readonly shown?: readonly string[] } = {},
): Promise<string> {
  const { shown, ...execOptions } = options;
  const result = await container.exec(command, execOptions);
  if (result.exitCode !== 0) {
    throw new ServiceCommandError(
      container.definition.name,
      shown ?? command,
      result.exitCode,
      result.stderr || result.stdout,
    );
  }
  return result.stdout;
}

/**
 * The error to throw when a step a service helper ran over the service's own
 * protocol failed: {@link ContainerNotRunningError} if the container has
 * stopped, else a {@link ServiceCommandError} with the cause's message.
 */
export async function serviceStepError(container: Container, action: string, cause: unknown): Promise<Error> {
  const state = await container.state().catch(() => undefined);
  if (state && !state.running) return new ContainerNotRunningError(container.definition.name, action, state.status);
  if (cause instanceof SeaworthyError) return cause;
  return new ServiceCommandError(container.definition.name, [action], undefined, errorMessage(cause));
}
