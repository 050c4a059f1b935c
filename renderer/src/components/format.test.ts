import { describe, expect, it } from 'vitest';
import { formatCount, formatEstimate, formatP, formatStat, fullPrecision } from './format';

describe('number formatting', () => {
  it('keeps the full double as the shortest round-trip decimal', () => {
    const x = -0.03654893667406705;
    expect(Number(fullPrecision(x))).toBe(x);
    expect(fullPrecision(null)).toBe('');
  });

  it('rounds estimates to 4 decimals, switching to scientific where that would hide them', () => {
    expect(formatEstimate(-0.03654893667406705)).toBe('-0.0365');
    expect(formatEstimate(0)).toBe('0.0000');
    expect(formatEstimate(6.1e-6)).toBe('6.10e-6');
    expect(formatEstimate(12345678.9)).toBe('1.23e+7');
    expect(formatEstimate(-2.7552588, 3)).toBe('-2.755');
    expect(formatEstimate(Number.NaN)).toBe('NaN');
  });

  it('bounds tiny p-values', () => {
    expect(formatP(0.006078952163614857)).toBe('0.0061');
    expect(formatP(6.1e-6)).toBe('< 0.0001');
    expect(formatP(1)).toBe('1.0000');
  });

  it('groups counts by locale and keeps summary statistics to 6 significant digits', () => {
    expect(formatCount(2500, 'en')).toBe('2,500');
    expect(formatCount(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatStat(5.89676093330530)).toBe('5.89676');
    expect(formatStat(2004)).toBe('2004');
    expect(formatStat(0.00001234)).toBe('1.2340e-5');
    expect(formatStat(null)).toBe('');
  });
});
