import { hostname } from 'node:os';

/** Label keys seaworthy puts on everything it creates. */
export const LABELS = {
  /** Present (value "true") on every resource seaworthy creates: `docker ps -a --filter label=dev.seaworthy.managed`. */
  managed: 'dev.seaworthy.managed',
  /** The helper's namespace. */
  namespace: 'dev.seaworthy.namespace',
  /** The run (session) that created it; shared by every worker of one test run. */
  session: 'dev.seaworthy.session',
  /** PID of the process that owns it. */
  pid: 'dev.seaworthy.pid',
  /** Host name of the machine that process runs on. */
  host: 'dev.seaworthy.host',
  /** The definition's own name. */
  definition: 'dev.seaworthy.definition',
} as const;

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
