import { describe, expect, it } from 'vitest';
import { daysFromCivil, daysInMonth, formatIsoUtc } from '../../src/mapping/calendar.js';

describe('formatIsoUtc writes what Date#toISOString writes', () => {
  it.each<[string, number, string]>([
    ['the epoch', 0, '1970-01-01T00:00:00.000Z'],
    ['one millisecond before the epoch', -1, '1969-12-31T23:59:59.999Z'],
    ['a time with every field set', 1_704_164_645_678, '2024-01-02T03:04:05.678Z'],
    ['a leap day', Date.UTC(2024, 1, 29, 12), '2024-02-29T12:00:00.000Z'],
    ['the day after 28 February 1900 (no leap day)', Date.UTC(1900, 2, 1), '1900-03-01T00:00:00.000Z'],
    ['29 February 2000 (leap by the 400 rule)', Date.UTC(2000, 1, 29), '2000-02-29T00:00:00.000Z'],
    ['the first millisecond of year 0000', -62_167_219_200_000, '0000-01-01T00:00:00.000Z'],
    ['a year below 100 keeps its leading zeros', -59_042_995_200_000, '0099-01-01T00:00:00.000Z'],
    ['the last millisecond of year 9999', 253_402_300_799_999, '9999-12-31T23:59:59.999Z'],
  ])('%s', (_title, epochMs, expected) => {
    expect(formatIsoUtc(epochMs)).toBe(expected);
    expect(new Date(epochMs).toISOString()).toBe(expected);
  });

  it('agrees with Date across four centuries, one step every 37 days and 7 hours', () => {
    const step = 37 * 86_400_000 + 7 * 3_600_000 + 1_234;
    for (let ms = Date.UTC(1800, 0, 1); ms < Date.UTC(2200, 0, 1); ms += step) {
      expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('daysFromCivil', () => {
  it.each<[string, [number, number, number], number]>([
    ['1970-01-01 is day 0', [1970, 1, 1], 0],
    ['1969-12-31 is day -1', [1969, 12, 31], -1],
    ['2024-03-01 follows the leap day', [2024, 3, 1], Date.UTC(2024, 2, 1) / 86_400_000],
    ['0000-01-01', [0, 1, 1], -719_528],
  ])('%s', (_title, [year, month, day], expected) => {
    expect(daysFromCivil(year, month, day)).toBe(expected);
  });
});

describe('daysInMonth', () => {
  it.each<[string, number, number, number]>([
    ['January has 31', 2023, 1, 31],
    ['April has 30', 2023, 4, 30],
    ['February of a common year has 28', 2023, 2, 28],
    ['February of a leap year has 29', 2024, 2, 29],
    ['February 1900 has 28 (divisible by 100)', 1900, 2, 28],
    ['February 2000 has 29 (divisible by 400)', 2000, 2, 29],
    ['February of year 0000 has 29', 0, 2, 29],
  ])('%s', (_title, year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });
});
