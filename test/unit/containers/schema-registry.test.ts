import { describe, expect, it } from 'vitest';
import { SchemaRegistryApi, schemaBody } from '../../../src/containers/schema-registry/schema-registry-api.js';
import { InvalidOptionError, SchemaRegistryRequestError } from '../../../src/errors/index.js';
import { KafkaDefinition } from '../../../src/kafka.js';
import { SchemaRegistryDefinition } from '../../../src/schema-registry.js';

const URL_ = 'http://127.0.0.1:1/apis/ccompat/v7/subjects/a/versions';

describe('SchemaRegistryRequestError', () => {
  it('reads error_code and message from a Confluent error body', () => {
    const error = new SchemaRegistryRequestError(
      'GET',
      URL_,
      404,
      '{"error_code":40401,"message":"Subject \'a\' not found."}',
    );
    expect(error.code).toBe('SEAWORTHY_SCHEMA_REGISTRY_REQUEST');
    expect(error.status).toBe(404);
    expect(error.errorCode).toBe(40401);
    expect(error.message).toContain(`GET ${URL_}`);
    expect(error.message).toContain('error_code 40401');
    expect(error.message).toContain("Subject 'a' not found.");
    expect(error.message).toMatch(/Check the subject name/);
  });

  it('treats error_code 0 (Apicurio on a 409) as no code, and says what to do about an incompatible schema', () => {
    const body = '{"message":"Incompatible artifact: a [AVRO]","error_code":0}';
    const error = new SchemaRegistryRequestError('POST', URL_, 409, body);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain('HTTP 409');
    expect(error.message).toContain('Incompatible artifact: a [AVRO]');
    expect(error.message).toMatch(/setCompatibility/);
    expect(error.body).toBe(body);
  });

  it('keeps a body that is not JSON, and cuts it to 2,000 characters', () => {
    const error = new SchemaRegistryRequestError('PUT', URL_, 500, `oops ${'x'.repeat(3_000)}`);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain('answered HTTP 500');
    expect(error.message).toContain('oops');
    expect(error.body).toHaveLength(2_000);
    expect(new SchemaRegistryRequestError('PUT', URL_, 503, '').message).toContain('no body');
  });

  it('without an answer, names the cause and asks whether the registry runs', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const error = new SchemaRegistryRequestError('GET', URL_, undefined, '', cause);
    expect(error.status).toBeUndefined();
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toMatch(/Is the registry running/);
  });
});

describe('schemaBody', () => {
  const schema = { type: 'record', name: 'U', fields: [] };

  it('sends an object as its JSON text and leaves AVRO out, as clients do', () => {
    expect(schemaBody(schema, {})).toEqual({ schema: JSON.stringify(schema) });
    expect(schemaBody('"string"', { schemaType: 'AVRO' })).toEqual({ schema: '"string"' });
  });

  it('names other schema types and passes references', () => {
    const references = [{ name: 'b.proto', subject: 'b-value', version: 1 }];
    expect(schemaBody('syntax = "proto3";', { schemaType: 'PROTOBUF', references })).toEqual({
      schema: 'syntax = "proto3";',
      schemaType: 'PROTOBUF',
      references,
    });
    expect(schemaBody('{}', { schemaType: 'JSON', references: [] })).toEqual({ schema: '{}', schemaType: 'JSON' });
  });

  it('rejects a schema type the API does not know, and a schema that is neither text nor an object', () => {
    expect(() => schemaBody(schema, { schemaType: 'XML' as never })).toThrow(InvalidOptionError);
    expect(() => schemaBody(schema, { schemaType: 'XML' as never })).toThrow(
      /schemaType.*'AVRO', 'JSON' or 'PROTOBUF'/,
    );
    expect(() => schemaBody(42 as never, {})).toThrow(/schema/);
    expect(() => schemaBody(null as never, {})).toThrow(InvalidOptionError);
  });
});

describe('SchemaRegistryDefinition options', () => {
  const kafka = new KafkaDefinition();

  it('needs a KafkaDefinition', () => {
    expect(() => new SchemaRegistryDefinition(undefined as never)).toThrow(
      /kafka.*SchemaRegistryDefinition\(\{ kafka \}\)/,
    );
    expect(() => new SchemaRegistryDefinition({ kafka: {} as never })).toThrow(InvalidOptionError);
  });

  it('picks the flavour from the image name, and checks a given one', () => {
    expect(new SchemaRegistryDefinition({ kafka, image: 'apicurio/apicurio-registry-mem:2.4.2.Final' }).flavor).toBe(
      'apicurio',
    );
    const confluent = new SchemaRegistryDefinition({ kafka, image: 'confluentinc/cp-schema-registry:7.6.0' });
    expect(confluent.flavor).toBe('confluent');
    expect(confluent.api).toEqual({ port: 8081, path: '' });
    expect(confluent.options.env).toMatchObject({
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:19092',
    });
    expect(new SchemaRegistryDefinition({ kafka, image: 'x/y:1' }).api).toEqual({
      port: 8080,
      path: '/apis/ccompat/v7',
    });
    for (const flavor of ['karapace', 'toString', '']) {
      expect(() => new SchemaRegistryDefinition({ kafka, flavor: flavor as never })).toThrow(
        /flavor.*'apicurio' or 'confluent'/,
      );
    }
  });

  it('checks the compatibility level', () => {
    expect(new SchemaRegistryDefinition({ kafka }).defaultCompatibility).toBe('BACKWARD');
    expect(new SchemaRegistryDefinition({ kafka, compatibility: 'FULL_TRANSITIVE' }).defaultCompatibility).toBe(
      'FULL_TRANSITIVE',
    );
    expect(() => new SchemaRegistryDefinition({ kafka, compatibility: 'backward' as never })).toThrow(
      /compatibility.*BACKWARD, BACKWARD_TRANSITIVE/,
    );
  });
});

describe('SchemaRegistryApi input checks', () => {
  // Every check runs before a request: none of these calls reaches the URL.
  const api = new SchemaRegistryApi(() => 'http://127.0.0.1:1/apis/ccompat/v7');

  it('rejects a bad subject, version or level before any request', async () => {
    await expect(api.register('', '"string"')).rejects.toMatchObject({
      code: 'SEAWORTHY_INVALID_OPTION',
      option: 'subject',
    });
    await expect(api.latest('x'.repeat(256))).rejects.toMatchObject({ option: 'subject' });
    await expect(api.version('a', 0)).rejects.toMatchObject({ option: 'version' });
    await expect(api.version('a', 1.5)).rejects.toMatchObject({ option: 'version' });
    await expect(api.setCompatibility('LOOSE' as never)).rejects.toMatchObject({ option: 'compatibility' });
    await expect(api.deleteSubject('')).rejects.toMatchObject({ option: 'subject' });
    await api.close();
  });
});
