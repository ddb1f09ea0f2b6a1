import { describe, expect, it } from 'vitest';
import { healthBudgetMs } from '../../../src/compose/stack/health-budget.js';

describe('healthBudgetMs', () => {
  it('gives a check with many retries the time its schedule allows', () => {
    // 120 retries of 1 s interval and 5 s timeout, plus the margin.
    expect(healthBudgetMs({ test: ['CMD', 'true'], intervalMs: 1_000, timeoutMs: 5_000, retries: 120 })).toBe(730_000);
  });

  it('counts the start period, and fills left-out fields with the engine defaults (30 s, 30 s, 3)', () => {
    expect(healthBudgetMs({ test: ['CMD', 'true'], startPeriodMs: 20_000 })).toBe(20_000 + 3 * 60_000 + 10_000);
    expect(healthBudgetMs(undefined)).toBe(190_000);
  });

  it('never goes below 30 s', () => {
    expect(healthBudgetMs({ test: ['CMD', 'true'], intervalMs: 100, timeoutMs: 100, retries: 1 })).toBe(30_000);
  });
});
