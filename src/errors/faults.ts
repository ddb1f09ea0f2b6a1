import { SeaworthyError } from './base.js';

/** The kinds of network fault `Faults` applies (docs/faults.md). */
export type FaultKind = 'delay' | 'loss' | 'bandwidth' | 'partition';

/**
 * The engine's kernel can't apply this fault: `delay` needs the `sch_netem`
 * qdisc, and tc answered that it does not know it.
 */
export class FaultUnsupportedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FAULT_UNSUPPORTED';
  readonly fault: FaultKind;
  readonly container: string;
  /** What tc answered. */
  readonly output: string;

  constructor(fault: FaultKind, container: string, output: string) {
    super(
      'SEAWORTHY_FAULT_UNSUPPORTED',
      `cannot add ${fault} to container '${container}': the engine's kernel lacks the sch_netem qdisc ` +
        `(tc answered: ${output.trim() || 'nothing'}). Latency and jitter need netem; check with ` +
        '`modprobe sch_netem` (or `tc qdisc add dev lo root netem delay 1ms` in a container with NET_ADMIN) ' +
        "on the engine's host. Where it can't be loaded (many CI kernels), add latency with the in-process " +
        '`TcpProxy` (`proxy.setLatency(ms)`) instead; loss, bandwidth and partition work without netem.',
    );
    this.fault = fault;
    this.container = container;
    this.output = output;
  }
}

/** A tc or iptables command in a fault sidecar failed (other than for a missing netem). */
export class FaultCommandError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FAULT_COMMAND';
  readonly container: string;
  readonly exitCode: number;
  readonly output: string;

  constructor(container: string, action: string, exitCode: number, output: string) {
    super(
      'SEAWORTHY_FAULT_COMMAND',
      `could not ${action} on container '${container}': the fault sidecar's script exited with code ${exitCode}: ` +
        `${output.trim() || '(no output)'}. The sidecar needs NET_ADMIN, tc (iproute2) and iptables; ` +
        'check that its image was built from the netem Dockerfile (docs/faults.md).',
    );
    this.container = container;
    this.exitCode = exitCode;
    this.output = output;
  }
}

/** The fault sidecar could not be started next to the container (its image is missing, most often). */
export class FaultSidecarError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FAULT_SIDECAR';
  readonly container: string;
  readonly image: string;

  constructor(container: string, image: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'SEAWORTHY_FAULT_SIDECAR',
      `could not start the fault sidecar (image '${image}') for container '${container}': ${reason}. ` +
        'Build the image once from the netem Dockerfile (docs/faults.md), e.g. ' +
        `\`docker build -t ${image} fixtures/images/netem\`, or name another image with the \`image\` ` +
        'option of `new Faults(helper, { image })` or with SEAWORTHY_NETEM_IMAGE.',
      { cause },
    );
    this.container = container;
    this.image = image;
  }
}
