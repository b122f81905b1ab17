import { describe, expect, it } from 'vitest';
import { probeIndices, RefusalStreak, wholesaleRefusal } from '../src/delivery/wholesale-refusal.js';

describe('RefusalStreak', () => {
  it('counts single records refused in a row with the same answer', () => {
    const streak = new RefusalStreak();
    expect([streak.refused('a'), streak.refused('a'), streak.refused('a')]).toEqual([1, 2, 3]);
  });

  it('starts over when the answer differs', () => {
    const streak = new RefusalStreak();
    streak.refused('a');
    streak.refused('a');
    expect(streak.refused('b')).toBe(1);
    expect(streak.reason).toBe('b');
  });

  it('ends with a delivery', () => {
    const streak = new RefusalStreak();
    streak.refused('a');
    streak.delivered();
    expect(streak.refused('a')).toBe(1);
  });
});

describe('probeIndices', () => {
  it('spreads the probes evenly over the whole batch, first and last parts included', () => {
    expect(probeIndices(1000, 8)).toEqual([62, 187, 312, 437, 562, 687, 812, 937]);
  });

  it('are distinct and inside the batch for any size', () => {
    for (const items of [9, 10, 17, 333, 999, 1000]) {
      const indices = probeIndices(items, 8);
      expect(new Set(indices).size).toBe(8);
      expect(Math.min(...indices)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...indices)).toBeLessThan(items);
    }
  });

  it('take every item of a batch no larger than the probe count', () => {
    expect(probeIndices(3, 8)).toEqual([0, 1, 2]);
  });
});

describe('wholesaleRefusal', () => {
  it('is a system_error that quotes the answer and names what to check', () => {
    const error = wholesaleRefusal('/api/track', 'Heap refused this record even when sent alone (HTTP 400): bad app', 'https://proxy.example.com');
    expect(error.failureType).toBe('system_error');
    expect(error.code).toBe('HEAP_REFUSED_EVERYTHING');
    expect(error.message).toContain('bad app');
    expect(error.message).toContain('https://proxy.example.com');
    for (const what of ['app_id', 'base_url', 'proxy']) expect(error.message).toContain(what);
  });
});
