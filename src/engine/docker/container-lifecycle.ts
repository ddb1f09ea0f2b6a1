import type Dockerode from 'dockerode';

/**
 * The container lifecycle calls beyond create, start, stop and remove:
 * pause, unpause and kill. Each is one Engine API request; the engine's
 * refusals (409 for the wrong state, 404 for a container it does not know)
 * are mapped by the caller, `Engine.call`.
 */

/** Freeze every process of a running container (cgroup freezer). */
export async function pauseContainer(docker: Dockerode, id: string): Promise<void> {
  await docker.getContainer(id).pause();
}

/** Thaw a paused container. */
export async function unpauseContainer(docker: Dockerode, id: string): Promise<void> {
  await docker.getContainer(id).unpause();
}

/**
 * Send `signal` (a name like `SIGTERM` or `TERM`, or a number) to the
 * container's main process. For SIGKILL the engine answers once the process
 * is gone; for any other signal, as soon as it has been delivered.
 */
export async function killContainer(docker: Dockerode, id: string, signal: string | number): Promise<void> {
  await docker.getContainer(id).kill({ signal: String(signal) });
}
