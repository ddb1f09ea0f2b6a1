import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComposeModel } from '../../../src/compose/load/load-model.js';

const dir = join(import.meta.dirname, 'files', 'override');
const base = join(dir, 'docker-compose.yml');
const ci = join(dir, 'docker-compose.ci.yml');

describe('loadComposeModel: a base file and a CI override', () => {
  const model = loadComposeModel([base, ci], { env: {} });
  const kafka = model.services.kafka;
  const api = model.services.api;

  it('lists both files in merge order and resolves paths against the first one', () => {
    expect(model.files).toEqual([base, ci]);
    expect(model.projectDirectory).toBe(dir);
    expect(model.name).toBe('orders');
  });

  it('changes the advertised addresses: environment merges by key, list and map forms alike', () => {
    expect(kafka?.environment).toEqual({
      KAFKA_CFG_NODE_ID: '0',
      KAFKA_CFG_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
    });
    expect(api?.environment).toEqual({
      KAFKA_BROKERS: 'kafka:9092',
      API_URL: 'http://api:8080',
      FEATURE_FLAGS: 'all',
    });
  });

  it('appends ports and removes the ones repeated', () => {
    expect(kafka?.ports).toEqual([
      { target: 9092, published: 9092, protocol: 'tcp' },
      { target: 9092, published: 19092, protocol: 'tcp' },
    ]);
    expect(api?.ports).toEqual([{ target: 8080, published: 8080, protocol: 'tcp' }]);
  });

  it('replaces command and healthcheck.test, and keeps the other healthcheck fields', () => {
    expect(api?.command).toEqual(['node', 'dist/server.js']);
    expect(kafka?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'kafka-broker-api-versions.sh --bootstrap-server kafka:9092'],
      intervalMs: 5000,
      retries: 10,
    });
  });

  it('merges volumes by target path, keeping the position of the replaced one', () => {
    expect(api?.mounts).toEqual([
      { type: 'bind', source: join(dir, 'config', 'ci.yml'), target: '/app/config.yml', readOnly: true },
      { type: 'volume', source: 'api-cache', target: '/cache', readOnly: false },
    ]);
  });

  it('merges labels by key and depends_on by service, the list form normalised first', () => {
    expect(api?.labels).toEqual({ 'com.example.env': 'ci' });
    expect(api?.dependsOn).toEqual({ kafka: { condition: 'service_healthy', required: true } });
  });

  it('appends cap_add without repeats', () => {
    expect(api?.host.capAdd).toEqual(['NET_ADMIN', 'SYS_PTRACE']);
  });

  it('adds services only the override has', () => {
    expect(model.services.tests).toMatchObject({
      image: 'node:20',
      command: ['npm', 'test'],
      dependsOn: { api: { condition: 'service_started', required: true } },
    });
    expect(Object.keys(model.services)).toEqual(['kafka', 'api', 'tests']);
  });

  it('gives the same base alone when loaded without the override', () => {
    const alone = loadComposeModel(base, { env: {} });
    expect(alone.services.kafka?.environment.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://localhost:9092');
    expect(alone.services.api?.command).toEqual(['npm', 'run', 'dev']);
    expect(alone.services.api?.build?.context).toBe(join(dir, 'api'));
  });
});
