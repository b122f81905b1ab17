/**
 * Progress reports every `intervalMs` while a run goes on (the timer never keeps the process alive).
 */
import type { RunSnapshot } from './counters.js';

export type ProgressListener = (current: RunSnapshot, recordsPerSecond: number) => void;

/** Starts the reports; call the returned function to stop them. */
export function reportProgress(intervalMs: number, sample: () => { current: RunSnapshot; elapsedMs: number }, listener: ProgressListener): () => void {
  const timer = setInterval(() => {
    const { current, elapsedMs } = sample();
    listener(current, current.delivered / (Math.max(1, elapsedMs) / 1000));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
