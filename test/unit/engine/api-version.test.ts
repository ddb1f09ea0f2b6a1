import { describe, expect, it } from 'vitest';
import {
  apiFeatures,
  compareApiVersions,
  MAX_API_VERSION,
  MIN_API_VERSION,
  negotiateApiVersion,
} from '../../../src/engine/api-version.js';

describe('negotiateApiVersion', () => {
  const supported = { min: '1.41', max: '1.51' };

  it("speaks the engine's own version when seaworthy knows it", () => {
    expect(negotiateApiVersion({ apiVersion: '1.41', minApiVersion: '1.12' }, supported)).toMatchObject({
      kind: 'ok',
      version: '1.41',
    });
    expect(negotiateApiVersion({ apiVersion: '1.45', minApiVersion: '1.24' }, supported)).toMatchObject({
      version: '1.45',
    });
  });

  it("speaks seaworthy's newest to a newer engine", () => {
    expect(negotiateApiVersion({ apiVersion: '1.52', minApiVersion: '1.44' }, supported)).toMatchObject({
      kind: 'ok',
      version: '1.51',
    });
  });

  it('refuses an engine older than the minimum, and one whose minimum is above the maximum', () => {
    expect(negotiateApiVersion({ apiVersion: '1.40', minApiVersion: '1.12' }, supported)).toEqual({
      kind: 'too-old',
      engine: '1.40',
      minimum: '1.41',
    });
    expect(negotiateApiVersion({ apiVersion: '1.60', minApiVersion: '1.55' }, supported)).toEqual({
      kind: 'too-new',
      engineMin: '1.55',
      maximum: '1.51',
    });
  });

  it("falls back to seaworthy's oldest when the engine gives no version", () => {
    expect(negotiateApiVersion({ apiVersion: 'unknown', minApiVersion: 'unknown' }, supported)).toMatchObject({
      kind: 'ok',
      version: '1.41',
    });
  });

  it('compares numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('1.100', '1.51')).toBeGreaterThan(0);
    expect(compareApiVersions(MIN_API_VERSION, MAX_API_VERSION)).toBeLessThan(0);
  });

  it('knows several networks can be given at create from API 1.44', () => {
    expect(apiFeatures('1.41').multipleNetworksAtCreate).toBe(false);
    expect(apiFeatures('1.44').multipleNetworksAtCreate).toBe(true);
  });
});
