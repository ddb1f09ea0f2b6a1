import { Pool } from 'undici';
import { InvalidOptionError, SchemaRegistryRequestError } from '../../errors/index.js';

/** Schema formats the Confluent API knows. AVRO is the default when a request names none. */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

/** Compatibility levels of the Confluent API. */
export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';

export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

/** A schema reference (Protobuf imports, JSON Schema `$ref`s, Avro named types from other subjects). */
export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as text (JSON for Avro and JSON Schema), or an object that is sent as its JSON. */
export type SchemaSource = string | object;

export interface RegisterOptions {
  /** @default 'AVRO' */
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
}

/** A registered version of a subject, as `GET /subjects/<subject>/versions/<version>` returns it. */
export interface RegisteredSchema {
  readonly subject: string;
  /** The schema's global id: what serialised messages carry after the magic byte. */
  readonly id: number;
  readonly version: number;
  /** The schema text as registered. */
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly SchemaReference[];
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
/** error_code of "subject not found" in the Confluent API. */
const SUBJECT_NOT_FOUND = 40401;

/**
 * A small client for the Confluent Schema Registry REST API: what tests need
 * to arrange and inspect schemas, not a serializer (use a client library such
 * as @kafkajs/confluent-schema-registry for that). `baseUrl` is called for
 * each request: a restart can publish the registry on another port.
 */
export class SchemaRegistryApi {
  private pool: Pool | undefined;
  private poolOrigin: string | undefined;

  /**
   * `apicurio`: the registry is Apicurio, whose Confluent API answers NONE
   * for a subject without a level of its own; its native API says whether
   * the subject has one.
   */
  constructor(
    private readonly baseUrl: () => string,
    private readonly options: { readonly apicurio?: boolean } = {},
  ) {}

  /** Subjects, sorted (`GET /subjects`); with `deleted`, soft-deleted ones too. */
  async subjects(options: { readonly deleted?: boolean } = {}): Promise<string[]> {
    const list = await this.json<string[]>('GET', `/subjects${options.deleted ? '?deleted=true' : ''}`);
    return [...list].sort();
  }

  /** Register `schema` under `subject` (a new version, or the existing one if identical); resolves to its id. */
  async register(subject: string, schema: SchemaSource, options: RegisterOptions = {}): Promise<number> {
    const body = schemaBody(schema, options);
    const answer = await this.json<{ id: number }>('POST', `/subjects/${subjectPath(subject)}/versions`, body);
    return answer.id;
  }

  /** The newest version of `subject`; `undefined` when the registry has no such subject. */
  latest(subject: string): Promise<RegisteredSchema | undefined> {
    return this.version(subject, 'latest');
  }

  /** One version of `subject` (a number, or 'latest'); `undefined` when the subject or version does not exist. */
  async version(subject: string, version: number | 'latest'): Promise<RegisteredSchema | undefined> {
    if (version !== 'latest' && !(Number.isInteger(version) && version > 0)) {
      throw new InvalidOptionError('version', `${JSON.stringify(version)} must be a whole number from 1, or 'latest'`);
    }
    const path = `/subjects/${subjectPath(subject)}/versions/${version}`;
    const found = await this.json<RawSchema>('GET', path, undefined, [404]);
    return found === undefined ? undefined : registered(found, subject);
  }

  /** The version numbers of `subject`, oldest first; empty when it does not exist. */
  async versions(subject: string): Promise<number[]> {
    const found = await this.json<number[]>('GET', `/subjects/${subjectPath(subject)}/versions`, undefined, [404]);
    return found ?? [];
  }

  /** Whether `schema` could be registered under `subject` by its compatibility rule (against its latest version). */
  async isCompatible(subject: string, schema: SchemaSource, options: RegisterOptions = {}): Promise<boolean> {
    const path = `/compatibility/subjects/${subjectPath(subject)}/versions/latest`;
    const answer = await this.json<{ is_compatible: boolean }>('POST', path, schemaBody(schema, options), [404]);
    // No version yet: anything may be registered.
    return answer === undefined ? true : answer.is_compatible === true;
  }

  /** The compatibility level of `subject`, or the global one without a subject. */
  async compatibility(subject?: string): Promise<CompatibilityLevel> {
    if (subject !== undefined && this.options.apicurio && !(await this.hasOwnLevel(subject))) {
      return this.compatibility();
    }
    const path = subject === undefined ? '/config' : `/config/${subjectPath(subject)}?defaultToGlobal=true`;
    const answer = await this.json<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>(
      'GET',
      path,
    );
    const level = answer.compatibilityLevel ?? answer.compatibility;
    if (level === undefined) throw this.failed('GET', path, 200, JSON.stringify(answer));
    return level;
  }

  /** Set the compatibility level of `subject`, or the global one without a subject. */
  async setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void> {
    checkLevel('compatibility', level);
    const path = subject === undefined ? '/config' : `/config/${subjectPath(subject)}`;
    await this.json('PUT', path, { compatibility: level });
  }

  /**
   * Delete `subject` and all its versions for good: a soft delete (unless it
   * is soft-deleted already), then the permanent one. No-op when it does not exist.
   */
  async deleteSubject(subject: string): Promise<void> {
    subjectPath(subject); // a bad name fails before any request
    await this.removeSubject(subject, (await this.subjects()).includes(subject));
  }

