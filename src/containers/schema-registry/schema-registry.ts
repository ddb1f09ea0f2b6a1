import { InvalidOptionError } from '../../errors/index.js';
import {
  ContainerDefinition,
  type ContainerHost,
  type SetupOptions,
} from '../../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { http } from '../../waits/http.js';
import type { KafkaDefinition } from '../kafka/kafka.js';
import { KAFKA_NETWORK_PORT } from '../kafka/kafka.js';
import { defaultImage } from '../shared/default-image.js';
import type { UrlFrom } from '../shared/service-url.js';
import {
  type CompatibilityLevel,
  checkLevel,
  type RegisteredSchema,
  type RegisterOptions,
  SchemaRegistryApi,
  type SchemaSource,
} from './schema-registry-api.js';

export type {
  CompatibilityLevel,
  RegisteredSchema,
  RegisterOptions,
  SchemaReference,
  SchemaSource,
  SchemaType,
} from './schema-registry-api.js';

/** Which registry the image runs: they speak the same Confluent API, but start and listen differently. */
export type SchemaRegistryFlavor = 'apicurio' | 'confluent';

export interface SchemaRegistryOptions {
  /** The broker the registry runs beside: set up first, in the same helper, on the same network. */
  readonly kafka: KafkaDefinition;
  /** Definition name: the container's alias on the helper network. @default 'schema-registry' */
  readonly name?: string;
  /**
   * @default `SEAWORTHY_SCHEMA_REGISTRY_IMAGE` if set, else
   * 'apicurio/apicurio-registry-mem:2.4.2.Final' (Apicurio Registry, whose
   * Confluent-compatible API is under /apis/ccompat/v7)
   */
  readonly image?: string;
  /**
   * How the image is started and where its API is. @default 'confluent' when
   * the image's name contains `cp-schema-registry`, else 'apicurio'
   */
  readonly flavor?: SchemaRegistryFlavor;
  /** The global compatibility level, set once the API answers and again by `clean()`. @default 'BACKWARD' (Confluent's default) */
  readonly compatibility?: CompatibilityLevel;
  /** @default 60_000 */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'wait'>;
}

/** The public image's default tag: Apicurio Registry with in-memory storage. */
export const SCHEMA_REGISTRY_IMAGE = 'apicurio/apicurio-registry-mem:2.4.2.Final';

interface Flavor {
  /** Container port of the HTTP API. */
  readonly port: number;
  /** Path of the Confluent-compatible API under the port. */
  readonly apiPath: string;
  /** Environment the image needs, from the registry's name and the broker's in-network address. */
  env(name: string, bootstrap: string): Record<string, string>;
}

const FLAVORS: Readonly<Record<SchemaRegistryFlavor, Flavor>> = {
  apicurio: {
    port: 8080,
    apiPath: '/apis/ccompat/v7',
    // Schemas live in memory; the broker is where the registry's clients send what they serialise.
    env: () => ({}),
  },
  confluent: {
    port: 8081,
    apiPath: '',
    // Confluent's registry keeps its schemas in a topic of the broker (_schemas).
    env: (name, bootstrap) => ({
      SCHEMA_REGISTRY_HOST_NAME: name,
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: `PLAINTEXT://${bootstrap}`,
    }),
  },
};

/**
 * A schema registry speaking the Confluent Schema Registry REST API, beside a
 * `KafkaDefinition`: what Avro, Protobuf and JSON Schema serialisers
 * (@kafkajs/confluent-schema-registry, Confluent's clients) register and look
 * schemas up in. `url()` is the API from the test process, `networkUrl()`
 * from other containers. Ready once the API lists subjects; then the global
 * compatibility level is set (BACKWARD unless told otherwise).
 */
export class SchemaRegistryDefinition extends ContainerDefinition<SchemaRegistryContainer> {
  readonly kafka: KafkaDefinition;
  readonly flavor: SchemaRegistryFlavor;
  readonly defaultCompatibility: CompatibilityLevel;

  constructor(options: SchemaRegistryOptions) {
    const kafka = options?.kafka;
    if (!kafka || typeof (kafka as { setup?: unknown }).setup !== 'function' || typeof kafka.name !== 'string') {
      throw new InvalidOptionError(
        'kafka',
        'a SchemaRegistryDefinition needs the broker it runs beside: new SchemaRegistryDefinition({ kafka }), ' +
          'where kafka is a KafkaDefinition from seaworthy/kafka',
      );
    }
    const name = options.name ?? 'schema-registry';
    const image = options.image ?? defaultImage('schema_registry', SCHEMA_REGISTRY_IMAGE);
    const flavorName = options.flavor ?? (/cp-schema-registry/.test(image) ? 'confluent' : 'apicurio');
    const flavor = Object.hasOwn(FLAVORS, flavorName) ? FLAVORS[flavorName] : undefined;
    if (!flavor) {
      throw new InvalidOptionError('flavor', `${JSON.stringify(options.flavor)} must be 'apicurio' or 'confluent'`);
    }
    const compatibility = options.compatibility ?? 'BACKWARD';
    checkLevel('compatibility', compatibility);
    const extra = options.container ?? {};
    super(name, {
      ...extra,
      image,
      env: { ...flavor.env(name, `${kafka.name}:${KAFKA_NETWORK_PORT}`), ...extra.env },
      ports: [flavor.port, ...(extra.ports ?? [])],
      wait: apiReady(flavor, compatibility),
      startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    });
    this.kafka = kafka;
    this.flavor = flavorName;
    this.defaultCompatibility = compatibility;
  }

