/**
 * Sliding-window counters, one per key: each key holds a short log of (time, count) entries, and
 * an entry counts against the limit while `now < time + windowMs`. Logs are pruned as keys are
 * used, and keys that fall empty are deleted, with a full sweep once per window so that keys never
 * seen again (identities from an old batch) do not pile up over a million-event run.
 *
 * The clock is assumed not to go backwards; if it does, entries merely expire late.
 */
interface Entry {
  time: number;
  count: number;
}

export class SlidingWindows {
  private readonly logs = new Map<string, Entry[]>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  /** `limit` units per `windowMs` per key; `limit` 0 means unlimited. */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Milliseconds until `count` more units fit under the key's limit: 0 when they fit now,
   * Infinity when they never can (`count` alone exceeds the limit).
   */
  waitFor(key: string, count: number, now: number): number {
    if (this.limit === 0) return 0;
    if (count > this.limit) return Number.POSITIVE_INFINITY;
    const log = this.prune(key, now);
    if (log === undefined) return 0;
    let used = 0;
    for (const entry of log) used += entry.count;
    if (used + count <= this.limit) return 0;
    // Free the oldest entries until the request fits; the last one freed says when.
    for (const entry of log) {
      used -= entry.count;
      if (used + count <= this.limit) return entry.time + this.windowMs - now;
    }
    return 0; // unreachable: count <= limit, so freeing every entry makes room
  }

  add(key: string, count: number, now: number): void {
    if (this.limit === 0 || count === 0) return;
    const log = this.logs.get(key);
    const last = log?.[log.length - 1];
    if (last !== undefined && last.time === now) last.count += count;
    else if (log !== undefined) log.push({ time: now, count });
    else this.logs.set(key, [{ time: now, count }]);
    if (now - this.lastSweep >= this.windowMs) this.sweep(now);
  }

  /** Keys currently holding a log (for tests of the memory bound). */
  get size(): number {
    return this.logs.size;
  }

  clear(): void {
    this.logs.clear();
    this.lastSweep = Number.NEGATIVE_INFINITY;
  }

  private prune(key: string, now: number): Entry[] | undefined {
    const log = this.logs.get(key);
    if (log === undefined) return undefined;
    let expired = 0;
    while (expired < log.length && (log[expired] as Entry).time + this.windowMs <= now) expired++;
    if (expired === log.length) {
      this.logs.delete(key);
      return undefined;
    }
    if (expired > 0) log.splice(0, expired);
    return log;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    // Deleting the current key while iterating a Map is safe: iteration continues with the next.
    for (const key of this.logs.keys()) this.prune(key, now);
  }
}
