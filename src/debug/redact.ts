/**
 * Redaction for debug output: secrets never reach a log line, whatever shape
 * they arrive in (an env array, an object, a command, free text, a URL).
 * Pure functions, no imports: the rules are listed in docs/debugging.md.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '***';

/**
 * Names whose values are secret (any case): *PASS* (PASSWORD, PASSWD, PASSPHRASE, RABBITMQ_DEFAULT_PASS),
 * *PWD* (MYSQL_PWD), *SECRET*, *TOKEN*, *KEY*, *CREDENTIAL*, *AUTH* (AUTHORIZATION).
 */
const SECRET_NAME = /pass|pwd|secret|token|key|credential|auth/i;

/** `scheme://user:password@` (the password may contain `@`; it ends at the last `@` before the path). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#]*)@/gi;

/** `NAME=value` inside text (a command line, a query string); the value ends at a blank, `&`, `,` or `;`. */
const INLINE_ASSIGNMENT = /(^|[^\w.])([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s&,;]*)/g;

/** `"name": "value"` inside JSON text. */
const JSON_MEMBER = /"([^"\\]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** SQL `PASSWORD 'value'` (CREATE/ALTER USER … WITH PASSWORD '…'). */
const SQL_PASSWORD = /\b(PASSWORD\s+)'(?:[^']|'')*'/gi;

/** `NAME=value` as a whole string: one entry of an env array. The value may hold blanks. */
const ENV_ENTRY = /^([A-Za-z_][\w.-]*)=/;

/** Whether a variable, field or label name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Mask the password of every URL with credentials in `text`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
}

/**
 * Redact a string: a whole `SECRET_NAME=value` env entry, `NAME=value` pairs
 * with a secret-looking name, JSON members with such a name, SQL passwords,
 * and URL credentials anywhere in it.
 */
export function redactText(text: string): string {
  const entry = ENV_ENTRY.exec(text);
  if (entry?.[1] && isSecretName(entry[1])) return `${entry[1]}=${REDACTED}`;
  return redactUrlCredentials(text)
    .replace(INLINE_ASSIGNMENT, (match, before: string, name: string) =>
      isSecretName(name) ? `${before}${name}=${REDACTED}` : match,
    )
    .replace(JSON_MEMBER, (match, name: string, colon: string) =>
      isSecretName(name) ? `"${name}"${colon}"${REDACTED}"` : match,
    )
    .replace(SQL_PASSWORD, `$1'${REDACTED}'`);
}

/**
 * A copy of `value` safe to log: strings go through {@link redactText}, object
 * members with a secret-looking name are masked, arrays and plain objects are
 * walked (to `depth` levels), buffers and other objects are summarised.
 */
export function redact(value: unknown, depth = 8): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (depth <= 0) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth - 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `[${value.constructor?.name ?? 'object'}]`;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] =
      isSecretName(key) && member !== null && member !== undefined && typeof member !== 'object'
        ? REDACTED
        : redact(member, depth - 1);
  }
  return copy;
}

/** {@link redact}, as compact JSON cut to `maxLength` characters, for one log line. */
export function redactedJson(value: unknown, maxLength = 400): string {
  const text = JSON.stringify(redact(value)) ?? String(value);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