  /** The broker first (idempotent per helper: the one already set up is reused), then the registry. */
  override async setup(helper: ContainerHost, options: SetupOptions = {}): Promise<SchemaRegistryContainer> {
    await this.kafka.setup(helper);
    return super.setup(helper, options);
  }

  /** The broker is set up first, as for `setup()`; the registry is created, not started. */
  override async create(helper: ContainerHost, options: SetupOptions = {}): Promise<SchemaRegistryContainer> {
    await this.kafka.setup(helper);
    return super.create(helper, options);
  }

  override createHandle(init: ContainerInit): SchemaRegistryContainer {
    return new SchemaRegistryContainer(init, this);
  }

  /** For clean fixtures: `cleanContainer(registry)` calls this before each test. */
  clean(container: SchemaRegistryContainer): Promise<void> {
    return container.clean();
  }

  /** @internal The container port and API path of this definition's flavour. */
  get api(): { readonly port: number; readonly path: string } {
    const flavor = FLAVORS[this.flavor];
    return { port: flavor.port, path: flavor.apiPath };
  }
}

/** The API lists subjects (HTTP 200), then the global compatibility level is set. */
function apiReady(flavor: Flavor, compatibility: CompatibilityLevel): WaitStrategy {
  const subjects = http({ port: flavor.port, path: `${flavor.apiPath}/subjects`, status: 200 });
  return {
    description: `the Confluent API answering GET :${flavor.port}${flavor.apiPath}/subjects, then compatibility ${compatibility}`,
    async wait(context: WaitContext): Promise<void> {
      await subjects.wait(context);
      const port = await context.hostPort(flavor.port);
      const host = context.host.includes(':') ? `[${context.host}]` : context.host;
      const api = new SchemaRegistryApi(() => `http://${host}:${port}${flavor.apiPath}`);
      try {
        context.progress(`setting the global compatibility to ${compatibility}`);
        await api.setCompatibility(compatibility);
      } finally {
        await api.close();
      }
    },
  };
}

/**
 * A live schema registry: its API's URL from the test process and from other
 * containers, helpers to register and read schemas, and `clean()`.
 */
export class SchemaRegistryContainer extends Container {
  private readonly api: SchemaRegistryApi;
  private readonly registryDefinition: SchemaRegistryDefinition;

  constructor(init: ContainerInit, definition: SchemaRegistryDefinition) {
    super(init);
    this.registryDefinition = definition;
    this.api = new SchemaRegistryApi(() => this.url(), { apicurio: definition.flavor === 'apicurio' });
    this.onTeardown(() => this.api.close());
  }

  /**
   * The Confluent-compatible API's base URL, what clients take as the
   * registry's `host`: from this process (default) on the published port,
   * from another container on the network `http://<name>:<port><path>`.
   */
  url(from: UrlFrom = 'host'): string {
    const { port, path } = this.registryDefinition.api;
    return from === 'network' ? `http://${this.definition.name}:${port}${path}` : `${this.baseUrl(port)}${path}`;
  }

  /** `url('network')`: the API from another container on the helper network. */
  networkUrl(): string {
    return this.url('network');
  }

  /** Subjects, sorted. */
  subjects(): Promise<string[]> {
    return this.api.subjects();
  }

  /** Register `schema` (Avro unless `schemaType` says otherwise) under `subject`; resolves to its global id. */
  register(subject: string, schema: SchemaSource, options?: RegisterOptions): Promise<number> {
    return this.api.register(subject, schema, options);
  }

  /** The newest version of `subject`, or `undefined` when there is no such subject. */
  latest(subject: string): Promise<RegisteredSchema | undefined> {
    return this.api.latest(subject);
  }

  /** One version of `subject`, or `undefined` when it does not exist. */
  version(subject: string, version: number | 'latest'): Promise<RegisteredSchema | undefined> {
    return this.api.version(subject, version);
  }

  /** Version numbers of `subject`, oldest first; empty when it does not exist. */
  versions(subject: string): Promise<number[]> {
    return this.api.versions(subject);
  }

  /** Whether `schema` passes `subject`'s compatibility rule against its latest version. */
  isCompatible(subject: string, schema: SchemaSource, options?: RegisterOptions): Promise<boolean> {
    return this.api.isCompatible(subject, schema, options);
  }

  /** The compatibility level of `subject` (its own, else the global one), or the global one. */
  compatibility(subject?: string): Promise<CompatibilityLevel> {
    return this.api.compatibility(subject);
  }

  /** Set the compatibility level of `subject`, or the global one without a subject. */
  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void> {
    return this.api.setCompatibility(level, subject);
  }

  /** Delete `subject` and every version of it for good. */
  deleteSubject(subject: string): Promise<void> {
    return this.api.deleteSubject(subject);
  }

  /**
   * Delete every subject tests registered (soft-deleted ones too, for good,
   * all at once) and set the global compatibility back to the definition's.
   * Schema ids keep counting up, as in a registry that lives on.
   */
  async clean(): Promise<void> {
    await this.api.deleteAllSubjects();
    await this.api.setCompatibility(this.registryDefinition.defaultCompatibility);
  }
}
