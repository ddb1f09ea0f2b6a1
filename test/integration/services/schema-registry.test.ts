import { describe, expect, it } from 'vitest';
import { KafkaDefinition } from '../../../src/kafka.js';
import { SchemaRegistryDefinition } from '../../../src/schema-registry.js';
import { useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

const kafka = new KafkaDefinition();
const registry = new SchemaRegistryDefinition({ kafka });

const user = {
  type: 'record',
  name: 'User',
  namespace: 'test',
  fields: [{ name: 'name', type: 'string' }],
};

describe('SchemaRegistryDefinition', () => {
  it('starts the broker first, then answers the Confluent API with BACKWARD compatibility', async () => {
    const sr = await registry.setup(file.helper);
    expect(file.helper.trackedResources().containers).toHaveLength(2);
    expect(await sr.subjects()).toEqual([]);
    expect(await sr.compatibility()).toBe('BACKWARD');
    const id = await sr.register('users-value', user);
    expect(await sr.subjects()).toEqual(['users-value']);
    expect(await sr.latest('users-value')).toMatchObject({ id, version: 1, subject: 'users-value' });
    await sr.clean();
    expect(await sr.subjects()).toEqual([]);
    expect(await sr.latest('users-value')).toBeUndefined();
  });
});
