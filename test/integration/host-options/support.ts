import type { Container, DockerHelper } from '../../../src/index.js';

/** The raw `HostConfig` the engine stored for a container (inspect). */
export async function hostConfigOf(helper: DockerHelper, container: Container): Promise<Record<string, unknown>> {
  const raw = (await helper.engine.inspectContainer(container.id)) as unknown as {
    HostConfig: Record<string, unknown>;
  };
  return raw.HostConfig;
}

/** Run a shell line in the container; fails the test on a non-zero exit unless `allowFailure`. */
export async function sh(container: Container, line: string, allowFailure = false) {
  const result = await container.exec(['sh', '-c', line]);
  if (!allowFailure && result.exitCode !== 0) {
    throw new Error(`\`${line}\` exited ${result.exitCode}: ${result.stderr}`);
  }
  return result;
}

/** Capability bit numbers (capabilities(7)) for the ones the tests look at. */
export const CAP_BITS = { CHOWN: 0, KILL: 5, NET_BIND_SERVICE: 10, NET_ADMIN: 12, SYS_ADMIN: 21, SYS_TIME: 25 };

/** The effective capability set of the process `exec` runs, from /proc/self/status. */
export async function effectiveCaps(container: Container): Promise<bigint> {
  const { stdout } = await sh(container, 'grep CapEff /proc/self/status');
  const hex = /CapEff:\s*([0-9a-f]+)/.exec(stdout)?.[1];
  if (!hex) throw new Error(`no CapEff line in ${JSON.stringify(stdout)}`);
  return BigInt(`0x${hex}`);
}

export function hasCap(caps: bigint, name: keyof typeof CAP_BITS): boolean {
  return ((caps >> BigInt(CAP_BITS[name])) & 1n) === 1n;
}
