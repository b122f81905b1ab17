import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryEngine, type DeliveryEngineOptions } from '../src/delivery/engine.js';
import type { RecordRef } from '../src/delivery/endpoint-queue.js';
import { itemText } from '../src/delivery/item-text.js';
import type { PostOptions } from '../src/delivery/heap-client.js';
import type { AttemptOutcome } from '../src/delivery/retry-policy.js';
import { HeapAuthError, RetriesExhaustedError, type ConnectorError } from '../src/errors.js';
import type { HeapProperties, MappedItem } from '../src/mapping/types.js';
import { StateLedger } from '../src/state/ledger.js';

const OK: AttemptOutcome = { kind: 'response', status: 200, body: '' };
const status = (code: number, body = ''): AttemptOutcome => ({ kind: 'response', status: code, body });

type Item = { identity?: string; account_id?: string; event?: string; properties: HeapProperties };

/** One request the fake Heap received. */
interface Received {
  path: string;
  appId: string;
  items: Item[];
  keys: string[];
  /** The Authorization header sent, if any. */
  authorization?: string | undefined;
  respond(outcome: AttemptOutcome): void;
}

/**
 * A stand-in for HeapClient: records every request, answers through `responder` (on a later turn
 * of the event loop, so requests overlap), or holds the request until the test answers it. An
 * aborted request resolves as a timeout, as HeapClient's does.
 */
class FakeHeap {
  readonly received: Received[] = [];
  readonly completed: Received[] = [];
  readonly inFlight = new Set<Received>();
  maxInFlight = 0;
  /** Upsert keys found in two requests in flight at once. */
  readonly overlappingKeys: string[] = [];

  constructor(private readonly responder?: (request: Received) => AttemptOutcome | { after: number; outcome: AttemptOutcome } | undefined) {}

  post = (path: string, body: Buffer | string, options: PostOptions = {}): Promise<AttemptOutcome> =>
    new Promise((resolve) => {
      // The auth-token request has an empty body.
      const parsed = (String(body) === '' ? {} : JSON.parse(String(body))) as { app_id: string; events?: Item[]; users?: Item[]; accounts?: Item[] };
      const items = parsed.events ?? parsed.users ?? parsed.accounts ?? [];
      const keys = items.map((item) => item.identity ?? item.account_id ?? '');
      if (path !== '/api/track') {
        for (const other of this.inFlight) {
          if (other.path === path) this.overlappingKeys.push(...keys.filter((key) => other.keys.includes(key)));
        }
      }
      let settled = false;
      const request: Received = {
        path,
        appId: parsed.app_id,
        items,
        keys,
        authorization: options.headers?.authorization,
        respond: (outcome) => {
          if (settled) return;
          settled = true;
          this.inFlight.delete(request);
          this.completed.push(request);
          resolve(outcome);
        },
      };
      this.received.push(request);
      this.inFlight.add(request);
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
      options.signal?.addEventListener(
        'abort',
        () => {
          if (settled) return;
          settled = true;
          this.inFlight.delete(request);
          resolve({ kind: 'timeout' });
        },
        { once: true },
      );
      const answer = this.responder?.(request);
      if (answer === undefined) return;
      if ('after' in answer) setTimeout(() => request.respond(answer.outcome), answer.after);
      else setImmediate(() => request.respond(answer));
    });

  /** Answers every request held so far. */
  respondAll(outcome: AttemptOutcome): void {
    for (const request of [...this.inFlight]) request.respond(outcome);
  }
}

const engines: DeliveryEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

