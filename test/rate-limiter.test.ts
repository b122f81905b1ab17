import { describe, expect, it } from 'vitest';
import { KeyedSlidingWindows } from '../src/delivery/keyed-sliding-windows.js';
import { clientWindowMs, SlidingWindow } from '../src/delivery/rate-limiter.js';
import { seededRandom } from '../src/sandbox/prng.js';

/** A seeded generator, so a failing schedule replays exactly. */
const seeded = seededRandom;

interface Sent {
  at: number;
  count: number;
}

/** Events sent in the window of `windowMs` that ends at `end`: times in (end - windowMs, end]. */
const heldAt = (sent: readonly Sent[], end: number, windowMs: number) =>
  sent.filter((s) => s.at > end - windowMs && s.at <= end).reduce((sum, s) => sum + s.count, 0);

/** The most any window of `windowMs` holds: the busiest one ends at some send time. */
const busiestWindow = (sent: readonly Sent[], windowMs: number) => Math.max(0, ...sent.map((s) => heldAt(sent, s.at, windowMs)));

/**
 * Drives a window the way the delivery engine does: take when `available` allows, otherwise wait
 * until `availableAt`. Returns what was sent.
 */
function runSchedule(seed: number, limit: number, windowMs: number, steps: number) {
  const random = seeded(seed);
  const window = new SlidingWindow(limit, windowMs);
  const sent: Sent[] = [];
  const availableMismatches: { now: number; available: number; expected: number }[] = [];
  let now = 0;
  for (let step = 0; step < steps; step++) {
    now += Math.floor(random() * 250);
    const count = 1 + Math.floor(random() * 4);
    const available = window.available(now);
    const expected = limit - heldAt(sent, now, windowMs);
    if (available !== expected) availableMismatches.push({ now, available, expected });
    if (available >= count) {
      window.take(count, now);
      sent.push({ at: now, count });
    } else if (random() < 0.5) {
      now = window.availableAt(count, now);
      window.take(count, now);
      sent.push({ at: now, count });
    }
  }
  return { sent, availableMismatches };
}

describe('SlidingWindow', () => {
  it('allows the whole limit in an empty window', () => {
    expect(new SlidingWindow(10, 1000).available(0)).toBe(10);
  });

  it('counts what was taken inside the window', () => {
    const window = new SlidingWindow(10, 1000);
    window.take(3, 100);
    window.take(4, 600);
    expect(window.available(900)).toBe(3);
  });

  it('counts events taken at the same instant together', () => {
    const window = new SlidingWindow(10, 1000);
    window.take(3, 100);
    window.take(4, 100);
    expect(window.available(100)).toBe(3);
  });

  it('stops counting an event one window after it was taken', () => {
    const window = new SlidingWindow(10, 1000);
    window.take(3, 100);
    window.take(4, 600);
    expect([window.available(1099), window.available(1100)]).toEqual([3, 6]);
  });

  it('ignores a take of zero events', () => {
    const window = new SlidingWindow(10, 1000);
    window.take(0, 100);
    expect(window.isEmpty(100)).toBe(true);
  });

  describe('availableAt', () => {
    // limit 3: 2 events at 100, 1 at 400.
    const filled = () => {
      const window = new SlidingWindow(3, 1000);
      window.take(2, 100);
      window.take(1, 400);
      return window;
    };

    it.each([
      [1, 1101],
      [2, 1101],
      [3, 1401],
    ])('for %d more events at 500 is %d', (count, at) => {
      expect(filled().availableAt(count, 500)).toBe(at);
    });

    it('is now when the events already fit', () => {
      const window = new SlidingWindow(3, 1000);
      window.take(1, 100);
      expect(window.availableAt(2, 500)).toBe(500);
    });

    it('is now once the oldest events have left the window', () => {
      expect(filled().availableAt(2, 1101)).toBe(1101);
    });

    it('is never for more events than the limit', () => {
      expect(new SlidingWindow(3, 1000).availableAt(4, 0)).toBe(Number.POSITIVE_INFINITY);
    });

    it('is a time at which the events fit', () => {
      const window = filled();
      const at = window.availableAt(3, 500);
      expect(window.available(at)).toBeGreaterThanOrEqual(3);
    });
  });

  describe('over a random schedule (seeded)', () => {
    it.each([1, 2, 3, 42, 2024])('never holds more than the limit in any window (seed %d)', (seed) => {
      const { sent } = runSchedule(seed, 10, 1000, 3000);
      expect(busiestWindow(sent, 1000)).toBeLessThanOrEqual(10);
    });

    it.each([1, 2, 3, 42, 2024])('reports as available exactly what the window has left (seed %d)', (seed) => {
      expect(runSchedule(seed, 10, 1000, 3000).availableMismatches).toEqual([]);
    });

    it('reaches the limit in some window, so the check above is not vacuous', () => {
      expect(busiestWindow(runSchedule(7, 10, 1000, 3000).sent, 1000)).toBe(10);
    });
  });
});

