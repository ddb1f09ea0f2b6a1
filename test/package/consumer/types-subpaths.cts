// Type-checked (NodeNext) against each subpath's "require" declarations.
import seaworthy = require('seaworthy');
import jest = require('seaworthy/jest');
import kafka = require('seaworthy/kafka');
import postgres = require('seaworthy/postgres');
import rabbitmq = require('seaworthy/rabbitmq');
import redis = require('seaworthy/redis');
import registry = require('seaworthy/registry');
import tools = require('seaworthy/tools');

export const definitions = [
  new postgres.PostgresDefinition({ database: 'shop' }),
  new kafka.KafkaDefinition(),
  new redis.RedisDefinition(),
  new rabbitmq.RabbitMqDefinition(),
  new registry.RegistryDefinition({ tls: true }),
];
export const containers = jest.useContainers({ db: jest.container(new postgres.PostgresDefinition()) });
export const labels: Record<string, string> = { ...tools.LABELS };
export const find = tools.findLeftovers;
export function missing(error: unknown): string | undefined {
  return error instanceof seaworthy.MissingPeerDependencyError ? error.packageName : undefined;
}