  /**
   * Delete every subject, soft-deleted ones too, for good, all at once.
   * Resolves to the subjects deleted.
   */
  async deleteAllSubjects(): Promise<string[]> {
    const [live, all] = await Promise.all([this.subjects(), this.subjects({ deleted: true })]);
    await Promise.all(all.map((subject) => this.removeSubject(subject, live.includes(subject))));
    return all;
  }

  /**
   * A soft delete first when the subject is live (Confluent's registry
   * deletes permanently only what is soft-deleted; Apicurio refuses to
   * soft-delete twice, with HTTP 400), then the permanent delete.
   */
  private async removeSubject(subject: string, live: boolean): Promise<void> {
    const path = `/subjects/${subjectPath(subject)}`;
    if (live) await this.json('DELETE', path, undefined, [404]);
    await this.json('DELETE', `${path}?permanent=true`, undefined, [404]);
  }

  /** Apicurio: whether `subject` has a compatibility rule of its own (native API, group `default`). */
  private async hasOwnLevel(subject: string): Promise<boolean> {
    const path = `/groups/default/artifacts/${subjectPath(subject)}/rules`;
    const rules = await this.json<string[]>('GET', path, undefined, [404], '/apis/registry/v2');
    return rules?.includes('COMPATIBILITY') === true;
  }

  /** Close the connections. Idempotent. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool && !pool.closed && !pool.destroyed) await pool.close().catch(() => undefined);
  }

  /**
   * Send a request and parse the JSON answer. A status in `missing` (404)
   * resolves to `undefined` when the registry says the subject or version
   * does not exist; any other error status throws.
   */
  private async json<T>(
    method: string,
    path: string,
    body?: object,
    missing: readonly number[] = [],
    /** Another API of the same server: its path replaces the Confluent API's `/apis/ccompat/v<n>`. */
    sibling?: string,
  ): Promise<T> {
    const url = new URL(this.baseUrl());
    const base = url.pathname.replace(/\/$/, '');
    const fullPath = `${sibling ? base.replace(/\/apis\/ccompat\/v\d+$/, sibling) : base}${path}`;
    let status: number;
    let text: string;
    try {
      const response = await this.poolFor(url.origin).request({
        path: fullPath,
        method: method as 'GET',
        headers: { accept: `${CONTENT_TYPE}, application/json`, ...(body ? { 'content-type': CONTENT_TYPE } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw this.failed(method, path, undefined, '', error);
    }
    if (missing.includes(status)) return undefined as T;
    if (status < 200 || status >= 300) throw this.failed(method, path, status, text);
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch (error) {
      throw this.failed(method, path, status, `not JSON: ${text}`, error);
    }
  }

  private poolFor(origin: string): Pool {
    if (this.pool && this.poolOrigin === origin) return this.pool;
    void this.close();
    this.poolOrigin = origin;
    this.pool = new Pool(origin, { connections: 8 });
    return this.pool;
  }

  private failed(method: string, path: string, status: number | undefined, body: string, cause?: unknown) {
    return new SchemaRegistryRequestError(method, `${this.baseUrl().replace(/\/$/, '')}${path}`, status, body, cause);
  }
}

interface RawSchema {
  readonly subject?: string;
  readonly id: number;
  readonly version: number;
  readonly schema: string;
  readonly schemaType?: SchemaType;
  readonly references?: readonly SchemaReference[];
}

function registered(raw: RawSchema, subject: string): RegisteredSchema {
  return {
    subject: raw.subject ?? subject,
    id: raw.id,
    version: raw.version,
    schema: raw.schema,
    schemaType: raw.schemaType ?? 'AVRO',
    references: raw.references ?? [],
  };
}

/** The body of a register or compatibility request; checks the schema and its type first. */
export function schemaBody(schema: SchemaSource, options: RegisterOptions): object {
  if (typeof schema !== 'string' && (typeof schema !== 'object' || schema === null)) {
    throw new InvalidOptionError('schema', `must be the schema's text or an object, got ${JSON.stringify(schema)}`);
  }
  const type = options.schemaType ?? 'AVRO';
  if (!['AVRO', 'JSON', 'PROTOBUF'].includes(type)) {
    throw new InvalidOptionError('schemaType', `${JSON.stringify(type)} must be 'AVRO', 'JSON' or 'PROTOBUF'`);
  }
  return {
    schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
    // AVRO is the API's default: leave it out, as clients do.
    ...(type === 'AVRO' ? {} : { schemaType: type }),
    ...(options.references?.length ? { references: options.references } : {}),
  };
}

function subjectPath(subject: string): string {
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
    throw new InvalidOptionError(
      'subject',
      `${JSON.stringify(subject)} must be a non-empty string of at most 255 characters, e.g. 'orders-value'`,
    );
  }
  return encodeURIComponent(subject);
}

export function checkLevel(option: string, level: unknown): asserts level is CompatibilityLevel {
  if (!COMPATIBILITY_LEVELS.includes(level as CompatibilityLevel)) {
    throw new InvalidOptionError(option, `${JSON.stringify(level)} must be one of ${COMPATIBILITY_LEVELS.join(', ')}`);
  }
}

export { SUBJECT_NOT_FOUND };
