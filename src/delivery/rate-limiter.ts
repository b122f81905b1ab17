/**
 * Client-side budgets for tracked events, as sliding windows: no window of `windowMs` ever holds
 * more than `limit` events. (A token bucket that starts full and refills would let up to twice the
 * limit through in one window, which is exactly what Heap's limits refuse.)
 *
 * The window is kept a little longer than Heap's (`marginMs`): we count at send time, Heap at
 * receipt, and two requests can take different times to arrive.
 */

interface Entry {
  at: number;
  count: number;
}

export class SlidingWindow {
  readonly #entries: Entry[] = [];
  #head = 0;
  #total = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Events still allowed at `now`. */
  available(now: number): number {
    this.#prune(now);
    return this.limit - this.#total;
  }

  /** Records `count` events sent at `now`. The caller checks `available` first. */
  take(count: number, now: number): void {
    if (count <= 0) return;
    this.#prune(now);
    const last = this.#entries[this.#entries.length - 1];
    if (last !== undefined && this.#entries.length > this.#head && last.at === now) last.count += count;
    else this.#entries.push({ at: now, count });
    this.#total += count;
  }

  /** The earliest time at which `count` more events fit (now if they already do). */
  availableAt(count: number, now: number): number {
    this.#prune(now);
    let excess = this.#total + count - this.limit;
    if (excess <= 0) return now;
    for (let i = this.#head; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      excess -= entry.count;
      if (excess <= 0) return entry.at + this.windowMs + 1;
    }
    // More than the whole limit at once can never fit; the caller must ask for less.
    return Number.POSITIVE_INFINITY;
  }

  /** True when the window holds nothing (the keyed limiter forgets such windows). */
  isEmpty(now: number): boolean {
    this.#prune(now);
    return this.#total === 0;
  }

  #prune(now: number): void {
    const horizon = now - this.windowMs;
    while (this.#head < this.#entries.length && this.#entries[this.#head]!.at <= horizon) {
      this.#total -= this.#entries[this.#head]!.count;
      this.#head += 1;
    }
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

/** One sliding window per key (identity), forgetting keys whose window has emptied. */
export class KeyedSlidingWindows {
  readonly #windows = new Map<string, SlidingWindow>();
  #lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  available(key: string, now: number): number {
    return this.#windows.get(key)?.available(now) ?? this.limit;
  }

  take(key: string, count: number, now: number): void {
    let window = this.#windows.get(key);
    if (window === undefined) {
      window = new SlidingWindow(this.limit, this.windowMs);
      this.#windows.set(key, window);
    }
    window.take(count, now);
    this.#sweep(now);
  }

  availableAt(key: string, count: number, now: number): number {
    return this.#windows.get(key)?.availableAt(count, now) ?? (count <= this.limit ? now : Number.POSITIVE_INFINITY);
  }

  /** Keys currently remembered (for tests and memory checks). */
  get size(): number {
    return this.#windows.size;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.windowMs) return;
    this.#lastSweep = now;
    for (const [key, window] of this.#windows) if (window.isEmpty(now)) this.#windows.delete(key);
  }
}

/** The window the client keeps: Heap's plus a margin for differences in transit time. */
export function clientWindowMs(heapWindowMs: number): number {
  return heapWindowMs + Math.max(50, Math.ceil(heapWindowMs / 60));
}
