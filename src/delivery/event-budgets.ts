/**
 * The client-side rate budgets of tracked events: one sliding window for the app and one per
 * identity (either may be off). Events count from the moment they are sent (`reserve`) and stay
 * in the windows for a full window after Heap's answer (`settle`); see rate-limiter.ts for why.
 */
import { KeyedSlidingWindows } from './keyed-sliding-windows.js';
import { clientWindowMs, SlidingWindow } from './rate-limiter.js';

/** What a batch needs from the budgets: its number of events, and each one's identity when identity budgets are on. */
export interface Budgeted {
  readonly items: number;
  readonly keys: readonly string[] | undefined;
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
  reserve(batch: Budgeted): void {
    this.app?.reserve(batch.items);
    if (this.identity) for (const key of identities(batch)) this.identity.reserve(key, 1);
  }

  /** Heap answered a batch at `now` (whatever the answer: it may have counted the events). */
  settle(batch: Budgeted, now: number): void {
    this.app?.settle(batch.items, now);
    if (this.identity) for (const key of identities(batch)) this.identity.settle(key, 1, now);
  }

  /**
   * The earliest time the whole batch fits the budgets: `now` if it does, Infinity while the room
   * it needs is held by requests in flight.
   */
  readyAt(batch: Budgeted, now: number): number {
    let readyAt = this.app?.availableAt(batch.items, now) ?? now;
    if (this.identity) {
      const perIdentity = new Map<string, number>();
      for (const key of identities(batch)) perIdentity.set(key, (perIdentity.get(key) ?? 0) + 1);
      for (const [key, count] of perIdentity) readyAt = Math.max(readyAt, this.identity.availableAt(key, count, now));
    }
    return readyAt;
  }
}

function identities(batch: Budgeted): readonly string[] {
  if (batch.keys === undefined) throw new Error('identity budgets need the identities of a batch');
  return batch.keys;
}
