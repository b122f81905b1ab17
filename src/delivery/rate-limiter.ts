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

/**
 * One sliding window per key (identity), in compact form, forgetting a key as soon as its window
 * has emptied: a sync of many identities holds, per identity seen in the last window, a map entry
 * and a few numbers, not an object and an array.
 *
 * All keys' entries (events counted at one time for one key) live in one queue in time order, so
 * the entries that leave the window are always at its front: each call first drops those (work in
 * proportion to what expired), and a key whose total and in-flight count fall to zero is
 * forgotten there and then. Each entry also links to its key's next one, so a key's own entries
 * are walked without looking at the others'. The queue is a ring of typed arrays, addressed by an
 * ever-growing sequence number modulo its capacity (a power of two), doubled when full.
 */
export class KeyedSlidingWindows {
  readonly #slots = new Map<string, number>();
  #slotKeys: Array<string | undefined> = [];
  readonly #freeSlots: number[] = [];
  /** Per slot: events in the window, events in flight, and the sequence numbers of its oldest and newest entries (-1: none). */
  #total = new Float64Array(16);
  #inFlight = new Float64Array(16);
  #first = new Float64Array(16);
  #last = new Float64Array(16);
  /** Per entry, at `seq % capacity`: when, how many, whose slot, and the key's next entry (-1: none). */
  #at = new Float64Array(16);
  #count = new Float64Array(16);
  #slotOf = new Float64Array(16);
  #next = new Float64Array(16);
  #head = 0;
  #tail = 0;
  /** Entries are kept in time order: a clock that steps back stamps at the latest time seen (later, never earlier). */
  #latest = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  available(key: string, now: number): number {
    this.#prune(now);
    const slot = this.#slots.get(key);
    return slot === undefined ? this.limit : this.limit - this.#total[slot]! - this.#inFlight[slot]!;
  }

  take(key: string, count: number, now: number): void {
    this.#prune(now);
    if (count <= 0) return;
    this.#add(this.#slot(key), count, now);
  }

  reserve(key: string, count: number): void {
    this.#inFlight[this.#slot(key)]! += count;
  }

  settle(key: string, count: number, now: number): void {
    this.#prune(now);
    const slot = this.#slot(key);
    this.#inFlight[slot]! -= count;
    if (count > 0) this.#add(slot, count, now);
    else this.#forgetIfEmpty(slot);
  }

  availableAt(key: string, count: number, now: number): number {
    this.#prune(now);
    const slot = this.#slots.get(key);
    if (slot === undefined) return count <= this.limit ? now : Number.POSITIVE_INFINITY;
    let excess = this.#total[slot]! + this.#inFlight[slot]! + count - this.limit;
    if (excess <= 0) return now;
    for (let seq = this.#first[slot]!; seq !== -1; seq = this.#next[this.#position(seq)]!) {
      const position = this.#position(seq);
      excess -= this.#count[position]!;
      if (excess <= 0) return this.#at[position]! + this.windowMs + 1;
    }
    // Not before requests in flight are answered (or never, for more than the limit at once).
    return Number.POSITIVE_INFINITY;
  }

  /** Keys currently remembered (for tests and memory checks). */
  get size(): number {
    return this.#slots.size;
  }

  #position(seq: number): number {
    return seq % this.#at.length;
  }

  #add(slot: number, count: number, now: number): void {
    const at = Math.max(now, this.#latest);
    this.#latest = at;
    this.#total[slot]! += count;
    const last = this.#last[slot]!;
    if (last !== -1 && this.#at[this.#position(last)] === at) {
      this.#count[this.#position(last)]! += count;
      return;
    }
    if (this.#tail - this.#head === this.#at.length) this.#growEntries();
    const seq = this.#tail++;
    const position = this.#position(seq);
    this.#at[position] = at;
    this.#count[position] = count;
    this.#slotOf[position] = slot;
    this.#next[position] = -1;
    if (last === -1) this.#first[slot] = seq;
    else this.#next[this.#position(last)] = seq;
    this.#last[slot] = seq;
  }

  #prune(now: number): void {
    const horizon = now - this.windowMs;
    while (this.#head < this.#tail) {
      const position = this.#position(this.#head);
      if (this.#at[position]! > horizon) break;
      const slot = this.#slotOf[position]!;
      this.#total[slot]! -= this.#count[position]!;
      // The queue is in time order, so the entry leaving it is its key's oldest.
      this.#first[slot] = this.#next[position]!;
      if (this.#first[slot] === -1) this.#last[slot] = -1;
      this.#head += 1;
      this.#forgetIfEmpty(slot);
    }
  }

  #forgetIfEmpty(slot: number): void {
    if (this.#total[slot] !== 0 || this.#inFlight[slot] !== 0) return;
    this.#slots.delete(this.#slotKeys[slot]!);
    this.#slotKeys[slot] = undefined;
    this.#freeSlots.push(slot);
  }

  #slot(key: string): number {
    let slot = this.#slots.get(key);
    if (slot !== undefined) return slot;
    slot = this.#freeSlots.pop() ?? this.#slotKeys.length;
    if (slot >= this.#total.length) {
      const grow = (from: Float64Array) => {
        const to = new Float64Array(from.length * 2);
        to.set(from);
        return to;
      };
      this.#total = grow(this.#total);
      this.#inFlight = grow(this.#inFlight);
      this.#first = grow(this.#first);
      this.#last = grow(this.#last);
    }
    this.#slotKeys[slot] = key;
    this.#total[slot] = 0;
    this.#inFlight[slot] = 0;
    this.#first[slot] = -1;
    this.#last[slot] = -1;
    this.#slots.set(key, slot);
    return slot;
  }

  #growEntries(): void {
    const capacity = this.#at.length * 2;
    const grow = (from: Float64Array) => {
      const to = new Float64Array(capacity);
      for (let seq = this.#head; seq < this.#tail; seq++) to[seq % capacity] = from[seq % from.length]!;
      return to;
    };
    this.#at = grow(this.#at);
    this.#count = grow(this.#count);
    this.#slotOf = grow(this.#slotOf);
    this.#next = grow(this.#next);
  }
}

/** The window the client keeps: Heap's plus a margin for differences in transit time. */
export function clientWindowMs(heapWindowMs: number): number {
  return heapWindowMs + Math.max(50, Math.ceil(heapWindowMs / 60));
}
