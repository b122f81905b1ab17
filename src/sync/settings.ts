/**
 * The timings of a run. Fixed for users; tests shorten some of them.
 */
import { HEAP_RATE_WINDOW_MS } from './rate-window.js';

export interface SyncSettings {
  /** Heap's rate window (ms); 60 000 except against a Heap stand-in (see rate-window.ts). */
  windowMs: number;
  /** Partial batches go out once the input has been quiet this long (ms)... */
  lingerMs: number;
  /** ... or once their oldest item waited this long (ms). */
  maxLingerMs: number;
  /** Grace period for requests in flight after a shutdown signal (ms). */
  shutdownGraceMs: number;
  /** Interval between progress lines (ms). */
  progressIntervalMs: number;
  maxLineLength?: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  windowMs: HEAP_RATE_WINDOW_MS,
  lingerMs: 500,
  maxLingerMs: 3_000,
  shutdownGraceMs: 5_000,
  progressIntervalMs: 10_000,
};
