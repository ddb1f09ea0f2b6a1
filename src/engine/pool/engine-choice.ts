import type { LeaseRecord } from './engine-leases.js';
import type { EngineListEntry } from './engine-list.js';

/** The key an engine's leases are kept under: its name and where it is, so two lists never mix. */
export function engineKey(entry: EngineListEntry): string {
  const target = entry.target;
  const where =
    target.kind === 'address' ? target.address : target.kind === 'context' ? `context:${target.context}` : 'default';
  return `${entry.name}|${where}`;
}

/**
 * The engine a worker takes: the one it used before, if it is still a
 * candidate; else the least loaded per weight, counting the workers that
 * hold each engine now (the one taking it included). On a tie, the one a new
 * worker took longest ago (`lastPicked`: a counter per engine), so workers
 * that come one after another spread too; then the earlier entry.
 * `undefined` when there is no candidate.
 */
export function pickEngine(
  candidates: readonly EngineListEntry[],
  others: readonly LeaseRecord[],
  mine: LeaseRecord | undefined,
  lastPicked: ReadonlyMap<string, number> = new Map(),
): string | undefined {
  const keys = candidates.map(engineKey);
  if (mine && keys.includes(mine.engine)) return mine.engine;
  const held = new Map<string, number>();
  for (const lease of others) if (lease.holders > 0) held.set(lease.engine, (held.get(lease.engine) ?? 0) + 1);
  let best: { key: string; score: number; picked: number } | undefined;
  candidates.forEach((entry, i) => {
    const key = keys[i] as string;
    const score = ((held.get(key) ?? 0) + 1) / entry.weight;
    const picked = lastPicked.get(key) ?? -1;
    if (!best || score < best.score || (score === best.score && picked < best.picked)) best = { key, score, picked };
  });
  return best?.key;
}
