import { describe, expect, it } from 'vitest';
import { InvalidOptionError, NetworkDefinition, type NetworkOptions } from '../../../src/index.js';
import {
  assertValidIpam,
  containsAddress,
  containsRange,
  formatIpv4,
  parseIpv4,
  parseIpv4Cidr,
} from '../../../src/resources/definitions/network-ipam.js';

function problem(ipam: unknown): { option: string; message: string } {
  try {
    assertValidIpam('net.ipam', ipam);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return { option: (error as InvalidOptionError).option, message: (error as Error).message };
  }
  throw new Error(`accepted ${JSON.stringify(ipam)}`);
}

describe('parseIpv4', () => {
  it('reads dotted quads', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('10.213.5.1')).toBe(((10 * 256 + 213) * 256 + 5) * 256 + 1);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '10.213.5',
      '10.213.5.1.2',
      '10.213.256.1',
      '10.213.-1.1',
      '10.213.05.1',
      'a.b.c.d',
      '10.213.5.1 ',
    ]) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });

  it('formats back', () => {
    expect(formatIpv4(parseIpv4('10.213.77.128') as number)).toBe('10.213.77.128');
  });
});

describe('parseIpv4Cidr', () => {
  it('reads a range with its prefix', () => {
    expect(parseIpv4Cidr('10.213.5.0/24')).toEqual({ base: parseIpv4('10.213.5.0'), prefix: 24 });
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    expect(parseIpv4Cidr('10.213.5.7/32')).toEqual({ base: parseIpv4('10.213.5.7'), prefix: 32 });
  });

  it('says what is wrong', () => {
    expect(parseIpv4Cidr('10.213.5.0')).toMatch(/not in CIDR form/);
    expect(parseIpv4Cidr('10.213.5.0/33')).toMatch(/prefix length "33"/);
    expect(parseIpv4Cidr('10.213.5.0/')).toMatch(/prefix length ""/);
    expect(parseIpv4Cidr('10.213.5.0/2x')).toMatch(/prefix length/);
    expect(parseIpv4Cidr('10.213.5/24')).toMatch(/no valid IPv4 address/);
    expect(parseIpv4Cidr('fd00::/64')).toMatch(/IPv6/);
    expect(parseIpv4Cidr('10.213.5.1/24')).toMatch(/host bits set.*did you mean "10\.213\.5\.0\/24"/);
  });
});

describe('containment', () => {
  const net = parseIpv4Cidr('10.213.5.0/24') as { base: number; prefix: number };
  it('of addresses: the first and last are in, the neighbours out', () => {
    expect(containsAddress(net, parseIpv4('10.213.5.0') as number)).toBe(true);
    expect(containsAddress(net, parseIpv4('10.213.5.255') as number)).toBe(true);
    expect(containsAddress(net, parseIpv4('10.213.4.255') as number)).toBe(false);
    expect(containsAddress(net, parseIpv4('10.213.6.0') as number)).toBe(false);
  });

  it('of ranges: equal and narrower inside, wider or elsewhere not', () => {
    const range = (text: string) => parseIpv4Cidr(text) as { base: number; prefix: number };
    expect(containsRange(net, range('10.213.5.0/24'))).toBe(true);
    expect(containsRange(net, range('10.213.5.128/25'))).toBe(true);
    expect(containsRange(net, range('10.213.4.0/23'))).toBe(false);
    expect(containsRange(net, range('10.213.6.0/25'))).toBe(false);
  });
});

describe('assertValidIpam', () => {
  it('accepts a subnet alone, or with a gateway and an ipRange inside it', () => {
    expect(() => assertValidIpam('net.ipam', { subnet: '10.213.5.0/24' })).not.toThrow();
    expect(() =>
      assertValidIpam('net.ipam', { subnet: '10.213.5.0/24', gateway: '10.213.5.254', ipRange: '10.213.5.128/25' }),
    ).not.toThrow();
    // A /31 or /32 has no network or broadcast address to avoid.
    expect(() => assertValidIpam('net.ipam', { subnet: '10.213.5.0/31', gateway: '10.213.5.0' })).not.toThrow();
  });

  it('names the field at fault', () => {
    expect(problem({ subnet: 'nope' }).option).toBe('net.ipam.subnet');
    expect(problem({ subnet: 24 }).option).toBe('net.ipam.subnet');
    expect(problem({ gateway: '10.213.5.1' })).toMatchObject({ option: 'net.ipam.subnet', message: /required/ });
    expect(problem({ subnet: '10.213.5.0/24', gateway: '10.213.6.1' })).toMatchObject({
      option: 'net.ipam.gateway',
      message: /outside the subnet "10\.213\.5\.0\/24"/,
    });
    expect(problem({ subnet: '10.213.5.0/24', gateway: 'gw' }).option).toBe('net.ipam.gateway');
    expect(problem({ subnet: '10.213.5.0/24', gateway: '10.213.5.0' }).message).toMatch(/network address/);
    expect(problem({ subnet: '10.213.5.0/24', gateway: '10.213.5.255' }).message).toMatch(/broadcast address/);
    expect(problem({ subnet: '10.213.5.0/24', ipRange: '10.213.4.0/23' })).toMatchObject({
      option: 'net.ipam.ipRange',
      message: /not inside the subnet/,
    });
    expect(problem({ subnet: '10.213.5.0/24', ipRange: '10.213.5.1/25' }).message).toMatch(/host bits/);
    expect(problem({ subnet: '10.213.5.0/24', iprange: '10.213.5.0/25' })).toMatchObject({
      option: 'net.ipam.iprange',
      message: /did you mean `ipRange`/,
    });
    expect(problem('10.213.5.0/24').option).toBe('net.ipam');
  });

  it('runs when a NetworkDefinition is built, with the definition name in the path', () => {
    const build = (options: unknown) => () => new NetworkDefinition('backend', options as NetworkOptions);
    expect(build({ ipam: { subnet: '10.213.5.0/24', ipRange: '10.213.9.0/25' } })).toThrow(
      expect.objectContaining({ option: 'backend.ipam.ipRange' }),
    );
    expect(build({ driverOptions: { mtu: 1400 } })).toThrow(
      expect.objectContaining({ option: 'backend.driverOptions["mtu"]' }),
    );
    expect(build({ attachable: 'yes' })).toThrow(expect.objectContaining({ option: 'backend.attachable' }));
    expect(build({ ipman: {} })).toThrow(/did you mean `ipam`/);
  });
});
