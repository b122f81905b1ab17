/**
 * Client-side budgets for tracked events, as sliding windows: no window of `windowMs` ever holds
 * more than `limit` events. (A token bucket that starts full and refills would let up to twice the
 * limit through in one window, which is exactly what Heap's limits refuse.)
 *
 * Heap counts a request when it receives it, which is some time between our send and its answer.
 * So events are *reserved* when sent (they count against the budget at once, whatever the clock)
 * and *settled* at the answer, stamped with that time: a later request is sent only once the
 * window has passed since the answer, hence arrives at least a window after Heap counted the
 * earlier one, however long either took in transit. The small margin on top of Heap's window
 * (`clientWindowMs`) absorbs clock granularity.
 */

interface Entry {
  at: number;
  count: number;
}

export class SlidingWindow {
  readonly #entries: Entry[] = [];
  #head = 0;
  #total = 0;
  /** Events sent whose answer has not come yet: they count until settled. */
  #inFlight = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Events still allowed at `now`. */
  available(now: number): number {
    this.#prune(now);
    return this.limit - this.#total - this.#inFlight;
  }

  /** Counts `count` events just sent; `settle` them when the answer comes. */
  reserve(count: number): void {
    this.#inFlight += count;
  }

  /** The answer to a request of `count` reserved events came at `now`: they stay in the window from then. */
  settle(count: number, now: number): void {
    this.#inFlight -= count;
    this.take(count, now);
  }

  /** Records `count` events counted by Heap at `now`. The caller checks `available` first. */
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
    let excess = this.#total + this.#inFlight + count - this.limit;
    if (excess <= 0) return now;
    for (let i = this.#head; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      excess -= entry.count;
      if (excess <= 0) return entry.at + this.windowMs + 1;
    }
    // Not before requests in flight are answered (or never, for more than the limit at once).
    return Number.POSITIVE_INFINITY;
  }

  /** True when the window holds nothing (the keyed limiter forgets such windows). */
  isEmpty(now: number): boolean {
    this.#prune(now);
    return this.#total === 0 && this.#inFlight === 0;
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

/** The window the client keeps: Heap's plus a margin for differences in transit time. */
export function clientWindowMs(heapWindowMs: number): number {
  return heapWindowMs + Math.max(50, Math.ceil(heapWindowMs / 60));
}
