/**
 * What to do after one attempt at a bulk request. Pure: the caller passes the clock and the
 * randomness, the function returns a decision, the delivery loop only sleeps and calls.
 *
 * - 2xx: done.
 * - 429, 5xx, timeouts, connection errors: retry after an exponential backoff with jitter, never
 *   sooner than `Retry-After`, while the batch's retry time limit allows.
 * - 400, 413, 422 (the body was refused whole): split the batch to isolate the offending items;
 *   a single refused item is rejected.
 * - 401/403: the app or credentials are refused: stop the sync (config_error).
 * - any other 4xx: not retryable, stop the sync (config_error: usually a wrong base_url).
 */
import { ConfigError, HeapAuthError, RetriesExhaustedError, type ConnectorError } from '../errors.js';
import { hostOf, retryHint } from './retry-reason.js';

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number | undefined; body: string }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string };

export type RetryDecision =
  | { action: 'done' }
  | { action: 'retry'; delayMs: number }
  | { action: 'split' }
  | { action: 'reject'; reason: string }
  | { action: 'fail'; error: ConnectorError };

export interface RetryContext {
  /** The request's path, e.g. `/api/track` (named in messages). */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Items in the request. */
  items: number;
  /** When the first attempt of this batch failed (ms); undefined if none failed yet. */
  firstFailureAt: number | undefined;
  now: number;
  /** Uniform in [0, 1). */
  random: number;
  /** Heap's base URL, to name the host a connection failed to (optional: messages then say "Heap"). */
  baseUrl?: string | undefined;
  /**
   * Hides record values in Heap's answer before it goes into a reason or an error
   * (src/delivery/redact.ts); default: the answer as is.
   */
  redact?: (text: string) => string;
}

export interface RetryPolicyOptions {
  /** First backoff (ms); doubles each attempt. */
  baseDelayMs: number;
  /** Largest backoff (ms) before `Retry-After` is considered. */
  maxDelayMs: number;
  /** How long a batch may keep being retried, from its first failure (ms). */
  maxRetryMs: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicyOptions, 'maxRetryMs'> = { baseDelayMs: 500, maxDelayMs: 30_000 };

const SPLITTABLE = new Set([400, 413, 422]);

export function decideRetry(outcome: AttemptOutcome, context: RetryContext, options: RetryPolicyOptions): RetryDecision {
  if (outcome.kind === 'response') {
    const { status } = outcome;
    if (status >= 200 && status < 300) return { action: 'done' };
    if (SPLITTABLE.has(status)) {
      return context.items > 1 ? { action: 'split' } : { action: 'reject', reason: describeRefusal(outcome, context) };
    }
    if (status === 401 || status === 403) {
      return {
        action: 'fail',
        error: new HeapAuthError(
          `Heap (or a proxy in front of it) answered HTTP ${status} to POST ${context.path}. Heap's ingestion API takes no credentials, ` +
            "so this usually comes from a proxy or firewall: check base_url and the proxy's credentials, and that app_id is your Heap environment ID.",
          { internalMessage: `HTTP ${status} to POST ${context.path}: ${excerpt(outcome.body, context)}` },
        ),
      };
    }
    // 408: a proxy or load balancer gave up waiting on Heap; the request may go again, as after a 5xx.
    if (status !== 429 && status !== 408 && status < 500) {
      return {
        action: 'fail',
        error: new ConfigError(
          'HEAP_REQUEST_REFUSED',
          `Heap answered HTTP ${status} to POST ${context.path}, which is not retryable. region / base_url must point at Heap's ingestion API ` +
            '(base_url is used as given, including any path prefix).',
          { internalMessage: `HTTP ${status} to POST ${context.path}: ${excerpt(outcome.body, context)}` },
        ),
      };
    }
  }
  return backoff(outcome, context, options);
}

function backoff(outcome: AttemptOutcome, context: RetryContext, options: RetryPolicyOptions): RetryDecision {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (context.attempt - 1));
  // "Equal jitter": half fixed, half random, so retries spread out but never collapse to zero.
  const jittered = exponential / 2 + (context.random * exponential) / 2;
  const retryAfter = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
  const delayMs = Math.ceil(Math.max(jittered, retryAfter));
  const firstFailureAt = context.firstFailureAt ?? context.now;
  if (context.now + delayMs - firstFailureAt > options.maxRetryMs) {
    return {
      action: 'fail',
      error: new RetriesExhaustedError(exhaustedMessage(outcome, context, firstFailureAt, options), {
        internalMessage: `last outcome: ${describeOutcome(outcome)}; path: ${context.path}; attempts: ${context.attempt}`,
      }),
    };
  }
  return { action: 'retry', delayMs };
}

function exhaustedMessage(outcome: AttemptOutcome, context: RetryContext, firstFailureAt: number, options: RetryPolicyOptions): string {
  const seconds = Math.round((context.now - firstFailureAt) / 1000);
  const throttled = outcome.kind === 'response' && outcome.status === 429;
  const attempts = `${context.attempt} attempt${context.attempt === 1 ? '' : 's'}`;
  const hint = context.baseUrl === undefined ? undefined : retryHint(outcome, context.baseUrl);
  return (
    `${whatKeptHappening(outcome, context.path, context.baseUrl)} for ${seconds} s (${attempts})${hint === undefined ? '.' : `: ${hint}`} ` +
    `The next retry would end past the retry limit of ${Math.round(options.maxRetryMs / 1000)} s (max_retry_seconds). ` +
    'Run the sync again later (it resumes from the last state; events already sent are not doubled), or raise max_retry_seconds' +
    (throttled ? ', or lower events_per_minute / max_concurrent_requests.' : '.')
  );
}

/** Only an HTTP response is Heap answering; a timeout or a network failure is named as such. */
function whatKeptHappening(outcome: AttemptOutcome, path: string, baseUrl: string | undefined): string {
  switch (outcome.kind) {
    case 'response':
      return `Heap kept answering HTTP ${outcome.status} to POST ${path}`;
    case 'timeout':
      return `POST ${path} kept getting no answer within the request timeout (request_timeout_seconds)`;
    case 'network':
      return `Could not connect to ${baseUrl === undefined ? 'Heap' : `Heap at ${hostOf(baseUrl)}`} (${outcome.code})`;
  }
}

export function describeOutcome(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'response':
      return `HTTP ${outcome.status}`;
    case 'timeout':
      return 'request timed out';
    case 'network':
      return `connection error ${outcome.code}`;
  }
}

function describeRefusal(outcome: { status: number; body: string }, context: RetryContext): string {
  const body = excerpt(outcome.body, context);
  const refused = `Heap refused this record even when sent alone (HTTP ${outcome.status})`;
  return body.length > 0 ? `${refused}: ${body}` : refused;
}

/** Heap's error text (the message of a JSON error body), shortened (long bodies only add noise), values hidden. */
function excerpt(body: string, context: RetryContext): string {
  const oneLine = messageOf(body).replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
  return context.redact === undefined ? short : context.redact(short);
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return body;
}

/** Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  // Every HTTP-date form (IMF-fixdate, RFC 850, asctime) starts with the day's name. Date.parse
  // alone is far too lenient: it reads "-5" as May 2001 and "abc 2030" as 1 January 2030.
  if (!/^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
