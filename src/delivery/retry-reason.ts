/**
 * Why a request is being retried, in words a person can act on: what happened (a status Heap
 * answered, or a network failure that means nothing answered), where (the endpoint, or the host
 * that could not be reached) and, for a refused connection to a loopback host, the likely cause:
 * nothing is listening there, usually because the bundled sandbox is not running.
 */
import { isLoopbackHost } from '../config/loopback.js';
import type { AttemptOutcome } from './retry-policy.js';

/** The last failed attempt of a batch that is waiting to be tried again. */
export interface RetryNote {
  outcome: AttemptOutcome;
  /** The request path, e.g. `/api/track`. */
  path: string;
  /** When the next attempt is due (ms, the run's clock). */
  nextAttemptAt: number;
}

/** `host:port` of a base URL (the default port of its scheme when none is given). */
export function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
  return `${url.hostname}:${port}`;
}

/**
 * One attempt's failure: `503 from /api/track`, `ECONNREFUSED connecting to 127.0.0.1:8080`,
 * `no answer in time from /api/track`. Only a `response` says Heap answered.
 */
export function describeAttempt(outcome: AttemptOutcome, path: string, baseUrl: string): string {
  switch (outcome.kind) {
    case 'response':
      return `${outcome.status} from ${path}`;
    case 'timeout':
      return `no answer in time from ${path}`;
    case 'network':
      return `${outcome.code} connecting to ${hostOf(baseUrl)}`;
  }
}

/** What to check, when the failure says so: a refused connection to a loopback host. Else undefined. */
export function retryHint(outcome: AttemptOutcome, baseUrl: string): string | undefined {
  if (outcome.kind !== 'network' || outcome.code !== 'ECONNREFUSED') return undefined;
  const url = new URL(baseUrl);
  if (!isLoopbackHost(url.hostname)) return undefined;
  return `nothing is listening there; is the sandbox running (destination-heap sandbox --port ${url.port || '80'})?`;
}

/**
 * The progress line's retry part: `retrying after 503 from /api/track, next attempt in 4 s`, then
 * the hint, if any.
 */
export function describeRetry(note: RetryNote, baseUrl: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((note.nextAttemptAt - now) / 1000));
  const hint = retryHint(note.outcome, baseUrl);
  return `retrying after ${describeAttempt(note.outcome, note.path, baseUrl)}, next attempt in ${seconds} s${hint === undefined ? '' : `; ${hint}`}`;
}
