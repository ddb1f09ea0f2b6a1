import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { BOOT_ID_LABEL, LABELS, PID_NAMESPACE_LABEL } from '../labels.js';

/** A fresh value for {@link HELPER_ID_LABEL}. */
export function newHelperId(): string {
  return randomBytes(6).toString('hex');
}

/** Where a process runs: what decides whether its pid can be checked from here. */
export interface ProcessPlace {
  readonly host: string;
  /** `undefined` where the OS has no PID namespaces (macOS, Windows). */
  readonly pidNamespace: string | undefined;
  /** `undefined` where the OS does not tell it (macOS, Windows). */
  readonly bootId: string | undefined;
}

/** This process's place. */
export function currentPlace(): ProcessPlace {
  return { host: hostname(), pidNamespace: currentPidNamespace(), bootId: currentBootId() };
}

/** Labels that pin a resource's `dev.seaworthy.pid` to this process's machine, boot and PID namespace. */
export function placeLabels(place: ProcessPlace = currentPlace()): Record<string, string> {
  return {
    ...(place.pidNamespace === undefined ? {} : { [PID_NAMESPACE_LABEL]: place.pidNamespace }),
    ...(place.bootId === undefined ? {} : { [BOOT_ID_LABEL]: place.bootId }),
  };
}

function currentBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function currentPidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** A pid label as a number, or `undefined` unless it is a plain positive integer. */
export function parsePid(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const pid = Number(value);
  return Number.isSafeInteger(pid) ? pid : undefined;
}

/**
 * Whether a process with this pid exists here. Signal 0 checks without
 * signalling: ESRCH means no such process; EPERM means it exists but belongs
 * to another user, so it is alive. A zombie counts as alive until reaped.
 */
export function isProcessAlive(pid: number): boolean {
  // pid 0 and negative pids address process groups: never ask about those.
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`not a process id: ${pid}`);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export interface OwnerIdentity {
  readonly namespace: string;
  readonly session: string;
  readonly pid: number;
}

/** The labels that mark a resource as created by this owner. */
export function ownerLabels(owner: OwnerIdentity): Record<string, string> {
  return {
    [LABELS.managed]: 'true',
    [LABELS.namespace]: owner.namespace,
    [LABELS.session]: owner.session,
    [LABELS.pid]: String(owner.pid),
    [LABELS.host]: hostname(),
  };
}
