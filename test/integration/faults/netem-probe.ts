import { ContainerDefinition, type DockerHelper } from '../../../src/index.js';

/**
 * Whether the engine's kernel has sch_netem, asked of tc in a throwaway
 * container of the netem image (on its own loopback), without the code
 * under test: true if tc accepted a netem qdisc, false if it answered that
 * it knows no such kind. Anything else is a broken probe and throws.
 */
export async function netemAvailable(helper: DockerHelper): Promise<boolean> {
  const probe = await new ContainerDefinition(`netem-probe-${Date.now().toString(36)}`, {
    image: process.env.SEAWORTHY_NETEM_IMAGE ?? 'seaworthy-fixture/netem:latest',
    networkMode: 'none',
    createOverrides: { HostConfig: { CapAdd: ['NET_ADMIN'] } },
  }).setup(helper);
  try {
    const result = await probe.exec(['tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
    if (result.exitCode === 0) return true;
    if (/qdisc kind is unknown/i.test(result.stderr)) return false;
    throw new Error(`the netem probe failed: tc exited with ${result.exitCode}: ${result.stderr}`);
  } finally {
    await probe.teardown();
  }
}
