import { errorMessage, SeaworthyError } from './base.js';

/**
 * A request to a schema registry's Confluent-compatible REST API failed: no
 * answer, or an error status. `errorCode` is the registry's own
 * `error_code` (e.g. 40401 no such subject, 409 incompatible schema), when it
 * sent one.
 */
export class SchemaRegistryRequestError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_SCHEMA_REGISTRY_REQUEST';
  readonly method: string;
  readonly url: string;
  /** The HTTP status; `undefined` when no answer came. */
  readonly status: number | undefined;
  /** The registry's `error_code` from the answer's JSON, when present. */
  readonly errorCode: number | undefined;
  /** The answer's body, at most 2,000 characters. */
  readonly body: string;

  constructor(method: string, url: string, status: number | undefined, body: string, cause?: unknown) {
    const parsed = parseError(body);
    const what =
      status === undefined
        ? `got no answer: ${errorMessage(cause)}. Is the registry running (its log: container.logs()), and is this its URL?`
        : status === 409
          ? `was refused (HTTP 409): ${parsed.message ?? 'the schema is incompatible'}. The subject's compatibility ` +
            'rule rejects this schema: change the schema so it evolves compatibly, or set a looser compatibility ' +
            'for the subject (setCompatibility) if that is what the test means'
          : status === 404
            ? `found nothing (HTTP 404${parsed.errorCode ? `, error_code ${parsed.errorCode}` : ''}): ` +
              `${parsed.message ?? 'no such subject or version'}. Check the subject name (e.g. '<topic>-value') and version`
            : `answered HTTP ${status}${parsed.errorCode ? ` (error_code ${parsed.errorCode})` : ''}: ` +
              `${parsed.message ?? (body.trim().slice(0, 300) || 'no body')}. Check the request and the registry's log`;
    super('SEAWORTHY_SCHEMA_REGISTRY_REQUEST', `schema registry request ${method} ${url} ${what}`, { cause });
    this.method = method;
    this.url = url;
    this.status = status;
    this.errorCode = parsed.errorCode;
    this.body = body.slice(0, 2_000);
  }
}

/** `{"error_code": 40401, "message": "…"}`, the Confluent API's error body. */
function parseError(body: string): { errorCode?: number; message?: string } {
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    return {
      ...(typeof parsed.error_code === 'number' && parsed.error_code !== 0 ? { errorCode: parsed.error_code } : {}),
      ...(typeof parsed.message === 'string' ? { message: parsed.message } : {}),
    };
  } catch {
    return {};
  }
}
