/** The phases of `seaworthy run`, in order. */
export const RUN_PHASES = ['load', 'build', 'start', 'test', 'artifacts', 'teardown'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export type PhaseStatus = 'ok' | 'failed' | 'skipped' | 'aborted';

/** How one phase went. */
export interface PhaseResult {
  readonly phase: RunPhase;
  readonly status: PhaseStatus;
  readonly durationMs: number;
  /** One line: what it did, or why it failed. */
  readonly detail: string;
}

/** Every line `seaworthy run` writes about itself starts with this; the test's own output never does. */
export const RUN_PREFIX = 'seaworthy:';

const PHASE_WIDTH = Math.max(...RUN_PHASES.map((p) => p.length));

/** `1.23s`, `45.6s`, `2m05s`: short, and the same width class whatever the magnitude. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** `seaworthy: start      ok       4.21s  db (healthy), api (started)` */
export function phaseLine(result: PhaseResult): string {
  return `${RUN_PREFIX} ${result.phase.padEnd(PHASE_WIDTH)}  ${result.status.padEnd(7)}  ${formatDuration(result.durationMs).padStart(6)}  ${result.detail}`;
}

/** The line announcing a long phase before it runs: `seaworthy: start      ...      db, api`. */
export function phaseStartLine(phase: RunPhase, detail: string): string {
  return `${RUN_PREFIX} ${phase.padEnd(PHASE_WIDTH)}  ...${' '.repeat(14)}${detail}`;
}

/** What the summary says. */
export interface RunSummary {
  readonly exitCode: number;
  /** `passed`, `failed (tests exited with code 3)`, `timed out during test`, … */
  readonly result: string;
  readonly projectName: string;
  readonly phases: readonly PhaseResult[];
  readonly totalMs: number;
  readonly services: readonly string[];
  /** Where artifacts went, if any were asked for. */
  readonly artifacts?: string;
}

/** The summary block printed last. */
export function summaryLines(summary: RunSummary): string[] {
  const phases = summary.phases
    .map((p) => `${p.phase} ${formatDuration(p.durationMs)}${p.status === 'ok' ? '' : ` (${p.status})`}`)
    .join(', ');
  const rows: [string, string][] = [
    ['result', summary.result],
    ['exit code', String(summary.exitCode)],
    ['project', summary.projectName],
    ['phases', `${phases || 'none'}; total ${formatDuration(summary.totalMs)}`],
    ['services', summary.services.length ? summary.services.join(', ') : 'none started'],
  ];
  if (summary.artifacts !== undefined) rows.push(['artifacts', summary.artifacts]);
  return [`${RUN_PREFIX} summary`, ...rows.map(([key, value]) => `  ${key.padEnd(9)}  ${value}`)];
}

/** Width of the service column in progress lines. */
const SERVICE_WIDTH = 12;

/** How a service's progress reads in the log. */
const REACHED: Readonly<Record<'ready' | 'healthy' | 'completed', string>> = {
  ready: 'started',
  healthy: 'healthy',
  completed: 'completed',
};

/**
 * One line as a service gets somewhere during the start phase, printed when it
 * happens: `seaworthy:   db            healthy     2.10s`.
 */
export function progressLine(event: { service: string; reached: keyof typeof REACHED; elapsedMs: number }): string {
  const word = event.reached === 'completed' ? 'completed (exit 0)' : REACHED[event.reached];
  return `${RUN_PREFIX}   ${event.service.padEnd(SERVICE_WIDTH)}  ${word.padEnd(18)}  ${formatDuration(event.elapsedMs).padStart(6)}`;
}
