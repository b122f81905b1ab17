import { describe, expect, it } from 'vitest';
import { ENDPOINTS, EndpointQueue, entryItem, type CutResult, type QueueEntry } from '../src/delivery/endpoint-queue.js';
import { KeyedSlidingWindows } from '../src/delivery/keyed-sliding-windows.js';
import { SlidingWindow } from '../src/delivery/rate-limiter.js';
import type { Endpoint, HeapProperties } from '../src/mapping/types.js';
import { StateLedger } from '../src/state/ledger.js';

const NOW = 10_000;
const ledger = new StateLedger(() => undefined);
let line = 0;

/** A queued record; `key` is the identity (events, users) or the account id. */
function entry(endpoint: Endpoint, key: string, properties: HeapProperties = {}): QueueEntry {
  line += 1;
  const item =
    endpoint === 'track'
      ? { identity: key, event: 'Order Placed', idempotency_key: `k${line}`, properties }
      : endpoint === 'users'
        ? { identity: key, properties }
        : { account_id: key, properties };
  return { json: JSON.stringify(item), key, refs: [{ ticket: ledger.recordRead('s', null), stream: 's', line }], size: 100, queuedAt: line };
}

const event = (identity: string) => entry('track', identity);
const user = (identity: string, properties: HeapProperties = {}) => entry('users', identity, properties);

function queueOf(endpoint: Endpoint, batchSize: number, entries: QueueEntry[]): EndpointQueue {
  const queue = new EndpointQueue(endpoint, batchSize);
  for (const e of entries) queue.push(e);
  return queue;
}

/** The batch of a cut; fails the test when nothing was cut. */
function batchOf(result: CutResult): QueueEntry[] {
  if (result.batch === undefined) throw new Error(`expected a batch, got ${JSON.stringify(result)}`);
  return result.batch;
}

const lines = (entries: readonly QueueEntry[]) => entries.map((e) => e.refs.map((r) => r.line));

describe('ENDPOINTS', () => {
  it.each([
    ['track', '/api/track', 'events'],
    ['users', '/api/add_user_properties', 'users'],
    ['accounts', '/api/add_account_properties', 'accounts'],
    ['deletions', '/api/public/v0/user_deletion', 'users'],
    ['identify', '/api/v1/identify', undefined],
  ] as const)('sends %s to %s under "%s"', (endpoint, path, bodyKey) => {
    expect(ENDPOINTS[endpoint]).toMatchObject({ path, bodyKey });
    expect(new EndpointQueue(endpoint, 10)).toMatchObject({ path, bodyKey });
  });

  it('sends user deletions without app_id, up to 10,000 users per request, and identifies one per request', () => {
    expect(new EndpointQueue('deletions', 1000)).toMatchObject({ appIdInBody: false, batchSize: 10_000 });
    expect(new EndpointQueue('identify', 1000)).toMatchObject({ appIdInBody: true, batchSize: 1 });
    expect(new EndpointQueue('track', 1000)).toMatchObject({ appIdInBody: true, batchSize: 1000 });
  });
});

describe('EndpointQueue', () => {
  it('has no oldest item when empty', () => {
    expect(new EndpointQueue('track', 10).oldestQueuedAt).toBeUndefined();
  });

  it('knows when its oldest item was queued', () => {
    const first = event('a');
    expect(queueOf('track', 10, [first, event('b')]).oldestQueuedAt).toBe(first.queuedAt);
  });

  it.each(['track', 'users', 'accounts'] as const)('cuts nothing from an empty %s queue, even when forced', (endpoint) => {
    expect(new EndpointQueue(endpoint, 10).cut(true, NOW, {})).toEqual({ batch: undefined });
  });
});

