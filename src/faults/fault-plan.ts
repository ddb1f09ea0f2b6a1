import type { FaultKind } from '../errors/index.js';

/** One network fault, as `Faults` was asked for it (validated). */
export type FaultSpec =
  | { readonly kind: 'delay'; readonly ms: number; readonly jitterMs: number }
  | { readonly kind: 'loss'; readonly percent: number }
  | { readonly kind: 'bandwidth'; readonly kbit: number }
  | { readonly kind: 'partition' };

/** The faults in force: of each kind, the newest one still applied. */
export interface EffectiveFaults {
  readonly delay?: Extract<FaultSpec, { kind: 'delay' }>;
  readonly loss?: Extract<FaultSpec, { kind: 'loss' }>;
  readonly bandwidth?: Extract<FaultSpec, { kind: 'bandwidth' }>;
  readonly partition?: Extract<FaultSpec, { kind: 'partition' }>;
}

/** Kinds stack; of one kind, the newest fault wins until it is removed, then the one before it is back. */
export function effectiveFaults(active: readonly FaultSpec[]): EffectiveFaults {
  const out: { -readonly [K in FaultKind]?: FaultSpec } = {};
  for (const spec of active) out[spec.kind] = spec;
  return out as EffectiveFaults;
}

/** Whether applying these faults with netem asks the kernel for the `sch_netem` qdisc. */
export function usesNetem(active: readonly FaultSpec[], netem: boolean): boolean {
  const faults = effectiveFaults(active);
  return faults.delay !== undefined || (netem && faults.loss !== undefined);
}

/** What tc answers when the kernel has no such qdisc (here: no `sch_netem`). */
export const UNKNOWN_QDISC = /qdisc kind is unknown/i;

/** The iptables chains the sidecar owns, jumped to from INPUT and OUTPUT (the image's entrypoint removes them too). */
const CHAINS = ['INPUT', 'OUTPUT'] as const;

/**
 * The shell script a fault sidecar runs to bring the container's network to
 * exactly `active`: the root qdisc of every interface but `lo` rebuilt
 * (netem for delay, jitter and, with `netem`, loss; tbf for bandwidth, under
 * netem when both), and the SEAWORTHY_INPUT/OUTPUT iptables chains refilled
 * (partition: drop everything but loopback both ways; loss without netem:
 * drop that share of outgoing packets). Faults act on packets leaving the
 * container, as netem does, except partition, which drops both ways.
 */
export function faultScript(active: readonly FaultSpec[], netem: boolean): string {
  const faults = effectiveFaults(active);
  const lines = ['for dev in $(ls /sys/class/net); do', '  [ "$dev" = lo ] && continue'];
  lines.push('  tc qdisc del dev "$dev" root 2>/dev/null');
  const netemArgs = [
    ...(faults.delay
      ? ['delay', `${faults.delay.ms}ms`, ...(faults.delay.jitterMs ? [`${faults.delay.jitterMs}ms`] : [])]
      : []),
    ...(netem && faults.loss ? ['loss', `${faults.loss.percent}%`] : []),
  ];
  if (netemArgs.length) lines.push(`  tc qdisc add dev "$dev" root handle 1: netem ${netemArgs.join(' ')} || exit 3`);
  if (faults.bandwidth) {
    const parent = netemArgs.length ? 'parent 1:1 handle 10:' : 'root handle 1:';
    lines.push(`  tc qdisc add dev "$dev" ${parent} tbf ${tbfArgs(faults.bandwidth.kbit)} || exit 4`);
  }
  lines.push('done');

  const rules: string[] = [];
  if (faults.partition) rules.push('SEAWORTHY_INPUT ! -i lo -j DROP', 'SEAWORTHY_OUTPUT ! -o lo -j DROP');
  if (faults.loss && !netem) {
    const p = faults.loss.percent;
    rules.push(
      p >= 100
        ? 'SEAWORTHY_OUTPUT ! -o lo -j DROP'
        : `SEAWORTHY_OUTPUT ! -o lo -m statistic --mode random --probability ${probability(p)} -j DROP`,
    );
  }
  for (const chain of CHAINS) {
    if (rules.length) {
      lines.push(
        `iptables -w -N SEAWORTHY_${chain} 2>/dev/null`,
        `iptables -w -C ${chain} -j SEAWORTHY_${chain} 2>/dev/null || iptables -w -I ${chain} 1 -j SEAWORTHY_${chain} || exit 5`,
        `iptables -w -F SEAWORTHY_${chain} || exit 5`,
      );
    } else {
      // Nothing to drop: empty our chains if an earlier fault made them (iptables is not needed otherwise).
      lines.push(
        `if iptables -w -L SEAWORTHY_${chain} -n >/dev/null 2>&1; then iptables -w -F SEAWORTHY_${chain} || exit 5; fi`,
      );
    }
  }
  for (const rule of rules) lines.push(`iptables -w -A ${rule} || exit 5`);
  lines.push('exit 0');
  return lines.join('\n');
}

/**
 * tbf at `kbit`: a bucket of 20 ms of traffic (at least 3 200 bytes, two
 * full-size frames, or nothing would pass), queueing up to 400 ms.
 */
function tbfArgs(kbit: number): string {
  const burst = Math.max(3200, Math.ceil((kbit * 1000) / 8 / 50));
  return `rate ${kbit}kbit burst ${burst} latency 400ms`;
}

/** `percent` as iptables' probability, without exponent notation. */
function probability(percent: number): string {
  return (percent / 100).toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}
