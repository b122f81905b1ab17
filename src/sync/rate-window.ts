/**
 * Heap's rate window is 60 s. `DESTINATION_HEAP_RATE_WINDOW_MS` shortens it (ours and the
 * stand-in's) so rate tests run in seconds, and only against a Heap stand-in on this machine:
 * against a real Heap a shorter window would send more than Heap's limits allow, so there the
 * variable is ignored (with a warning).
 */
import { isLoopbackHost } from '../config/loopback.js';

export const RATE_WINDOW_ENV = 'DESTINATION_HEAP_RATE_WINDOW_MS';

/** Heap's rate window (ms). */
export const HEAP_RATE_WINDOW_MS = 60_000;

export interface RateWindow {
  windowMs: number;
  /** Set when the variable was given but not honoured: why, for a warning. */
  ignored?: string;
}

/** The rate window for a run against `heapUrl`, given the environment. */
export function rateWindow(env: Readonly<Record<string, string | undefined>>, heapUrl: string): RateWindow {
  const raw = env[RATE_WINDOW_ENV];
  if (raw === undefined || raw === '') return { windowMs: HEAP_RATE_WINDOW_MS };
  const windowMs = Number(raw);
  if (!Number.isInteger(windowMs) || windowMs <= 0) {
    return { windowMs: HEAP_RATE_WINDOW_MS, ignored: `${RATE_WINDOW_ENV} is ignored: it must be a positive whole number of milliseconds` };
  }
  if (!isLoopbackHost(new URL(heapUrl).hostname)) {
    return {
      windowMs: HEAP_RATE_WINDOW_MS,
      ignored: `${RATE_WINDOW_ENV} is ignored: it shortens the rate window only for a Heap stand-in on a loopback base_url (localhost, 127.0.0.0/8, ::1), never for Heap itself`,
    };
  }
  return { windowMs };
}
