import { describe, expect, it } from 'vitest';
import { decideRetry, describeOutcome, parseRetryAfter, type AttemptOutcome, type RetryContext, type RetryDecision } from '../src/delivery/retry-policy.js';
import { ConfigError, HeapAuthError, RetriesExhaustedError } from '../src/errors.js';

const options = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryMs: 10_000 };
const NOW = 1_700_000_000_000;

const response = (status: number, body = '', retryAfterMs?: number): AttemptOutcome => ({ kind: 'response', status, body, retryAfterMs });
const timeout: AttemptOutcome = { kind: 'timeout' };
const network: AttemptOutcome = { kind: 'network', code: 'ECONNRESET' };

const context = (overrides: Partial<RetryContext> = {}): RetryContext => ({
  path: '/api/track',
  attempt: 1,
  items: 10,
  firstFailureAt: undefined,
  now: NOW,
  random: 0.5,
  ...overrides,
});

const decide = (outcome: AttemptOutcome, overrides: Partial<RetryContext> = {}) => decideRetry(outcome, context(overrides), options);

/** The error of a `fail` decision; fails the test for any other decision. */
function failure(decision: RetryDecision) {
  if (decision.action !== 'fail') throw new Error(`expected a fail decision, got ${JSON.stringify(decision)}`);
  return decision.error;
}