/** An engine wired to a fake Heap and a real state ledger, with small timings for fast tests. */
function setup(heap: FakeHeap, overrides: Partial<DeliveryEngineOptions> = {}) {
  const ledger = new StateLedger(() => undefined);
  const delivered: number[] = [];
  const rejected: { lines: number[]; reason: string }[] = [];
  const fatal: ConnectorError[] = [];
  const engine = new DeliveryEngine({
    appId: '42',
    client: heap,
    batchSize: 10,
    maxConcurrent: 4,
    eventsPerWindow: 0,
    eventsPerIdentityPerWindow: 0,
    windowMs: 60_000,
    lingerMs: 5,
    maxLingerMs: 50,
    maxBufferedItems: 100_000,
    maxBufferedBytes: 100_000_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryMs: 1000 },
    random: () => 0.5,
    onDelivered: (refs) => {
      for (const ref of refs) {
        delivered.push(ref.line);
        ledger.delivered(ref.ticket);
      }
    },
    onRejected: (refs, reason) => {
      rejected.push({ lines: [...refs].map((ref) => ref.line), reason });
      for (const ref of refs) ledger.rejected(ref.ticket);
    },
    onFatal: (error) => fatal.push(error),
    ...overrides,
  });
  engines.push(engine);
  let line = 0;
  const add = (mapped: MappedItem, size = 100) => {
    line += 1;
    const ref: RecordRef = { ticket: ledger.recordRead('s', null), stream: 's', line };
    engine.add(itemText(mapped), ref, size);
    return line;
  };
  const addEvent = (identity: string, properties: HeapProperties = {}) =>
    add({ endpoint: 'track', item: { identity, event: 'Order Placed', idempotency_key: `key-${line + 1}`, properties } });
  const addUser = (identity: string, properties: HeapProperties) => add({ endpoint: 'users', item: { identity, properties } });
  return { engine, ledger, delivered, rejected, fatal, add, addEvent, addUser };
}

