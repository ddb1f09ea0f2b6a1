import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper, waitFor } from '../../../src/index.js';
import { KafkaDefinition } from '../../../src/kafka.js';
import { Engine } from '../../../src/tools.js';

// Kafka where containers reach the host through its internal address (the bitbucket topology).
// BITBUCKET_DOCKER_HOST_INTERNAL=localhost makes this machine's run one (it runs in a container
// beside its engine) with an internal address that differs from the 127.0.0.1 advertised
// elsewhere, yet stays on loopback: every connection goes to this machine's 127.0.0.1.
// scripts/topology-bitbucket.sh runs the same shape with a real bridge gateway address.
const env = { ...process.env, BITBUCKET_DOCKER_HOST_INTERNAL: 'localhost' };

describe('Kafka with a host internal address', () => {
  let helper: DockerHelper;
  beforeAll(async () => {
    helper = await DockerHelper.create({ engine: await Engine.connect({ env }) });
  });
  afterAll(async () => {
    await helper?.teardown();
  });

  it('advertises the internal address on the host listener, for the test process and containers beside it', async () => {
    const { facts, decision } = helper.engine.hostResolution;
    // The variable decides only in a container the engine does not know (this machine's CI is one).
    // On a plain host it does not apply: Kafka then advertises 127.0.0.1, and the rest holds the same.
    const advertised = facts.inContainer ? 'localhost' : '127.0.0.1';
    if (facts.inContainer) {
      expect(decision.topology).toBe('bitbucket');
      expect(decision.hostInternal).toMatchObject({ address: 'localhost', source: 'BITBUCKET_DOCKER_HOST_INTERNAL' });
    } else {
      expect(decision.topology).toBe('host');
      expect(decision.hostInternal).toBeUndefined();
    }

    const kafka = await new KafkaDefinition({ name: 'kafka-internal' }).setup(helper);
    const port = kafka.hostPort(9092);
    expect(kafka.bootstrapServers()).toBe(`${advertised}:${port}`);
    const logs = (await kafka.logs()).combined.toString();
    expect(logs).toContain(`seaworthy: advertising HOST://${advertised}:${port},NETWORK://kafka-internal:19092`);

    // The admin client bootstraps there and follows the advertised address from the metadata.
    await kafka.createTopic('through-internal');
    expect(await kafka.listTopics()).toEqual(['through-internal']);

    // A container beside it (on the step's network, as Bitbucket's containers reach the step) uses the same address.
    const image = (await kafka.inspect()).image;
    const lister = await new ContainerDefinition('kafka-lister', {
      image,
      networkMode: 'host',
      command: ['/opt/kafka/bin/kafka-topics.sh', '--bootstrap-server', kafka.bootstrapServers(), '--list'],
      wait: waitFor.successfulExit(),
      startupTimeoutMs: 120_000,
    }).setup(helper);
    expect((await lister.logs()).stdout.toString().split('\n')).toContain('through-internal');
  });
});