describe('decideRetry', () => {
  it.each([200, 201, 204, 299])('is done on HTTP %d', (status) => {
    expect(decide(response(status))).toEqual({ action: 'done' });
  });

  describe('retries after an exponential backoff with equal jitter', () => {
    // With random 0.5 the delay is 3/4 of min(maxDelayMs, baseDelayMs * 2^(attempt-1)).
    it.each([
      [1, 75],
      [2, 150],
      [3, 300],
      [4, 600],
      [5, 750],
      [12, 750],
    ])('attempt %d waits %d ms', (attempt, delayMs) => {
      expect(decide(response(503), { attempt })).toEqual({ action: 'retry', delayMs });
    });

    it.each([408, 429, 500, 502, 503, 504])('on HTTP %d', (status) => {
      expect(decide(response(status))).toEqual({ action: 'retry', delayMs: 75 });
    });

    it('on a timeout', () => {
      expect(decide(timeout, { attempt: 2 })).toEqual({ action: 'retry', delayMs: 150 });
    });

    it('on a connection error', () => {
      expect(decide(network, { attempt: 3 })).toEqual({ action: 'retry', delayMs: 300 });
    });

    it('of half the backoff when random is 0', () => {
      expect(decide(response(500), { attempt: 3, random: 0 })).toEqual({ action: 'retry', delayMs: 200 });
    });

    it('of the whole backoff when random is just below 1', () => {
      expect(decide(response(500), { attempt: 3, random: 0.999999 })).toEqual({ action: 'retry', delayMs: 400 });
    });

    it('of at most maxDelayMs when random is just below 1', () => {
      expect(decide(response(500), { attempt: 20, random: 0.999999 })).toEqual({ action: 'retry', delayMs: 1000 });
    });

    it('rounded up to whole milliseconds', () => {
      expect(decide(response(500), { attempt: 1, random: 0.01 })).toEqual({ action: 'retry', delayMs: 51 });
    });
  });

  describe('on 429', () => {
    it('without Retry-After waits the backoff', () => {
      expect(decide(response(429), { attempt: 2 })).toEqual({ action: 'retry', delayMs: 150 });
    });

    it('with a Retry-After longer than the backoff waits the Retry-After', () => {
      expect(decide(response(429, '', 5000))).toEqual({ action: 'retry', delayMs: 5000 });
    });

    it('with a Retry-After shorter than the backoff waits the backoff', () => {
      expect(decide(response(429, '', 10), { attempt: 3 })).toEqual({ action: 'retry', delayMs: 300 });
    });

    it('never waits less than Retry-After, even past maxDelayMs and whatever random is', () => {
      for (const random of [0, 0.25, 0.5, 0.999999]) {
        for (const attempt of [1, 2, 5, 30]) {
          const decision = decide(response(429, '', 3001), { attempt, random });
          expect(decision).toEqual({ action: 'retry', delayMs: 3001 });
        }
      }
    });

    it('with a fractional Retry-After rounds the wait up', () => {
      expect(decide(response(429, '', 1234.2))).toEqual({ action: 'retry', delayMs: 1235 });
    });
  });

  it('honours Retry-After on a 503 too', () => {
    expect(decide(response(503, '', 2000))).toEqual({ action: 'retry', delayMs: 2000 });
  });

  describe('when the body was refused whole', () => {
    it.each([400, 413, 422])('splits a batch of several items on HTTP %d', (status) => {
      expect(decide(response(status, 'bad request'), { items: 2 })).toEqual({ action: 'split' });
    });

    /** The reason of a `reject` decision; fails the test for any other decision. */
    function reason(decision: RetryDecision): string {
      if (decision.action !== 'reject') throw new Error(`expected a reject decision, got ${JSON.stringify(decision)}`);
      return decision.reason;
    }

    it.each([400, 413, 422])('rejects a single item on HTTP %d, the status then Heap\'s reason ending the text', (status) => {
      const text = reason(decide(response(status, '{"error":"property value too long"}'), { items: 1 }));
      expect(text.endsWith(`(HTTP ${status}): property value too long`)).toBe(true);
    });

    it('rejects a single item with the status alone when Heap gave no reason', () => {
      expect(reason(decide(response(400, '  \n'), { items: 1 })).endsWith('(HTTP 400)')).toBe(true);
    });

    it('puts Heap\'s reason on one line', () => {
      expect(reason(decide(response(400, 'bad\n\n  event\tname'), { items: 1 })).endsWith('(HTTP 400): bad event name')).toBe(true);
    });

    it('cuts a long reason from Heap to 300 characters', () => {
      const text = reason(decide(response(400, 'x'.repeat(1000)), { items: 1 }));
      expect(text.endsWith(`(HTTP 400): ${'x'.repeat(300)}…`)).toBe(true);
      expect(text).not.toContain('x'.repeat(301));
    });

    it('splits even after the retry time limit has passed', () => {
      expect(decide(response(400), { items: 5, firstFailureAt: NOW - 60_000 })).toEqual({ action: 'split' });
    });
  });

  describe('fails the run', () => {
    it.each([401, 403])('with a HeapAuthError (config_error) on HTTP %d', (status) => {
      const error = failure(decide(response(status)));
      expect(error).toBeInstanceOf(HeapAuthError);
      expect(error.failureType).toBe('config_error');
      expect(error.code).toBe('HEAP_AUTH_REFUSED');
      expect(error.name).toBe('HeapAuthError');
    });

    it.each([401, 403])('naming the status and the request path on HTTP %d', (status) => {
      const { message } = failure(decide(response(status), { path: '/api/add_user_properties' }));
      expect(message).toContain(`HTTP ${status}`);
      expect(message).toContain('POST /api/add_user_properties');
    });

    it.each([404, 405, 409, 301])('with a config_error on HTTP %d', (status) => {
      const error = failure(decide(response(status, 'Not Found')));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.failureType).toBe('config_error');
      expect(error.code).toBe('HEAP_REQUEST_REFUSED');
    });

    it('naming the status and the request path in a config_error', () => {
      const { message } = failure(decide(response(404, 'Not Found'), { path: '/api/add_account_properties' }));
      expect(message).toContain('HTTP 404');
      expect(message).toContain('POST /api/add_account_properties');
    });

    it('with Heap\'s answer in the internal message of a config_error', () => {
      expect(failure(decide(response(404, 'no such route'))).internalMessage).toContain('no such route');
    });

    it('with Heap\'s answer passed through redact, in the internal message of a 4xx and of a 401', () => {
      const redact = (text: string) => text.replace('ann@example.com', '…');
      for (const status of [404, 401]) {
        const { internalMessage } = failure(decide(response(status, 'route for ann@example.com missing'), { redact }));
        expect(internalMessage).toContain('route for … missing');
        expect(internalMessage).not.toContain('ann@example.com');
      }
    });

    it('with Heap\'s answer passed through redact in the reason of a record refused alone', () => {
      const redact = (text: string) => text.replace('ann@example.com', '…');
      const decision = decide(response(400, 'identity ann@example.com refused'), { items: 1, redact });
      expect(decision).toEqual({ action: 'reject', reason: expect.stringContaining('identity … refused') });
    });

    it('with a transient_error once the next wait would end past the retry time limit', () => {
      // attempt 1, random 0.5: the wait is 75 ms; 9 926 + 75 ms after the first failure > 10 000 ms.
      const error = failure(decide(response(503), { firstFailureAt: NOW - 9_926 }));
      expect(error).toBeInstanceOf(RetriesExhaustedError);
      expect(error.failureType).toBe('transient_error');
      expect(error.code).toBe('RETRIES_EXHAUSTED');
    });

    it('not while the next wait ends exactly at the retry time limit', () => {
      expect(decide(response(503), { firstFailureAt: NOW - 9_925 })).toEqual({ action: 'retry', delayMs: 75 });
    });

    it.each([
      ['a timeout', timeout],
      ['a connection error', network],
      ['HTTP 429', response(429)],
    ])('with a transient_error after %s past the retry time limit', (_title, outcome) => {
      expect(failure(decide(outcome, { firstFailureAt: NOW - 20_000 }))).toBeInstanceOf(RetriesExhaustedError);
    });

    it('with a transient_error on a first failure whose Retry-After is longer than the retry time limit', () => {
      expect(failure(decide(response(429, '', 10_001)))).toBeInstanceOf(RetriesExhaustedError);
    });

    it('naming the last outcome in the internal message when retries are exhausted', () => {
      const error = failure(decide(network, { attempt: 7, firstFailureAt: NOW - 20_000 }));
      expect(error.internalMessage).toContain(describeOutcome(network));
    });

    it('naming the outcome, the path, the time spent, the attempts and the limit when retries are exhausted', () => {
      const { message } = failure(decide(response(503), { path: '/api/track', attempt: 7, firstFailureAt: NOW - 20_000 }));
      expect(message).toContain(describeOutcome(response(503)));
      expect(message).toContain('/api/track');
      expect(message).toContain('20 s');
      expect(message).toContain('7 attempts');
      expect(message).toContain('10 s (max_retry_seconds)');
    });

    it('never saying Heap answered when nothing answered, and naming the host that refused', () => {
      const refused: AttemptOutcome = { kind: 'network', code: 'ECONNREFUSED' };
      const local = failure(decide(refused, { firstFailureAt: NOW - 20_000, baseUrl: 'http://127.0.0.1:8080' })).message;
      expect(local).not.toMatch(/answer/i);
      expect(local).toContain('ECONNREFUSED');
      expect(local).toContain('127.0.0.1:8080');
      expect(local).toContain('is the sandbox running');
      const remote = failure(decide(refused, { firstFailureAt: NOW - 20_000, baseUrl: 'https://heapanalytics.com' })).message;
      expect(remote).toContain('heapanalytics.com:443');
      expect(remote).not.toContain('sandbox');
      expect(failure(decide(timeout, { firstFailureAt: NOW - 20_000 })).message).not.toMatch(/Heap kept answering/);
    });

    it('pointing at the rate settings only when Heap was throttling (429)', () => {
      const throttled = failure(decide(response(429), { firstFailureAt: NOW - 20_000 })).message;
      const failing = failure(decide(response(503), { firstFailureAt: NOW - 20_000 })).message;
      for (const setting of ['events_per_minute', 'max_concurrent_requests']) {
        expect(throttled).toContain(setting);
        expect(failing).not.toContain(setting);
      }
    });
  });
});

