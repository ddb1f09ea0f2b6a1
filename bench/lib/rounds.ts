/**
 * Interleaved rounds: every tool runs once per round, in an order that
 * rotates each round, so a slow moment of the machine hits all tools alike.
 * Warm-up rounds run but are not kept.
 */
export async function interleave<T extends string, S>(
  tools: readonly T[],
  rounds: number,
  warmup: number,
  run: (tool: T, round: number) => Promise<S>,
  onSample?: (tool: T, round: number, sample: S) => void,
): Promise<Record<T, S[]>> {
  const samples = Object.fromEntries(tools.map((tool) => [tool, [] as S[]])) as Record<T, S[]>;
  for (let round = 0; round < warmup + rounds; round++) {
    const order = tools.map((_, i) => tools[(i + round) % tools.length] as T);
    for (const tool of order) {
      const sample = await run(tool, round);
      if (round >= warmup) {
        samples[tool].push(sample);
        onSample?.(tool, round - warmup, sample);
      }
    }
  }
  return samples;
}

/** Milliseconds `work` takes, and its result. */
export async function timed<R>(work: () => Promise<R>): Promise<[number, R]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}
