import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { assertKnownKeys } from './validation.js';

/** Fixed addressing for a network (IPv4). Checked when the definition is built. */
export interface NetworkIpamOptions {
  /** The network's range, in CIDR form, e.g. `'10.213.5.0/24'` (host bits zero). */
  readonly subnet: string;
  /** The bridge's own address: a host address inside `subnet`. @default the engine picks the first one */
  readonly gateway?: string;
  /** Where containers' addresses come from: a CIDR range inside `subnet`. @default all of `subnet` */
  readonly ipRange?: string;
}

/** An IPv4 range: its first address and prefix length. */
export interface Ipv4Cidr {
  /** The network address, as a 32-bit unsigned number. */
  readonly base: number;
  readonly prefix: number;
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** A dotted-quad IPv4 address as a 32-bit unsigned number, or `undefined` when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** `10.213.5.0` from its number. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Number of addresses in a range of this prefix length. */
function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Parse `a.b.c.d/n`. Returns the range, or a sentence saying what is wrong
 * with it (not an address, a bad prefix, host bits set).
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'is not in CIDR form: write the address and a prefix length, e.g. "10.213.5.0/24"';
  const address = parseIpv4(text.slice(0, slash));
  if (address === undefined) {
    if (text.includes(':')) return 'is an IPv6 range; only IPv4 subnets are supported';
    return `has no valid IPv4 address before the '/' ("${text.slice(0, slash)}")`;
  }
  const prefixText = text.slice(slash + 1);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= 32))
    return `has prefix length "${prefixText}"; it must be a whole number from 0 to 32`;
  const base = address - (address % sizeOf(prefix));
  if (base !== address) {
    return `has host bits set after the /${prefix} prefix; did you mean "${formatIpv4(base)}/${prefix}"?`;
  }
  return { base, prefix };
}

/** Whether `address` lies inside `range`. */
export function containsAddress(range: Ipv4Cidr, address: number): boolean {
  return address >= range.base && address < range.base + sizeOf(range.prefix);
}

/** Whether `inner` lies wholly inside `outer`. */
export function containsRange(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && containsAddress(outer, inner.base);
}

/**
 * Check a network's `ipam` option: `subnet` a valid IPv4 CIDR, `gateway` a
 * host address inside it (not its network or broadcast address, which the
 * engine refuses), `ipRange` a CIDR inside it. Throws `InvalidOptionError`
 * naming the field (`<option>.subnet`, …).
 */
export function assertValidIpam(option: string, ipam: unknown): asserts ipam is NetworkIpamOptions {
  if (ipam === null || typeof ipam !== 'object' || Array.isArray(ipam)) {
    throw new InvalidOptionError(
      option,
      `${describeValue(ipam)} is not an object; write e.g. { subnet: '10.213.5.0/24', gateway: '10.213.5.1' }`,
    );
  }
  assertKnownKeys(option, ipam, ['subnet', 'gateway', 'ipRange']);
  const { subnet, gateway, ipRange } = ipam as Record<string, unknown>;
  if (subnet === undefined) {
    throw new InvalidOptionError(`${option}.subnet`, 'is required with `ipam`, e.g. "10.213.5.0/24"');
  }
  const range = cidrOption(`${option}.subnet`, subnet);
  if (gateway !== undefined) {
    if (typeof gateway !== 'string' || parseIpv4(gateway) === undefined) {
      throw new InvalidOptionError(`${option}.gateway`, `${describeValue(gateway)} is not an IPv4 address`);
    }
    const address = parseIpv4(gateway) as number;
    if (!containsAddress(range, address)) {
      throw new InvalidOptionError(`${option}.gateway`, `"${gateway}" is outside the subnet "${subnet}"`);
    }
    const last = range.base + sizeOf(range.prefix) - 1;
    if (range.prefix <= 30 && (address === range.base || address === last)) {
      throw new InvalidOptionError(
        `${option}.gateway`,
        `"${gateway}" is the ${address === range.base ? 'network' : 'broadcast'} address of "${subnet}"; ` +
          `pick a host address, e.g. "${formatIpv4(range.base + 1)}"`,
      );
    }
  }
  if (ipRange !== undefined) {
    const inner = cidrOption(`${option}.ipRange`, ipRange);
    if (!containsRange(range, inner)) {
      throw new InvalidOptionError(`${option}.ipRange`, `"${ipRange}" is not inside the subnet "${subnet}"`);
    }
  }
}

function cidrOption(option: string, value: unknown): Ipv4Cidr {
  if (typeof value !== 'string') {
    throw new InvalidOptionError(option, `${describeValue(value)} is not a string; write a CIDR, e.g. "10.213.5.0/24"`);
  }
  const parsed = parseIpv4Cidr(value);
  if (typeof parsed === 'string') throw new InvalidOptionError(option, `"${value}" ${parsed}`);
  return parsed;
}
