import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { assertHelperNetworkMode, joinsNetworks } from '../../../src/resources/launch/network-placement.js';

describe('helper network placement', () => {
  it('connects containers on the default bridge or a named network, never host, none or another container’s stack', () => {
    for (const mode of [undefined, '', 'default', 'bridge', 'my-net']) expect(joinsNetworks(mode)).toBe(true);
    for (const mode of ['host', 'none', 'container:abc']) expect(joinsNetworks(mode)).toBe(false);
  });

  it("accepts 'when-needed' and 'always' only", () => {
    expect(() => assertHelperNetworkMode('network', 'when-needed')).not.toThrow();
    expect(() => assertHelperNetworkMode('network', 'always')).not.toThrow();
    expect(() => assertHelperNetworkMode('network', 'lazy')).toThrow(InvalidOptionError);
    expect(() => assertHelperNetworkMode('network', undefined)).toThrow(/'when-needed' or 'always'/);
  });
});
