import type Dockerode from 'dockerode';
import type { ApiCallCounter } from './api-calls.js';

/** What every scenario gets from bench/main.ts. */
export interface BenchContext {
  readonly docker: Dockerode;
  readonly calls: ApiCallCounter;
  /** Counted rounds per tool (scenarios with long rounds may scale it down, and say so). */
  readonly rounds: number;
  readonly warmup: number;
  /** Progress on stderr, so stdout holds only the tables. */
  log(message: string): void;
}

/** One row of the targets table. */
export interface TargetCheck {
  readonly measure: string;
  readonly target: string;
  readonly measured: string;
  /** `undefined` when the run could not measure it. */
  readonly met: boolean | undefined;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  /** Markdown, printed as is. */
  readonly report: string;
  readonly targets: readonly TargetCheck[];
  /** Everything measured, for --json. */
  readonly data: unknown;
}

/** Labels on everything the peers' raw paths create, so the bench can sweep up after itself. */
export const BENCH_LABELS = { 'dev.seaworthy.managed': 'true', 'dev.seaworthy.bench': '1' } as const;