describe('cutting events', () => {
  it('takes a full batch of batch size items in queue order', () => {
    const entries = [event('a'), event('b'), event('c'), event('d'), event('e')];
    const queue = queueOf('track', 2, entries);
    expect(batchOf(queue.cut(false, NOW, {}))).toEqual(entries.slice(0, 2));
    expect(queue.entries).toEqual(entries.slice(2));
  });

  it('waits while the batch is not full and not forced', () => {
    const entries = [event('a'), event('b')];
    const queue = queueOf('track', 3, entries);
    expect(queue.cut(false, NOW, {})).toEqual({ batch: undefined, sendableSince: entries[0]!.queuedAt });
    expect(queue.entries).toEqual(entries);
  });

  it('takes a partial batch when forced', () => {
    const entries = [event('a'), event('b')];
    const queue = queueOf('track', 3, entries);
    expect(batchOf(queue.cut(true, NOW, {}))).toEqual(entries);
    expect(queue.entries).toEqual([]);
  });

  it('takes a partial batch when the app budget is what limits it', () => {
    const app = new SlidingWindow(5, 1000);
    app.take(3, NOW - 100);
    const entries = [event('a'), event('b'), event('c'), event('d')];
    const queue = queueOf('track', 4, entries);
    expect(batchOf(queue.cut(false, NOW, { app }))).toEqual(entries.slice(0, 2));
    expect(queue.entries).toEqual(entries.slice(2));
  });

  it('never takes more than the app budget, even when forced', () => {
    const app = new SlidingWindow(5, 1000);
    app.take(4, NOW - 100);
    const queue = queueOf('track', 10, [event('a'), event('b'), event('c')]);
    expect(batchOf(queue.cut(true, NOW, { app }))).toHaveLength(1);
  });

  it('cuts nothing and says when to retry once the app budget is spent', () => {
    const app = new SlidingWindow(5, 1000);
    app.take(2, NOW - 300);
    app.take(3, NOW - 100);
    const queue = queueOf('track', 10, [event('a')]);
    expect(queue.cut(true, NOW, { app })).toEqual({ batch: undefined, retryAt: NOW - 300 + 1000 + 1 });
    expect(queue.entries).toHaveLength(1);
  });

  it('lets other identities go ahead of an identity out of budget', () => {
    const identity = new KeyedSlidingWindows(2, 1000);
    identity.take('hot', 2, NOW - 500);
    const entries = [event('hot'), event('a'), event('hot'), event('b')];
    const queue = queueOf('track', 2, entries);
    expect(batchOf(queue.cut(false, NOW, { identity }))).toEqual([entries[1], entries[3]]);
    expect(queue.entries).toEqual([entries[0], entries[2]]);
  });

  it('takes no more of one identity than its budget in one batch', () => {
    const identity = new KeyedSlidingWindows(2, 1000);
    const entries = [event('hot'), event('hot'), event('hot'), event('a')];
    const queue = queueOf('track', 3, entries);
    expect(batchOf(queue.cut(false, NOW, { identity }))).toEqual([entries[0], entries[1], entries[3]]);
    expect(queue.entries).toEqual([entries[2]]);
  });

  it('cuts nothing and says when the hot identity has budget again when only it is queued', () => {
    const identity = new KeyedSlidingWindows(2, 1000);
    identity.take('hot', 1, NOW - 700);
    identity.take('hot', 1, NOW - 200);
    const queue = queueOf('track', 10, [event('hot'), event('hot')]);
    expect(queue.cut(true, NOW, { identity })).toEqual({ batch: undefined, retryAt: NOW - 700 + 1000 + 1 });
  });

  it('says when to retry when identity budgets keep a batch from filling and it is not forced', () => {
    const identity = new KeyedSlidingWindows(1, 1000);
    identity.take('hot', 1, NOW - 400);
    const entries = [event('hot'), event('a'), event('hot')];
    const queue = queueOf('track', 3, entries);
    // The oldest item that could go now is "a": the hot ones wait for their budget.
    expect(queue.cut(false, NOW, { identity })).toEqual({ batch: undefined, retryAt: NOW - 400 + 1001, sendableSince: entries[1]!.queuedAt });
    expect(queue.entries).toHaveLength(3);
  });

  it('does not spend the budgets itself (the engine takes them when it sends)', () => {
    const app = new SlidingWindow(5, 1000);
    const identity = new KeyedSlidingWindows(5, 1000);
    queueOf('track', 3, [event('a'), event('a'), event('b')]).cut(false, NOW, { app, identity });
    expect([app.available(NOW), identity.available('a', NOW)]).toEqual([5, 5]);
  });
});

