/**
 * `seaworthy/schema-registry`: a schema registry speaking the Confluent
 * Schema Registry REST API, beside a Kafka broker (docs/schema-registry.md).
 */
export {
  type CompatibilityLevel,
  type RegisteredSchema,
  type RegisterOptions,
  SCHEMA_REGISTRY_IMAGE,
  type SchemaReference,
  SchemaRegistryContainer,
  SchemaRegistryDefinition,
  type SchemaRegistryFlavor,
  type SchemaRegistryOptions,
  type SchemaSource,
  type SchemaType,
} from './containers/schema-registry/schema-registry.js';
