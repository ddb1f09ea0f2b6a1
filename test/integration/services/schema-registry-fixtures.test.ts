import { test as base, describe, expect } from 'vitest';
import { KafkaDefinition } from '../../../src/kafka.js';
import { SchemaRegistryDefinition } from '../../../src/schema-registry.js';
import { cleanContainer, container, withContainers } from '../../../src/vitest/index.js';
import { resourcesOf } from '../../support/helper.js';

// One KafkaDefinition object for both: the registry's setup() sets up that same
// definition in the same (worker) helper, which hands back the broker the kafka fixture started.
const kafka = new KafkaDefinition();
const registry = new SchemaRegistryDefinition({ kafka });

const test = withContainers(base, {
  kafka: container(kafka, { scope: 'file' }),
  registry: cleanContainer(registry, { needs: ['kafka'] }),
});

const user = { type: 'record', name: 'User', fields: [{ name: 'name', type: 'string' }] };

// A broker and a registry start inside the first test: room for a busy machine.
describe('cleanContainer(registry) beside a file-scoped kafka fixture', { timeout: 180_000 }, () => {
  test('the first test registers subjects and loosens the global compatibility', async ({ registry }) => {
    expect(await registry.subjects()).toEqual([]);
    await registry.register('users-value', user);
    await registry.register('orders-value', user);
    await registry.setCompatibility('NONE');
    expect(await registry.subjects()).toEqual(['orders-value', 'users-value']);
  });

  test('the next test starts with no subjects and the default compatibility', async ({ registry }) => {
    expect(await registry.subjects()).toEqual([]);
    expect(await registry.compatibility()).toBe('BACKWARD');
    await registry.register('users-value', user);
  });

  test('one broker: the registry runs beside the kafka fixture, not a second broker', async ({
    registry,
    kafka,
    docker,
  }) => {
    expect(await registry.subjects()).toEqual([]);
    const tracked = docker.trackedResources().containers;
    expect(tracked).toHaveLength(2);
    expect(tracked).toContain(kafka.id);
    expect(tracked).toContain(registry.id);
    expect((await resourcesOf(docker)).containers).toHaveLength(2);
    expect(registry.definition).toBeInstanceOf(SchemaRegistryDefinition);
    expect((registry.definition as SchemaRegistryDefinition).kafka).toBe(kafka.definition);
  });
});