describe('describeOutcome', () => {
  it.each([
    [response(503), 'HTTP 503'],
    [timeout, 'request timed out'],
    [network, 'connection error ECONNRESET'],
  ])('describes %j as %j', (outcome, text) => {
    expect(describeOutcome(outcome)).toBe(text);
  });
});

describe('parseRetryAfter', () => {
  const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
  const at = Date.parse(date);

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    [' 7 ', 7000],
    ['0.0004', 1],
  ])('reads delta-seconds %j as %d ms', (header, ms) => {
    expect(parseRetryAfter(header, NOW)).toBe(ms);
  });

  it('reads an HTTP date as the milliseconds from now until then', () => {
    expect(parseRetryAfter(date, at - 30_000)).toBe(30_000);
  });

  it('reads an HTTP date in the past as 0', () => {
    expect(parseRetryAfter(date, at + 5_000)).toBe(0);
  });

  it('reads an obsolete RFC 850 date', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:00 GMT', at - 1_000)).toBe(1_000);
  });

  it('reads an asctime date', () => {
    expect(parseRetryAfter('Wed Oct 21 07:28:00 2015', at - 2_000)).toBe(2_000);
  });

  it('reads the first of repeated headers', () => {
    expect(parseRetryAfter(['30', '60'], NOW)).toBe(30_000);
  });

  it.each([[undefined], [''], ['   '], [[]]])('is undefined for an absent header (%j)', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });

  it.each(['soon', '5 minutes', '30s', '1e3', 'Infinity', '-5', '1,5', 'abc 2030'])('is undefined for the garbage %j', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});