describe('KeyedSlidingWindows', () => {
  it('allows the whole limit for a key it has not seen', () => {
    expect(new KeyedSlidingWindows(5, 1000).available('alice', 0)).toBe(5);
  });

  it('keeps a budget per key', () => {
    const windows = new KeyedSlidingWindows(5, 1000);
    windows.take('alice', 4, 100);
    windows.take('bob', 1, 100);
    expect([windows.available('alice', 200), windows.available('bob', 200)]).toEqual([1, 4]);
  });

  it('gives availableAt of a busy key from its own window', () => {
    const windows = new KeyedSlidingWindows(5, 1000);
    windows.take('alice', 5, 100);
    windows.take('bob', 5, 300);
    expect(windows.availableAt('alice', 1, 500)).toBe(1101);
  });

  it('gives availableAt of an unseen key as now', () => {
    expect(new KeyedSlidingWindows(5, 1000).availableAt('alice', 5, 700)).toBe(700);
  });

  it('gives availableAt of more than the limit for an unseen key as never', () => {
    expect(new KeyedSlidingWindows(5, 1000).availableAt('alice', 6, 700)).toBe(Number.POSITIVE_INFINITY);
  });

  it('forgets a key whose window has emptied, once a window has passed', () => {
    const windows = new KeyedSlidingWindows(5, 1000);
    windows.take('alice', 1, 0);
    windows.take('bob', 1, 500);
    windows.take('carol', 1, 1200);
    expect(windows.size).toBe(2);
  });

  it('keeps a key whose window still holds events', () => {
    const windows = new KeyedSlidingWindows(5, 1000);
    windows.take('alice', 1, 500);
    windows.take('bob', 1, 1200);
    expect([windows.size, windows.available('alice', 1200)]).toEqual([2, 4]);
  });

  it('forgets every emptied key over time, so memory follows the active keys', () => {
    const windows = new KeyedSlidingWindows(5, 1000);
    for (let i = 0; i < 100; i++) windows.take(`user-${i}`, 1, i * 10);
    windows.take('last', 1, 3000);
    expect(windows.size).toBe(1);
  });

  it('never holds more than the limit for any key in any window over a random schedule (seeded)', () => {
    const random = seeded(99);
    const windows = new KeyedSlidingWindows(4, 1000);
    const sent = new Map<string, Sent[]>();
    let now = 0;
    for (let step = 0; step < 3000; step++) {
      now += Math.floor(random() * 100);
      const key = `user-${Math.floor(random() * 5)}`;
      if (windows.available(key, now) >= 1) {
        windows.take(key, 1, now);
        sent.set(key, [...(sent.get(key) ?? []), { at: now, count: 1 }]);
      }
    }
    const busiest = [...sent.values()].map((events) => busiestWindow(events, 1000));
    expect(Math.max(...busiest)).toBe(4);
  });
});

describe('clientWindowMs', () => {
  it.each([
    [60_000, 61_000],
    [6_000, 6_100],
    [3_000, 3_050],
    [1_000, 1_050],
    [0, 50],
  ])('keeps a window of %d ms as %d ms (a 1/60 margin, at least 50 ms)', (heap, client) => {
    expect(clientWindowMs(heap)).toBe(client);
  });
});

describe('SlidingWindow reservations (events in flight)', () => {
  it('counts reserved events against the budget before their answer', () => {
    const window = new SlidingWindow(10, 1000);
    window.reserve(8);
    expect(window.available(0)).toBe(2);
    expect(window.availableAt(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps settled events in the window for a full window after the answer, not after the send', () => {
    const window = new SlidingWindow(10, 1000);
    window.reserve(10);
    window.settle(10, 400);
    expect(window.availableAt(1, 500)).toBe(1401);
    expect(window.available(1000)).toBe(0);
    expect(window.available(1400)).toBe(10);
  });

  it('forgets nothing while events are in flight', () => {
    const windows = new KeyedSlidingWindows(5, 100);
    windows.reserve('hot', 5);
    windows.take('other', 1, 1000);
    expect(windows.available('hot', 1000)).toBe(0);
    windows.settle('hot', 5, 1000);
    expect(windows.available('hot', 1101)).toBe(5);
  });
});
