/*
 * Durations and sizes as compose files write them: Go durations (`1m30s`,
 * `500ms`, `10s`, `1.5h`) and byte sizes (`64m`, `1g`, `512k`, `1gb`, a plain
 * number of bytes; units are powers of 1024, as Docker reads them). Each
 * returns `undefined` for text it can't read; the caller names the key.
 */

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration in milliseconds (rounded), or `undefined`. A bare `0` is zero. */
export function parseDurationMs(text: string | number): number | undefined {
  if (typeof text === 'number') return text === 0 ? 0 : undefined;
  const s = text.trim();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  if (s.length === 0) return undefined;
  while (at < s.length) {
    part.lastIndex = at;
    const m = part.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * (DURATION_UNITS[m[2] as string] as number);
    at = part.lastIndex;
  }
  return Math.round(total);
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** A size in bytes (rounded down), or `undefined`. */
export function parseSizeBytes(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = SIZE_UNITS[(m[2] as string).toLowerCase()];
  return unit === undefined ? undefined : Math.floor(Number(m[1]) * unit);
}

/** An integer written as a number or as text (`"3"`, after interpolation), or `undefined`. */
export function parseInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean written as one or as text (`"true"`, `"false"`, after interpolation), or `undefined`. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === '0') return false;
  return undefined;
}