const waitUntil = (check: () => void) => vi.waitFor(check, { interval: 1, timeout: 5000 });
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('DeliveryEngine', () => {
  it('sends ceil(n / batchSize) requests for n events', async () => {
    const heap = new FakeHeap(() => OK);
    const { engine, addEvent, delivered } = setup(heap, { batchSize: 10 });
    for (let i = 0; i < 25; i++) addEvent(`user-${i}`);
    await engine.drain();
    expect(heap.received.map((r) => r.items.length).sort((a, b) => a - b)).toEqual([5, 10, 10]);
    expect(sorted(delivered)).toEqual(range(1, 25));
    expect(engine.stats.requests).toBe(3);
  });

  it('sends events to /api/track with the app id and the items as mapped', async () => {
    const heap = new FakeHeap(() => OK);
    const { engine, addEvent } = setup(heap);
    addEvent('alice', { total: 9.5 });
    await engine.drain();
    expect(heap.received.map(({ path, appId, items }) => ({ path, appId, items }))).toEqual([
      { path: '/api/track', appId: '42', items: [{ identity: 'alice', event: 'Order Placed', idempotency_key: 'key-1', properties: { total: 9.5 } }] },
    ]);
  });

  it('never has more than maxConcurrent requests in flight', async () => {
    const heap = new FakeHeap(() => ({ after: 1, outcome: OK }));
    const { engine, addEvent, delivered } = setup(heap, { batchSize: 5, maxConcurrent: 3 });
    for (let i = 0; i < 100; i++) addEvent(`user-${i}`);
    await engine.drain();
    expect(heap.received).toHaveLength(20);
    expect(heap.maxInFlight).toBe(3);
    expect(delivered).toHaveLength(100);
  });

  describe('partial batches, on a fake clock', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('holds a partial batch while items keep arriving, and sends it once the input has been quiet for lingerMs', () => {
      const heap = new FakeHeap();
      const { addEvent } = setup(heap, { batchSize: 100, lingerMs: 50, maxLingerMs: 10_000, now: () => Date.now() });
      for (let i = 0; i < 10; i++) {
        addEvent(`user-${i}`);
        vi.advanceTimersByTime(20);
      }
      expect(heap.received).toHaveLength(0);
      vi.advanceTimersByTime(40);
      expect(heap.received.map((r) => r.items.length)).toEqual([10]);
    });

    it('sends a partial batch once its oldest item has waited maxLingerMs, even while items keep arriving', () => {
      const heap = new FakeHeap();
      const { addEvent } = setup(heap, { batchSize: 100, lingerMs: 50, maxLingerMs: 200, now: () => Date.now() });
      for (let i = 0; i < 9; i++) {
        addEvent(`user-${i}`);
        vi.advanceTimersByTime(20);
      }
      expect(heap.received).toHaveLength(0);
      for (let i = 9; i < 12; i++) {
        addEvent(`user-${i}`);
        vi.advanceTimersByTime(20);
      }
      // Flushed at 200 ms, when the first item had waited maxLingerMs: the ten queued by then.
      expect(heap.received.map((r) => r.items.length)).toEqual([10]);
    });

    it('does not send a trickle of batches when the oldest event waits for its identity budget', () => {
      const heap = new FakeHeap();
      const { addEvent } = setup(heap, {
        batchSize: 100,
        lingerMs: 50,
        maxLingerMs: 10_000,
        eventsPerIdentityPerWindow: 1,
        windowMs: 60_000,
        now: () => Date.now(),
      });
      addEvent('hot');
      addEvent('hot');
      vi.advanceTimersByTime(60);
      // The input went quiet: the sendable part goes out, the hot identity's second event waits.
      expect(heap.received.map((r) => r.keys)).toEqual([['hot']]);
      for (let i = 0; i < 10; i++) {
        addEvent(`user-${i}`);
        vi.advanceTimersByTime(20);
      }
      // Items keep arriving: no new partial batch although the hot event has waited long.
      expect(heap.received).toHaveLength(1);
    });
  });

  it('sends a partial batch once it has lingered, without waiting for the end of input', async () => {
    const heap = new FakeHeap(() => OK);
    const { addEvent, delivered } = setup(heap, { batchSize: 10, lingerMs: 5 });
    addEvent('alice');
    addEvent('bob');
    await waitUntil(() => expect(delivered).toEqual([1, 2]));
    expect(heap.received.map((r) => r.items.length)).toEqual([2]);
  });

  it('isolates a poison item by splitting a refused batch, rejecting only its record', async () => {
    const heap = new FakeHeap((request) =>
      request.keys.includes('poison') ? status(400, '{"error":"invalid property"}') : OK,
    );
    const { engine, addEvent, delivered, rejected, fatal } = setup(heap, { batchSize: 8 });
    const lines = ['a', 'b', 'c', 'd', 'e', 'poison', 'f', 'g'].map((identity) => addEvent(identity));
    await engine.drain();
    expect(rejected).toEqual([{ lines: [lines[5]], reason: expect.stringContaining('(HTTP 400): invalid property') }]);
    expect(sorted(delivered)).toEqual(lines.filter((_, i) => i !== 5));
    expect(fatal).toEqual([]);
    // 8 refused → [a-d] sent, [e, poison, f, g] refused → [e, poison] refused → e sent, poison refused alone; then [f, g].
    expect(heap.received.map((r) => r.items.length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
    expect({ splits: engine.stats.splits, rejected: engine.stats.rejected, delivered: engine.stats.delivered }).toEqual({
      splits: 3,
      rejected: 1,
      delivered: 7,
    });
  });

  it('splits merged upserts with their records, then judges a refused merged item record by record, in input order', async () => {
    const heap = new FakeHeap((request) => (request.keys.includes('poison') ? status(400, '{"error":"invalid property"}') : OK));
    const { engine, addUser, delivered, rejected } = setup(heap, { batchSize: 4 });
    // Queued before the first cut, so a's and poison's records are merged into one item each.
    const a = [addUser('a', { n: 1 }), addUser('a', { n: 2 })];
    const poison = [addUser('poison', { n: 1 }), addUser('poison', { n: 2 }), addUser('poison', { n: 3 })];
    const others = [addUser('b', { n: 1 }), addUser('c', { n: 1 })];
    await engine.drain();
    expect(heap.received[0]!.items.map((item) => item.identity)).toEqual(['a', 'poison', 'b', 'c']);
    // The refused item's records went one by one, in input order, and each was refused alone.
    const alone = heap.received.filter((request) => request.keys.length === 1 && request.keys[0] === 'poison');
    expect(alone.slice(-3).map((request) => request.items.map((item) => item.properties))).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    expect(rejected).toEqual(poison.map((line) => ({ lines: [line], reason: expect.stringContaining('(HTTP 400): invalid property') })));
    expect(sorted(delivered)).toEqual(sorted([...a, ...others]));
    expect({ rejected: engine.stats.rejected, delivered: engine.stats.delivered, buffered: engine.hasRoom() }).toEqual({ rejected: 3, delivered: 4, buffered: true });
  });

  it('retries a failed request and delivers on success', async () => {
    let attempts = 0;
    const heap = new FakeHeap(() => (++attempts === 1 ? status(503) : OK));
    const { engine, addEvent, delivered } = setup(heap);
    addEvent('alice');
    addEvent('bob');
    await engine.drain();
    expect(delivered).toEqual([1, 2]);
    expect(heap.received).toHaveLength(2);
    expect(heap.received[1]!.items).toEqual(heap.received[0]!.items);
    expect(engine.stats.retries).toBe(1);
  });

  it('retries a timeout and a connection error', async () => {
    const outcomes: AttemptOutcome[] = [{ kind: 'timeout' }, { kind: 'network', code: 'ECONNRESET' }, OK];
    const heap = new FakeHeap(() => outcomes.shift());
    const { engine, addEvent, delivered } = setup(heap);
    addEvent('alice');
    await engine.drain();
    expect(delivered).toEqual([1]);
    expect(engine.stats.retries).toBe(2);
  });

  it('fails with a RetriesExhaustedError when Heap keeps failing past the retry time limit', async () => {
    const heap = new FakeHeap(() => status(503));
    const { engine, addEvent, fatal, delivered } = setup(heap, { retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryMs: 30 } });
    addEvent('alice');
    await engine.drain();
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(RetriesExhaustedError);
    expect(fatal[0]!.failureType).toBe('transient_error');
    expect(delivered).toEqual([]);
  });

  it('stops on 401 with a HeapAuthError through onFatal', async () => {
    const heap = new FakeHeap(() => status(401));
    const { engine, addEvent, fatal, delivered } = setup(heap);
    addEvent('alice');
    await engine.drain();
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(HeapAuthError);
    expect(engine.failure).toBe(fatal[0]);
    expect(delivered).toEqual([]);
    expect(heap.received).toHaveLength(1);
  });

  it('names the endpoint\'s path in a fatal error (the policy gets the queue\'s path)', async () => {
    const heap = new FakeHeap(() => status(404));
    const { engine, addUser, fatal } = setup(heap);
    addUser('alice', { plan: 'pro' });
    await engine.drain();
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.message).toContain('/api/add_user_properties');
  });

  it('sends nothing more after a fatal error', async () => {
    const heap = new FakeHeap(() => status(403));
    const { engine, addEvent } = setup(heap, { batchSize: 1, maxConcurrent: 1 });
    addEvent('alice');
    addEvent('bob');
    await engine.drain();
    expect(heap.received.map((r) => r.keys)).toEqual([['alice']]);
  });

  describe('user upserts', () => {
    it('never carry one key in two requests in flight, and the last record wins', async () => {
      const heap = new FakeHeap();
      const { engine, addUser, delivered } = setup(heap, { batchSize: 2, maxConcurrent: 4 });
      addUser('alice', { v: 1 });
      addUser('bob', { v: 1 });
      expect(heap.received.map((r) => r.keys)).toEqual([['alice', 'bob']]);
      addUser('alice', { v: 2 });
      addUser('carol', { v: 1 });
      addUser('dave', { v: 1 });
      addUser('alice', { v: 3 });
      expect(heap.received.map((r) => r.keys)).toEqual([['alice', 'bob'], ['carol', 'dave']]);
      const drained = engine.drain();
      heap.respondAll(OK);
      await waitUntil(() => expect(heap.received).toHaveLength(3));
      heap.respondAll(OK);
      await drained;
      expect(heap.overlappingKeys).toEqual([]);
      expect(heap.completed.map((r) => r.items)).toEqual([
        [{ identity: 'alice', properties: { v: 1 } }, { identity: 'bob', properties: { v: 1 } }],
        [{ identity: 'carol', properties: { v: 1 } }, { identity: 'dave', properties: { v: 1 } }],
        [{ identity: 'alice', properties: { v: 3 } }],
      ]);
      expect(sorted(delivered)).toEqual(range(1, 6));
    });

    it('leave the last value of every key in Heap under random delays (seeded)', async () => {
      let seed = 12345;
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      const heap = new FakeHeap(() => ({ after: Math.floor(random() * 4), outcome: OK }));
      const { engine, addUser, delivered } = setup(heap, { batchSize: 3, maxConcurrent: 4, lingerMs: 1 });
      const last = new Map<string, number>();
      for (let i = 1; i <= 200; i++) {
        const key = `user-${Math.floor(random() * 6)}`;
        addUser(key, { v: i });
        last.set(key, i);
        if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await engine.drain();
      const inHeap = new Map<string, number>();
      for (const request of heap.completed) for (const item of request.items) inHeap.set(item.identity!, item.properties.v as number);
      expect(heap.maxInFlight).toBeGreaterThan(1);
      expect(heap.overlappingKeys).toEqual([]);
      expect(inHeap).toEqual(last);
      expect(delivered).toHaveLength(200);
    });
  });

  describe('buffer bound', () => {
    it('has no room once maxBufferedItems are queued', () => {
      const heap = new FakeHeap();
      const { engine, addEvent } = setup(heap, { maxBufferedItems: 3, lingerMs: 1000 });
      addEvent('a');
      addEvent('b');
      expect(engine.hasRoom()).toBe(true);
      addEvent('c');
      expect(engine.hasRoom()).toBe(false);
    });

    it('has no room once maxBufferedBytes are queued', () => {
      const heap = new FakeHeap();
      const { engine, add } = setup(heap, { maxBufferedBytes: 1000, lingerMs: 1000 });
      add({ endpoint: 'track', item: { identity: 'a', event: 'E', idempotency_key: 'k', properties: {} } }, 1000);
      expect(engine.hasRoom()).toBe(false);
    });

    it('counts requests in flight as buffered, and makes room once they are delivered', async () => {
      const heap = new FakeHeap();
      const { engine, addEvent } = setup(heap, { maxBufferedItems: 3, batchSize: 3 });
      addEvent('a');
      addEvent('b');
      addEvent('c');
      expect(heap.received).toHaveLength(1);
      let roomAgain = false;
      const room = engine.waitForRoom().then(() => {
        roomAgain = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(roomAgain).toBe(false);
      heap.respondAll(OK);
      await room;
      expect(engine.hasRoom()).toBe(true);
    });

    it('resolves waitForRoom at once when there is room', async () => {
      const { engine } = setup(new FakeHeap());
      await expect(engine.waitForRoom()).resolves.toBeUndefined();
    });
  });

  it('resolves drain() only once everything is delivered', async () => {
    const heap = new FakeHeap();
    const { engine, addEvent, delivered } = setup(heap, { batchSize: 4, maxConcurrent: 2 });
    for (let i = 0; i < 10; i++) addEvent(`user-${i}`);
    let drained = false;
    const done = engine.drain().then(() => {
      drained = true;
    });
    while (delivered.length < 10) {
      await waitUntil(() => expect(heap.inFlight.size).toBeGreaterThan(0));
      expect(drained).toBe(false);
      heap.respondAll(OK);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(sorted(delivered)).toEqual(range(1, 10));
    expect(engine.inFlight).toBe(0);
  });

  it('resolves drain() at once when nothing was added', async () => {
    const heap = new FakeHeap();
    await setup(heap).engine.drain();
    expect(heap.received).toEqual([]);
  });

  describe('halt, settled and abandon', () => {
    it('abandon ends requests still in flight, leaving their records unresolved', async () => {
      const heap = new FakeHeap();
      const { engine, addEvent, ledger, delivered } = setup(heap, { batchSize: 2 });
      addEvent('a');
      addEvent('b');
      addEvent('c');
      expect(heap.received).toHaveLength(1);
      await engine.abandon();
      expect(heap.inFlight.size).toBe(0);
      expect(heap.completed).toEqual([]);
      expect(delivered).toEqual([]);
      expect(ledger.unresolvedRecords).toBe(3);
    });

    it('sends nothing new after halting', async () => {
      const heap = new FakeHeap(() => OK);
      const { engine, addEvent } = setup(heap, { batchSize: 10, lingerMs: 1 });
      addEvent('a');
      engine.halt();
      await engine.settled();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(heap.received).toEqual([]);
    });

    it('lets a request in flight when halted finish and deliver its records', async () => {
      const heap = new FakeHeap();
      const { engine, addEvent, delivered } = setup(heap, { batchSize: 1 });
      addEvent('a');
      engine.halt();
      const settled = engine.settled();
      heap.respondAll(OK);
      await settled;
      expect(delivered).toEqual([1]);
    });

    it('halt gives up a batch waiting in retry backoff at once, leaving its records unresolved', async () => {
      const heap = new FakeHeap(() => status(503));
      const hour = 3_600_000;
      const { engine, addEvent, delivered } = setup(heap, { batchSize: 1, retry: { baseDelayMs: hour, maxDelayMs: hour, maxRetryMs: 2 * hour } });
      addEvent('a');
      await vi.waitFor(() => expect(engine.stats.retries).toBe(1));
      engine.halt();
      await engine.settled();
      expect(delivered).toEqual([]);
      expect(engine.inFlight).toBe(0);
    });
  });

  it('64 requests backing off at once add no abort listener to a shared signal (no MaxListenersExceededWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const heap = new FakeHeap(() => status(503));
      const { engine, addEvent } = setup(heap, { batchSize: 1, maxConcurrent: 64, retry: { baseDelayMs: 50, maxDelayMs: 50, maxRetryMs: 60_000 } });
      for (let i = 0; i < 64; i++) addEvent(`user-${i}`);
      await waitUntil(() => expect(engine.stats.retries).toBeGreaterThanOrEqual(128));
      await engine.abandon();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('DeliveryEngine: user deletions', () => {
  const TOKEN = { kind: 'response', status: 200, body: '{"access_token":"t-1"}' } as const;
  const deletion = (identity: string): MappedItem => ({ endpoint: 'deletions', item: { identity } });

  it('isolates the users of a refused deletion batch like any bulk body: the bad one rejected, the rest deleted', async () => {
    let ids = 0;
    const heap = new FakeHeap((request) => {
      if (request.path === '/api/public/v0/auth_token') return TOKEN;
      if (request.keys.includes('bad')) return status(400, '{"error":"users[1]: refused"}');
      ids += 1;
      return status(200, `{"deletion_request_id":"req-${ids}"}`);
    });
    const { engine, add, delivered, rejected } = setup(heap, { apiKey: 'key', ordered: true });
    for (const identity of ['a', 'bad', 'c', 'd']) add(deletion(identity));
    await engine.drain();
    expect(rejected.map((r) => r.lines)).toEqual([[2]]);
    expect(sorted(delivered)).toEqual([1, 3, 4]);
    expect(engine.stats.usersDeleted).toBe(3);
    expect(engine.stats.deletionRequestIds).toEqual(['req-1', 'req-2']);
    // One token for every deletion request.
    expect(heap.received.filter((r) => r.path === '/api/public/v0/auth_token')).toHaveLength(1);
  });

  it('ends the sync when Heap refuses every user alike, and sends the Bearer token with every deletion, probes included', async () => {
    const heap = new FakeHeap((request) => (request.path === '/api/public/v0/auth_token' ? TOKEN : status(400, '{"error":"body: refused"}')));
    const { engine, add, fatal, delivered } = setup(heap, { apiKey: 'key', ordered: true });
    for (let i = 0; i < 40; i++) add(deletion(`user-${i}`));
    await engine.drain();
    expect(fatal.map((error) => error.failureType)).toEqual(['system_error']);
    expect(delivered).toEqual([]);
    const deletions = heap.received.filter((r) => r.path === '/api/public/v0/user_deletion');
    expect(deletions.length).toBeLessThan(30);
    expect(new Set(deletions.map((r) => r.authorization))).toEqual(new Set(['Bearer t-1']));
  });
});