describe('cutting upserts', () => {
  it('merges repeats of a key in input order, later values winning', () => {
    const first = user('alice', { plan: 'free', seats: 1 });
    const second = user('bob', { plan: 'pro' });
    const third = user('alice', { plan: 'team', region: 'eu' });
    const batch = batchOf(queueOf('users', 10, [first, second, third]).cut(true, NOW, {}));
    expect(batch.map((e) => entryItem(e))).toEqual([
      { identity: 'alice', properties: { plan: 'team', seats: 1, region: 'eu' } },
      { identity: 'bob', properties: { plan: 'pro' } },
    ]);
  });

  it('keeps every merged record, in input order, to report each one', () => {
    const entries = [user('alice'), user('bob'), user('alice'), user('alice')];
    const batch = batchOf(queueOf('users', 10, entries).cut(true, NOW, {}));
    expect(lines(batch)).toEqual([[entries[0]!.refs[0]!.line, entries[2]!.refs[0]!.line, entries[3]!.refs[0]!.line], [entries[1]!.refs[0]!.line]]);
    expect(batch.map((e) => e.size)).toEqual([300, 100]);
  });

  it('merges account upserts by account id', () => {
    const batch = batchOf(
      queueOf('accounts', 10, [entry('accounts', 'acme', { tier: 'gold' }), entry('accounts', 'acme', { tier: 'platinum' })]).cut(true, NOW, {}),
    );
    expect(batch.map((e) => entryItem(e))).toEqual([{ account_id: 'acme', properties: { tier: 'platinum' } }]);
  });

  it('counts a full batch in distinct keys', () => {
    const entries = [user('alice'), user('alice'), user('bob')];
    expect(batchOf(queueOf('users', 2, entries).cut(false, NOW, {}))).toHaveLength(2);
  });

  it('waits while the batch has fewer keys than the batch size and is not forced', () => {
    const entries = [user('alice'), user('alice'), user('alice')];
    const queue = queueOf('users', 3, entries);
    expect(queue.cut(false, NOW, {})).toEqual({ batch: undefined, sendableSince: entries[0]!.queuedAt });
  });

  it('leaves the queue untouched when it cuts nothing', () => {
    const entries = [user('alice', { plan: 'free' }), user('alice', { plan: 'pro' })];
    const queue = queueOf('users', 3, entries);
    queue.cut(false, NOW, {});
    expect(queue.entries).toEqual(entries);
    expect(entries.map((e) => [entryItem(e).properties, e.refs.length])).toEqual([
      [{ plan: 'free' }, 1],
      [{ plan: 'pro' }, 1],
    ]);
  });

  it('never takes a key that is in flight', () => {
    const entries = [user('alice'), user('bob'), user('alice')];
    const queue = queueOf('users', 10, entries);
    queue.inFlightKeys.set('alice', 1);
    expect(batchOf(queue.cut(true, NOW, {}))).toEqual([entries[1]]);
    expect(queue.entries).toEqual([entries[0], entries[2]]);
  });

  it('sends a partial batch whose oldest item was queued at or before the flush time', () => {
    const entries = [event('a'), event('b')];
    const queue = queueOf('track', 3, entries);
    expect(queue.cut(entries[0]!.queuedAt - 1, NOW, {})).toEqual({ batch: undefined, sendableSince: entries[0]!.queuedAt });
    expect(batchOf(queue.cut(entries[0]!.queuedAt, NOW, {}))).toEqual(entries);
  });

  it('cuts nothing when every queued key is in flight', () => {
    const queue = queueOf('users', 10, [user('alice'), user('alice')]);
    queue.inFlightKeys.set('alice', 2);
    expect(queue.cut(true, NOW, {})).toEqual({ batch: undefined });
  });

  it('never takes an item queued behind a skipped item of the same key', () => {
    const entries = [user('alice'), user('bob'), user('carol', { v: 1 }), user('alice'), user('carol', { v: 2 })];
    const queue = queueOf('users', 2, entries);
    const batch = batchOf(queue.cut(false, NOW, {}));
    expect(batch.map((e) => e.key)).toEqual(['alice', 'bob']);
    expect(queue.entries).toEqual([entries[2], entries[4]]);
  });

  it('sends what stayed behind, still in input order, in the next batch', () => {
    const entries = [user('alice'), user('bob'), user('carol', { v: 1 }), user('carol', { v: 2 })];
    const queue = queueOf('users', 2, entries);
    queue.cut(false, NOW, {});
    const next = batchOf(queue.cut(true, NOW, {}));
    expect(next.map((e) => entryItem(e))).toEqual([{ identity: 'carol', properties: { v: 2 } }]);
    expect(lines(next)).toEqual([[entries[2]!.refs[0]!.line, entries[3]!.refs[0]!.line]]);
  });

  it('ignores the event budgets', () => {
    const app = new SlidingWindow(1, 1000);
    app.take(1, NOW);
    const identity = new KeyedSlidingWindows(1, 1000);
    identity.take('alice', 1, NOW);
    expect(batchOf(queueOf('users', 10, [user('alice')]).cut(true, NOW, { app, identity }))).toHaveLength(1);
  });
});
