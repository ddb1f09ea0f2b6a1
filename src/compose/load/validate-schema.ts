import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ComposeFileError } from '../../errors/compose.js';
import schema from '../schema/compose-spec.json' with { type: 'json' };
import { keyPath, serviceOf } from './interpolate.js';

/*
 * Validating one file (after interpolation, before merging) against the
 * Compose Specification's JSON schema, bundled. Compiling the schema costs
 * tens of milliseconds, so one load compiles it at most once: the compiled
 * function lives in a {@link SchemaCache} the caller creates, never at module
 * level.
 */

/** Holds the compiled validator for one `loadComposeModel()` call. */
export interface SchemaCache {
  validate?: ValidateFunction;
}

function compiled(cache: SchemaCache): ValidateFunction {
  if (!cache.validate) {
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
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

function describe(errors: readonly ErrorObject[]): string {
  const types = errors.filter((e) => e.keyword === 'type').map((e) => String(e.params.type).replace(',', ' or '));
  const first = errors[0] as ErrorObject;
  switch (first.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(first.params.additionalProperty)}" (check its spelling and indentation)`;
    case 'required':
      return `missing the required key "${String(first.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${[...new Set(types)].join(' or ')}`;
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
  const service = serviceOf(segments);
  const key = keyPath(segments);
  const problem = here.length > 0 ? describe(here) : describe(errors);
  throw new ComposeFileError(
    { file, ...(service !== undefined && { service }), ...(key && { key }) },
    `${problem}, as the Compose Specification's schema says`,
  );
}
