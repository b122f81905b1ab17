/**
 * One sliding window per key (identity), the per-identity form of rate-limiter.ts's SlidingWindow,
 * in compact form, forgetting a key as soon as its window has emptied: a sync of many identities
 * holds, per identity seen in the last window, a map entry of two small integers (its hash and its
 * slot) and a few numbers in paged columns, not a string, an object and an array.
 *
 * All keys' entries (events counted at one time for one key) live in one queue in time order, so
 * the entries that leave the window are always at its front: each call first drops those (work in
 * proportion to what expired), and a key whose total and in-flight count fall to zero is
 * forgotten there and then. Each entry also links to its key's next one, so a key's own entries
 * are walked without looking at the others'. Entries are addressed by an ever-growing sequence
 * number; their columns give back the pages the front of the queue has passed.
 */
import { PagedColumn } from './paged-column.js';

export class KeyedSlidingWindows {
  /** Slot of each key's hash (a small integer: no string is kept per key). */
  readonly #slots = new Map<number, number>();
  readonly #freeSlots: number[] = [];
  #slotCount = 0;
  /**
   * Per slot: the key's hash, events in the window, events in flight, and the sequence numbers of
   * its oldest and newest entries (-1: none). Counts fit 32 bits (a window holds at most `limit`
   * per key plus what is in flight); sequence numbers, which grow with the run, are doubles.
   */
  readonly #slotHash = new PagedColumn('int32');
  readonly #total = new PagedColumn('int32');
  readonly #inFlight = new PagedColumn('int32');
  readonly #first = new PagedColumn('float64');
  readonly #last = new PagedColumn('float64');
  /** Per entry, by sequence number: when, how many, whose slot, and the key's next entry (-1: none). */
  readonly #at = new PagedColumn('float64');
  readonly #count = new PagedColumn('int32');
  readonly #slotOf = new PagedColumn('int32');
  readonly #next = new PagedColumn('float64');
  readonly #entryColumns = [this.#at, this.#count, this.#slotOf, this.#next];
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
    const slot = this.#slots.get(keyHash(key));
    return slot === undefined ? this.limit : this.limit - this.#total.get(slot) - this.#inFlight.get(slot);
  }

  take(key: string, count: number, now: number): void {
    this.#prune(now);
    if (count <= 0) return;
    this.#add(this.#slot(key), count, now);
  }

  reserve(key: string, count: number): void {
    this.#inFlight.add(this.#slot(key), count);
  }

  settle(key: string, count: number, now: number): void {
    this.#prune(now);
    const slot = this.#slot(key);
    this.#inFlight.add(slot, -count);
    if (count > 0) this.#add(slot, count, now);
    else this.#forgetIfEmpty(slot);
  }

  availableAt(key: string, count: number, now: number): number {
    this.#prune(now);
    const slot = this.#slots.get(keyHash(key));
    if (slot === undefined) return count <= this.limit ? now : Number.POSITIVE_INFINITY;
    let excess = this.#total.get(slot) + this.#inFlight.get(slot) + count - this.limit;
    if (excess <= 0) return now;
    for (let seq = this.#first.get(slot); seq !== -1; seq = this.#next.get(seq)) {
      excess -= this.#count.get(seq);
      if (excess <= 0) return this.#at.get(seq) + this.windowMs + 1;
    }
    // Not before requests in flight are answered (or never, for more than the limit at once).
    return Number.POSITIVE_INFINITY;
  }

  /** Keys currently remembered (for tests and memory checks). */
  get size(): number {
    return this.#slots.size;
  }

  /** Pages the entry queue holds (for tests: the front's pages are given back). */
  get entryPages(): number {
    return this.#at.pages;
  }

  #add(slot: number, count: number, now: number): void {
    const at = Math.max(now, this.#latest);
    this.#latest = at;
    this.#total.add(slot, count);
    const last = this.#last.get(slot);
    if (last !== -1 && this.#at.get(last) === at) {
      this.#count.add(last, count);
      return;
    }
    const seq = this.#tail++;
    this.#at.set(seq, at);
    this.#count.set(seq, count);
    this.#slotOf.set(seq, slot);
    this.#next.set(seq, -1);
    if (last === -1) this.#first.set(slot, seq);
    else this.#next.set(last, seq);
    this.#last.set(slot, seq);
  }

  #prune(now: number): void {
    const horizon = now - this.windowMs;
    const head = this.#head;
    while (this.#head < this.#tail) {
      const seq = this.#head;
      if (this.#at.get(seq) > horizon) break;
      const slot = this.#slotOf.get(seq);
      this.#total.add(slot, -this.#count.get(seq));
      // The queue is in time order, so the entry leaving it is its key's oldest.
      const next = this.#next.get(seq);
      this.#first.set(slot, next);
      if (next === -1) this.#last.set(slot, -1);
      this.#head += 1;
      this.#forgetIfEmpty(slot);
    }
    if (this.#head !== head) for (const column of this.#entryColumns) column.dropBelow(this.#head);
  }

  #forgetIfEmpty(slot: number): void {
    if (this.#total.get(slot) !== 0 || this.#inFlight.get(slot) !== 0) return;
    this.#slots.delete(this.#slotHash.get(slot));
    this.#freeSlots.push(slot);
  }

  #slot(key: string): number {
    const hash = keyHash(key);
    let slot = this.#slots.get(hash);
    if (slot !== undefined) return slot;
    slot = this.#freeSlots.pop() ?? this.#slotCount++;
    this.#slotHash.set(slot, hash);
    this.#total.set(slot, 0);
    this.#inFlight.set(slot, 0);
    this.#first.set(slot, -1);
    this.#last.set(slot, -1);
    this.#slots.set(hash, slot);
    return slot;
  }
}

/**
 * A key's 31-bit FNV-1a hash: a small integer V8 keeps in the map without a heap object, so
 * 300k identities cost no string each. Two keys whose hashes collide share one window (about ten
 * pairs among 300k identities): a cautious error, they may wait for each other, never one that
 * lets a window hold more than the limit.
 */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 1;
}
