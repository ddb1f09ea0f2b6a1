import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ComposeFileError } from '../../errors/compose.js';
import schema from '../schema/compose-spec.json' with { type: 'json' };
import { keyPath, serviceOf } from './interpolate.js';

/*
 * Validating one file (after interpolation, before merging) against the
 * Compose Specification's JSON schema, bundled. Compiling the schema costs
 * a few hundred milliseconds, so one load compiles it at most once: the compiled
 * function lives in a {@link SchemaCache} the caller creates, never at module
 * level.
 */

/** Holds the compiled validator for one `loadComposeModel()` call. */
export interface SchemaCache {
  validate?: ValidateFunction;
}

function compiled(cache: SchemaCache): ValidateFunction {
  if (!cache.validate) {
    // Not inlining the schema's many shared definitions and skipping the code optimiser cut compiling
    // from about 1 s to about 0.2 s (measured on a loaded 2-core machine); validating a file stays instant.
    const ajv = new Ajv({
      strict: false,
      allErrors: false,
      validateFormats: false,
      inlineRefs: false,
      code: { optimize: false },
    });
    // Ajv's default meta-schema is draft-07; it does not know the https spelling of its id the file gives.
    const { $schema: _metaSchema, ...body } = schema as Record<string, unknown>;
    cache.validate = ajv.compile(body);
  }
  return cache.validate;
}

/** `/services/api/ports/0` as path segments, array indexes as numbers. */
function segmentsOf(pointer: string, data: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = (node as Record<string, unknown> | undefined)?.[seg];
    }
  }
  return out;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};

function oneOf(words: readonly string[]): string {
  const unique = [...new Set(words)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function describe(errors: readonly ErrorObject[]): string {
  const types = errors
    .filter((e) => e.keyword === 'type')
    .flatMap((e) => String(e.params.type).split(','))
    .map((t) => TYPE_WORDS[t] ?? t);
  const first = errors[0] as ErrorObject;
  switch (first.keyword) {
    case 'additionalProperties':
      return 'is not a key of the Compose Specification here (check its spelling and indentation)';
    case 'required':
      return `needs the key "${String(first.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${oneOf(types)}`;
    default:
      return first.message ?? 'does not match the Compose Specification';
  }
}

/** Throws a `ComposeFileError` naming the file, service and key of the first schema violation. */
export function validateAgainstSchema(data: unknown, file: string, cache: SchemaCache): void {
  const validate = compiled(cache);
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  // The deepest path is the most precise; its errors together say what was expected there.
  const deepest = errors.reduce(
    (a, e) => (e.instancePath.split('/').length > a.split('/').length ? e.instancePath : a),
    errors[0]?.instancePath ?? '',
  );
  const here = errors.filter((e) => e.instancePath === deepest && e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const segments = segmentsOf(deepest, data);
  const extra = here[0]?.keyword === 'additionalProperties' ? here[0].params.additionalProperty : undefined;
  if (typeof extra === 'string') segments.push(extra);
  const service = serviceOf(segments);
  const key = keyPath(segments);
  const problem = here.length > 0 ? describe(here) : describe(errors);
  throw new ComposeFileError(
    { file, ...(service !== undefined && { service }), ...(key && { key }) },
    `${problem}; checked against the Compose Specification's schema (docs/compose-files.md lists what seaworthy reads)`,
  );
}
