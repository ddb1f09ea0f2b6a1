import { describe, expect, it } from 'vitest';
import { SiblingAttachment } from '../../../src/engine/host/host-resolution-sibling.js';
import { ContainerUnreachableError } from '../../../src/errors/index.js';

const RUNNER = 'f'.repeat(64);

function attachment(ownNetworks: string[] = ['bridge']) {
  const calls: string[] = [];
  const sibling = new SiblingAttachment(
    {
      async connect(network, container) {
        calls.push(`connect ${network} ${container.slice(0, 4)}`);
      },
      async disconnect(network, container) {
        calls.push(`disconnect ${network} ${container.slice(0, 4)}`);
      },
    },
    RUNNER,
    ownNetworks,
  );
  return { sibling, calls };
}

describe('SiblingAttachment', () => {
  it('joins and leaves networks with the runner container', async () => {
    const { sibling, calls } = attachment();
    await sibling.join('net1');
    await sibling.leave('net1');
    expect(calls).toEqual(['connect net1 ffff', 'disconnect net1 ffff']);
  });

  it('reaches a container at its address on a network the runner joined', async () => {
    const { sibling } = attachment();
    await sibling.join('net1');
    sibling.record('c1', {
      bridge: { NetworkID: 'b', IPAddress: '172.17.0.3' },
      ns_default: { NetworkID: 'net1', IPAddress: '172.20.0.2' },
    });
    expect(sibling.address('c1', 'web')).toBe('172.20.0.2');
  });

  it('falls back to a network the runner was on from the start (e.g. a CI job network)', () => {
    const { sibling } = attachment(['job-net']);
    sibling.record('c1', { 'job-net': { NetworkID: 'j', IPAddress: '10.0.0.9' } });
    expect(sibling.address('c1', 'web')).toBe('10.0.0.9');
  });

  it('says which container cannot be reached and what to do', async () => {
    const { sibling } = attachment([]);
    await sibling.join('net1');
    sibling.record('c1', { other: { NetworkID: 'x', IPAddress: '10.9.0.2' } });
    expect(() => sibling.address('c1', 'web')).toThrow(ContainerUnreachableError);
    expect(() => sibling.address('c1', 'web')).toThrow(
      /container 'web' cannot be reached from this runner container \(ffffffffffff\): it is on no network the runner joined \(it is on: other\).*SEAWORTHY_HOST/,
    );
    sibling.forget('c1');
    expect(() => sibling.address('c1', 'web')).toThrow(/it was not started here/);
  });

  it('no longer uses a network it left', async () => {
    const { sibling } = attachment([]);
    await sibling.join('net1');
    sibling.record('c1', { n: { NetworkID: 'net1', IPAddress: '172.20.0.2' } });
    await sibling.leave('net1');
    expect(() => sibling.address('c1', 'web')).toThrow(ContainerUnreachableError);
  });
});
