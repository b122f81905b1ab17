/**
 * Progress reports every `intervalMs` while a run goes on (the timer never keeps the process alive).
 *
 * The rate shown is the recent one (since the previous report): an average since the start would
 * keep falling slowly through a stall instead of showing it. While a batch waits to be retried, the
 * report says why and where (src/delivery/retry-reason.ts).
 */
import { describeRetry } from '../delivery/retry-reason.js';
import type { RunSnapshot } from './counters.js';

/**
 * Called with the rate since the previous call and, while a batch waits to be retried, why (e.g.
 * `retrying after 503 from /api/track, next attempt in 4 s`).
 */
export type ProgressListener = (current: RunSnapshot, recordsPerSecond: number, retryText: string | undefined) => void;

export interface ProgressSource {
  startedAt: number;
  now: () => number;
  sample: () => RunSnapshot;
  /** Heap's base URL, to name the host a connection failed to. */
  heapUrl: string;
}

/** Starts the reports; call the returned function to stop them. */
export function reportProgress(intervalMs: number, source: ProgressSource, listener: ProgressListener): () => void {
  let previous = { at: source.startedAt, delivered: 0 };
  const timer = setInterval(() => {
    const at = source.now();
    const current = source.sample();
    const rate = (current.delivered - previous.delivered) / (Math.max(1, at - previous.at) / 1000);
    previous = { at, delivered: current.delivered };
    listener(current, rate, current.retrying === undefined ? undefined : describeRetry(current.retrying, source.heapUrl, at));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
