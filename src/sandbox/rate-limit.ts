/**
 * Heap's limits on `/api/track`: events per window per app_id and per identity. A request that
 * would push any window over its limit is refused whole and consumes nothing; otherwise all its
 * events count against the app's window and each identity's window at once.
 */
import type { EventItem } from './items.js';
import { SlidingWindows } from './sliding-window.js';

export interface RateLimitSettings {
  /** 0 = unlimited. */
  eventsPerAppPerWindow: number;
  /** 0 = unlimited. */
  eventsPerIdentityPerWindow: number;
  windowMs: number;
}

export type Admission =
  | { ok: true }
  | {
      ok: false;
      /** Milliseconds until the request would fit; Infinity when it never can. */
      waitMs: number;
      /**
       * For the Retry-After header: whole seconds, rounded up, at least 1. When the request can
       * never fit, a full window: a client that honours it slows down instead of spinning.
       */
      retryAfterSeconds: number;
      /** Which limit, for the answer; names an item index, never an identity. */
      reason: string;
    };

export class TrackRateLimiter {
  private readonly apps: SlidingWindows;
  private readonly identities: SlidingWindows;

  constructor(private readonly settings: RateLimitSettings) {
    this.apps = new SlidingWindows(settings.eventsPerAppPerWindow, settings.windowMs);
    this.identities = new SlidingWindows(settings.eventsPerIdentityPerWindow, settings.windowMs);
  }

  /** Admits the whole request (and records it) or refuses it whole (and records nothing). */
  admit(appId: string, events: readonly EventItem[], list: string | undefined, now: number): Admission {
    const { eventsPerAppPerWindow: perApp, eventsPerIdentityPerWindow: perIdentity, windowMs } = this.settings;
    let waitMs = this.apps.waitFor(appId, events.length, now);
    let reason = waitMs > 0 ? `more than ${perApp} events per ${windowMs} ms for app_id ${appId}` : '';

    const perKey = new Map<string, { count: number; firstIndex: number }>();
    if (perIdentity > 0) {
      events.forEach((event, index) => {
        const key = `${appId}:${event.identity}`;
        const seen = perKey.get(key);
        if (seen === undefined) perKey.set(key, { count: 1, firstIndex: index });
        else seen.count++;
      });
      for (const [key, { count, firstIndex }] of perKey) {
        const wait = this.identities.waitFor(key, count, now);
        if (wait > waitMs) {
          waitMs = wait;
          const item = list === undefined ? 'identity' : `${list}[${firstIndex}].identity`;
          reason = `more than ${perIdentity} events per ${windowMs} ms for the ${item}`;
        }
      }
    }
    if (waitMs === Number.POSITIVE_INFINITY) {
      const retryAfterSeconds = Math.max(1, Math.ceil(windowMs / 1000));
      return { ok: false, waitMs, retryAfterSeconds, reason: `${reason}: the request alone exceeds it` };
    }
    if (waitMs > 0) return { ok: false, waitMs, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), reason };

    this.apps.add(appId, events.length, now);
    for (const [key, { count }] of perKey) this.identities.add(key, count, now);
    return { ok: true };
  }

  /** Identities currently holding a window (for tests of the memory bound). */
  get trackedIdentities(): number {
    return this.identities.size;
  }

  clear(): void {
    this.apps.clear();
    this.identities.clear();
  }
}
