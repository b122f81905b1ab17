/**
 * The client-side rate budgets of tracked events: one sliding window for the app and one per
 * identity (either may be off). Events count from the moment they are sent (`reserve`) and stay
 * in the windows for a full window after Heap's answer (`settle`); see rate-limiter.ts for why.
 */
import { clientWindowMs, KeyedSlidingWindows, SlidingWindow } from './rate-limiter.js';

/** What a batch needs from the budgets: one event per item, counted against its identity. */
export interface Budgeted {
  key: string;
}

export class EventBudgets {
  readonly app: SlidingWindow | undefined;
  readonly identity: KeyedSlidingWindows | undefined;

  /**
   * @param eventsPerWindow events per window for the app; 0 = no limit
   * @param eventsPerIdentityPerWindow events per window per identity; 0 = no limit
   * @param heapWindowMs Heap's window (ms), normally 60 000
   */
  constructor(eventsPerWindow: number, eventsPerIdentityPerWindow: number, heapWindowMs: number) {
    const window = clientWindowMs(heapWindowMs);
    this.app = eventsPerWindow > 0 ? new SlidingWindow(eventsPerWindow, window) : undefined;
    this.identity = eventsPerIdentityPerWindow > 0 ? new KeyedSlidingWindows(eventsPerIdentityPerWindow, window) : undefined;
  }

  /** Counts a batch that is being sent. */
  reserve(batch: readonly Budgeted[]): void {
    this.app?.reserve(batch.length);
    if (this.identity) for (const entry of batch) this.identity.reserve(entry.key, 1);
  }

  /** Heap answered a batch at `now` (whatever the answer: it may have counted the events). */
  settle(batch: readonly Budgeted[], now: number): void {
    this.app?.settle(batch.length, now);
    if (this.identity) for (const entry of batch) this.identity.settle(entry.key, 1, now);
  }

  /**
   * The earliest time the whole batch fits the budgets: `now` if it does, Infinity while the room
   * it needs is held by requests in flight.
   */
  readyAt(batch: readonly Budgeted[], now: number): number {
    let readyAt = this.app?.availableAt(batch.length, now) ?? now;
    if (this.identity) {
      const perIdentity = new Map<string, number>();
      for (const entry of batch) perIdentity.set(entry.key, (perIdentity.get(entry.key) ?? 0) + 1);
      for (const [key, count] of perIdentity) readyAt = Math.max(readyAt, this.identity.availableAt(key, count, now));
    }
    return readyAt;
  }
}
