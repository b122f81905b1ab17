import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../src/delivery/retry-policy.js';
import { describeAttempt, describeRetry, hostOf, retryHint } from '../src/delivery/retry-reason.js';

const refused: AttemptOutcome = { kind: 'network', code: 'ECONNREFUSED' };
const unavailable: AttemptOutcome = { kind: 'response', status: 503, body: '' };
const LOCAL = 'http://127.0.0.1:8080';
const HEAP = 'https://heapanalytics.com';

describe('describeAttempt', () => {
  it('names the status and the endpoint when Heap answered', () => {
    expect(describeAttempt(unavailable, '/api/track', HEAP)).toBe('503 from /api/track');
  });

  it('names the error code and the host, not an endpoint, when nothing answered', () => {
    expect(describeAttempt(refused, '/api/track', LOCAL)).toBe('ECONNREFUSED connecting to 127.0.0.1:8080');
    expect(describeAttempt({ kind: 'network', code: 'ENOTFOUND' }, '/api/track', HEAP)).toBe('ENOTFOUND connecting to heapanalytics.com:443');
  });

  it('names the endpoint of a request that got no answer in time', () => {
    expect(describeAttempt({ kind: 'timeout' }, '/api/add_user_properties', HEAP)).toBe('no answer in time from /api/add_user_properties');
  });
});

describe('retryHint', () => {
  it('asks whether the sandbox is running when a loopback base_url refuses the connection', () => {
    expect(retryHint(refused, LOCAL)).toBe('nothing is listening there; is the sandbox running (destination-heap sandbox --port 8080)?');
    expect(retryHint(refused, 'http://localhost:3000/heap')).toContain('--port 3000');
  });

  it('says nothing for a remote host, another network error or an answer', () => {
    expect(retryHint(refused, HEAP)).toBeUndefined();
    expect(retryHint({ kind: 'network', code: 'ECONNRESET' }, LOCAL)).toBeUndefined();
    expect(retryHint(unavailable, LOCAL)).toBeUndefined();
  });
});

describe('describeRetry', () => {
  it('says what failed, where, when the next attempt is, and the hint last', () => {
    const note = { outcome: refused, path: '/api/track', nextAttemptAt: 10_500 };
    expect(describeRetry(note, LOCAL, 6_000)).toBe(
      'retrying after ECONNREFUSED connecting to 127.0.0.1:8080, next attempt in 5 s; nothing is listening there; is the sandbox running (destination-heap sandbox --port 8080)?',
    );
    expect(describeRetry({ ...note, outcome: unavailable }, HEAP, 20_000)).toBe('retrying after 503 from /api/track, next attempt in 0 s');
  });
});

describe('hostOf', () => {
  it('adds the default port of the scheme', () => {
    expect(hostOf('https://c.eu.heap-api.com')).toBe('c.eu.heap-api.com:443');
    expect(hostOf('http://localhost/prefix')).toBe('localhost:80');
  });
});
