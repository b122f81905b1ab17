import { describe, expect, it } from 'vitest';
import { SlidingWindows } from '../../src/sandbox/sliding-window.js';

describe('sliding windows', () => {
  it('lets units in while the window holds no more than the limit', () => {
    const windows = new SlidingWindows(3, 1000);
    expect(windows.waitFor('a', 3, 0)).toBe(0);
    windows.add('a', 3, 0);
    expect(windows.waitFor('a', 1, 1)).toBe(999);
  });

  it('frees an entry exactly windowMs after it was added', () => {
    const windows = new SlidingWindows(1, 1000);
    windows.add('a', 1, 100);
    expect(windows.waitFor('a', 1, 1099)).toBe(1);
    expect(windows.waitFor('a', 1, 1100)).toBe(0);
  });

  it('waits only until enough of the oldest entries expire, not for the whole window', () => {
    const windows = new SlidingWindows(3, 1000);
    windows.add('a', 2, 0);
    windows.add('a', 1, 500);
    // 2 more need the entry from t=0 gone (t=1000), not the one from t=500.
    expect(windows.waitFor('a', 2, 600)).toBe(400);
    // 3 more need both gone.
    expect(windows.waitFor('a', 3, 600)).toBe(900);
  });

  it('answers Infinity when the units alone exceed the limit', () => {
    expect(new SlidingWindows(3, 1000).waitFor('a', 4, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('never waits with a limit of 0 (unlimited)', () => {
    const windows = new SlidingWindows(0, 1000);
    windows.add('a', 1_000_000, 0);
    expect(windows.waitFor('a', 1_000_000, 0)).toBe(0);
    expect(windows.size).toBe(0);
  });

  it('keeps keys apart', () => {
    const windows = new SlidingWindows(1, 1000);
    windows.add('a', 1, 0);
    expect(windows.waitFor('b', 1, 0)).toBe(0);
  });

  it('forgets keys whose entries all expired, even keys never used again', () => {
    const windows = new SlidingWindows(10, 1000);
    for (let i = 0; i < 100; i++) windows.add(`identity-${i}`, 1, 0);
    expect(windows.size).toBe(100);
    windows.add('late', 1, 1000);
    expect(windows.size).toBe(1);
  });

  it('merges units added at the same instant into one entry', () => {
    const windows = new SlidingWindows(5, 1000);
    windows.add('a', 2, 0);
    windows.add('a', 2, 0);
    expect(windows.waitFor('a', 2, 10)).toBe(990);
  });
});
