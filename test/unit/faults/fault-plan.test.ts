import { describe, expect, it } from 'vitest';
import { effectiveFaults, faultScript, usesNetem } from '../../../src/faults/fault-plan.js';

describe('fault plan', () => {
  it('keeps the newest fault of each kind, and every kind', () => {
    const faults = effectiveFaults([
      { kind: 'loss', percent: 10 },
      { kind: 'partition' },
      { kind: 'loss', percent: 50 },
    ]);
    expect(faults).toEqual({ loss: { kind: 'loss', percent: 50 }, partition: { kind: 'partition' } });
  });

  it('puts tbf under netem when both are asked for', () => {
    const script = faultScript(
      [
        { kind: 'delay', ms: 200, jitterMs: 20 },
        { kind: 'bandwidth', kbit: 800 },
      ],
      true,
    );
    expect(script).toContain('tc qdisc add dev "$dev" root handle 1: netem delay 200ms 20ms || exit 3');
    expect(script).toContain('tc qdisc add dev "$dev" parent 1:1 handle 10: tbf rate 800kbit burst 3200 latency 400ms');
    // No iptables rule is needed: the chains are only emptied if they exist.
    expect(script).not.toContain('-j DROP');
  });

  it('drops a share of outgoing packets with iptables when the kernel has no netem', () => {
    const specs = [{ kind: 'loss', percent: 12.5 }] as const;
    expect(faultScript(specs, true)).toContain('netem loss 12.5%');
    const script = faultScript(specs, false);
    expect(script).not.toContain('netem');
    expect(script).toContain(
      'iptables -w -A SEAWORTHY_OUTPUT ! -o lo -m statistic --mode random --probability 0.125 -j DROP',
    );
    expect(usesNetem(specs, true)).toBe(true);
    expect(usesNetem(specs, false)).toBe(false);
  });

  it('partitions both ways, loopback excepted, and undoes everything for no faults', () => {
    const script = faultScript([{ kind: 'partition' }], true);
    expect(script).toContain('iptables -w -A SEAWORTHY_INPUT ! -i lo -j DROP');
    expect(script).toContain('iptables -w -A SEAWORTHY_OUTPUT ! -o lo -j DROP');
    const none = faultScript([], true);
    expect(none).toContain('tc qdisc del dev "$dev" root');
    expect(none).not.toContain('qdisc add');
    expect(none).not.toContain('-A ');
  });
});
