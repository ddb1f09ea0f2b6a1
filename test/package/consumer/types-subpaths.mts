// Type-checked (NodeNext) against each subpath's "import" declarations.
import { MissingPeerDependencyError, type SeaworthyErrorCode } from 'seaworthy';
import { KafkaDefinition, type KafkaOptions, topicNameProblem } from 'seaworthy/kafka';
import { type PostgresContainer, PostgresDefinition, type PostgresOptions } from 'seaworthy/postgres';
import { RabbitMqDefinition } from 'seaworthy/rabbitmq';
import { RedisDefinition } from 'seaworthy/redis';
import { RegistryDefinition, type RegistryOptions } from 'seaworthy/registry';
import { findLeftovers, LABELS, listInitSnapshots } from 'seaworthy/tools';
import { cleanContainer, withContainers } from 'seaworthy/vitest';
import { test as base } from 'vitest';

const postgresOptions: PostgresOptions = { database: 'shop' };
const kafkaOptions: KafkaOptions = {};
export const definitions = [
  new PostgresDefinition(postgresOptions),
  new KafkaDefinition(kafkaOptions),
  new RedisDefinition(),
  new RabbitMqDefinition(),
];
const registryOptions: RegistryOptions = { auth: { username: 'ci', password: 'secret' }, tls: true };
export const registry = new RegistryDefinition(registryOptions);
export const test = withContainers(base, { db: cleanContainer(new PostgresDefinition()) });
export async function tables(db: PostgresContainer): Promise<string[]> {
  return db.listTables();
}
export const problem: string | undefined = topicNameProblem('a topic');
export const labels: Record<string, string> = { ...LABELS };
export const leftovers = [findLeftovers, listInitSnapshots];
export function missing(error: unknown): string | undefined {
  if (error instanceof MissingPeerDependencyError) {
    const code: SeaworthyErrorCode = error.code;
    return `${code} ${error.packageName} ${error.feature}`;
  }
  return undefined;
}
