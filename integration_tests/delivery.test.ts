/**
 * Delivery and signals (docs/heap.md "Delivery and state"), against a sandbox that fails on purpose:
 * retries, Retry-After, retry exhaustion, poison-record isolation, 401/403, upsert order under
 * concurrency, client-side rate budgets, request counts, request timeouts, concurrency, signals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryWatcher, expectClean, expectFatal, seededRandom } from './harness/checks.js';
import { runWrite, startWrite } from './harness/commands.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, echoOf, record, streamState, type StateMessage } from './harness/protocol.js';
import type { ConnectorResult } from './harness/connector.js';
import { ACCOUNTS, accountProps, eventsOf, requestsTo, TRACK, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';

const eventsConfig = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, { mappings: [eventsMapping('s')], ...extra });

/** `count` event records with seq 0..count-1 over `identities` identities, a STREAM state every `every` records. */
function eventInput(count: number, every: number, identities = 100) {
  const input: unknown[] = [];
  const states: StateMessage[] = [];
  for (let seq = 0; seq < count; seq += 1) {
    input.push(record('s', { user_id: `user-${seq % identities}`, seq }));
    if ((seq + 1) % every === 0) {
      const state = streamState('s', { seq }, { extra: { id: states.length + 1 } });
      states.push(state);
      input.push(state);
    }
  }
  return { input, states };
}

describe('retries under a fault matrix', () => {
  it('10,000 events under 500, 503, connection resets and 429: nothing lost, nothing doubled, every state echoed', async () => {
    const sandbox = await useSandbox({
      rateLimits: { eventsPerAppPerWindow: 0, eventsPerIdentityPerWindow: 0 },
      faults: {
        seed: 42,
        rules: [
          { path: TRACK, status: 500, probability: 0.06 },
          { path: TRACK, status: 503, probability: 0.06 },
          { path: TRACK, reset: true, probability: 0.06 },
          { path: TRACK, status: 429, retryAfterSeconds: 1, probability: 0.06 },
        ],
      },
    });
    const { input, states } = eventInput(10_000, 500);
    const watcher = deliveryWatcher(sandbox, input);
    const config = eventsConfig(sandbox, { batch_size: 50, events_per_minute: 0, events_per_identity_per_minute: 0 });
    const result = await runWrite({ config, catalog: catalog('s'), input }, { onMessage: watcher.onMessage });
    expectClean(result);
    const seqs = eventsOf(sandbox).map((e) => e.properties.seq);
    expect(seqs).toHaveLength(10_000);
    expect(new Set(seqs).size).toBe(10_000);
    expect(result.states).toEqual(states.map((s) => echoOf(s, 500, 0)));
    expect(watcher.violations).toEqual([]);
    // The faults did fire: the run was retried through every kind.
    for (const status of ['500', '503', '0', '429']) expect(sandbox.store.counters.byStatus[status] ?? 0).toBeGreaterThan(0);
  });

});

// Everything below waits on the sandbox's clock more than on the CPU: run it side by side.
describe.concurrent('one fault, limit or signal at a time', () => {
  describe.concurrent('retries, one fault at a time', () => {
    it('a 429 with Retry-After: 2 is retried no sooner than 2 s later', async () => {
      const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status: 429, retryAfterSeconds: 2, times: 1 }] } });
      const state = streamState('s', {});
      const input = [record('s', { user_id: 'u', seq: 1 }), record('s', { user_id: 'u', seq: 2 }), state];
      const result = await runWrite({ config: eventsConfig(sandbox), catalog: catalog('s'), input });
      expectClean(result);
      const requests = requestsTo(sandbox, TRACK);
      expect(requests.map((r) => r.status)).toEqual([429, 200]);
      // Both receivedAt values come from the same clock; 2 ms allow for its millisecond granularity.
      expect(requests[1]!.receivedAt - requests[0]!.receivedAt).toBeGreaterThanOrEqual(2_000 - 2);
      expect(result.states).toEqual([echoOf(state, 2, 0)]);
    });

    it('retries exhausted (max_retry_seconds) is a transient_error, exit 1, no state echoed past what was delivered', async () => {
      const sandbox = await useSandbox();
      const s1 = streamState('s', { n: 1 });
      const s2 = streamState('s', { n: 2 });
      const child = startWrite({ config: eventsConfig(sandbox, { max_retry_seconds: 2 }), catalog: catalog('s') });
      await child.send(record('s', { user_id: 'u', seq: 1 }), s1);
      await child.waitForStates(1, 30_000);
      sandbox.setFaults({ rules: [{ status: 503 }] });
      await child.send(record('s', { user_id: 'u', seq: 2 }), s2);
      child.end();
      const result = await child.done;
      expectFatal(result, 'transient_error');
      expect(result.states).toEqual([echoOf(s1, 1, 0)]);
      expect(eventsOf(sandbox).map((e) => e.properties.seq)).toEqual([1]);
    });

    it('a request that exceeds request_timeout_seconds is abandoned and retried', async () => {
      const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, latencyMs: 120_000, times: 1 }] } });
      const state = streamState('s', {});
      const input = [record('s', { user_id: 'u', seq: 1 }), state];
      const result = await runWrite({ config: eventsConfig(sandbox, { request_timeout_seconds: 1 }), catalog: catalog('s'), input }, { timeoutMs: 30_000 });
      expectClean(result);
      expect(eventsOf(sandbox)).toHaveLength(1);
      expect(result.states).toEqual([echoOf(state, 1, 0)]);
    });
  });

  describe('a batch Heap refuses with 400', () => {
    // One sync: 1,000 events with one poison identity, and 20 accounts with one poison account id.
    let sandbox: Sandbox;
    let result: ConnectorResult;
    const eventsState = streamState('s', { end: true });
    const accountsState = streamState('companies', { end: true });

    beforeAll(async () => {
      sandbox = await useSandbox({ faults: { poisonIdentities: ['poison-identity', 'bad-account'] } });
      const input: unknown[] = Array.from({ length: 1_000 }, (_, seq) =>
        record('s', { user_id: seq === 617 ? 'poison-identity' : `user-${seq % 50}`, seq }),
      );
      input.push(eventsState);
      for (let i = 0; i < 20; i += 1) input.push(record('companies', { account_id: i === 5 ? 'bad-account' : `acct-${i}`, n: i }));
      input.push(accountsState);
      const config = heapConfig(sandbox, { mappings: [eventsMapping('s'), accountsMapping('companies')] });
      result = await runWrite({ config, catalog: catalog('s', 'companies'), input });
    });

    it('exits 0 without an error', () => expectClean(result));

    it('one poison event in 1,000 is isolated: the other 999 are delivered', () => {
      const seqs = eventsOf(sandbox).map((e) => e.properties.seq);
      expect(seqs).toHaveLength(999);
      expect(seqs).not.toContain(617);
    });

    it('the poison event is counted as rejected in its state', () => {
      expect(result.states[0]).toEqual(echoOf(eventsState, 999, 1));
    });

    it('a poison account is isolated the same way', () => {
      expect(sandbox.store.accounts.size).toBe(19);
      expect(result.states[1]).toEqual(echoOf(accountsState, 19, 1));
    });
  });

  describe.concurrent('Heap refuses the credentials', () => {
    it.each([401, 403])('%i on track is a config_error, exit 1, and no state is echoed', async (status) => {
      const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status }] } });
      const input = [record('s', { user_id: 'u', seq: 1 }), streamState('s', {})];
      const result = await runWrite({ config: eventsConfig(sandbox), catalog: catalog('s'), input });
      expectFatal(result, 'config_error');
      expect(result.states).toEqual([]);
      expect(requestsTo(sandbox, TRACK)).toHaveLength(1);
    });
  });

  describe('upsert order', () => {
    /** 600 records over 15 keys in a seeded random order; the last record of each key must win. */
    function upserts(stream: string, keyField: 'user_id' | 'account_id', seed: number) {
      const random = seededRandom(seed);
      const last = new Map<string, number>();
      const input: unknown[] = [];
      for (let seq = 0; seq < 600; seq += 1) {
        const key = `key-${Math.floor(random() * 15)}`;
        last.set(key, seq);
        input.push(record(stream, { [keyField]: key, seq, [`only_${seq % 3}`]: seq }));
      }
      return { input, last };
    }
    const users = upserts('people', 'user_id', 1234);
    const accounts = upserts('companies', 'account_id', 4321);
    let sandbox: Sandbox;
    let result: ConnectorResult;

    beforeAll(async () => {
      // Random latency reorders requests; 503s on the user endpoint add retries on top.
      sandbox = await useSandbox({ faults: { seed: 5, latencyMs: [0, 40], rules: [{ path: USERS, status: 503, probability: 0.3 }] } });
      const input = users.input.flatMap((line, i) => [line, accounts.input[i]]);
      const config = heapConfig(sandbox, {
        mappings: [usersMapping('people'), accountsMapping('companies')],
        batch_size: 10,
        max_concurrent_requests: 8,
      });
      result = await runWrite({ config, catalog: catalog('people', 'companies'), input });
    });

    it('exits 0 without an error, in many requests', () => {
      expectClean(result);
      expect(requestsTo(sandbox, USERS).length).toBeGreaterThan(10);
      expect(requestsTo(sandbox, ACCOUNTS).length).toBeGreaterThan(10);
    });

    it('users: the last record read wins, with 8 requests in flight, random latency and retried requests', () => {
      for (const [key, seq] of users.last) expect(userProps(sandbox, key)?.seq, key).toBe(seq);
    });

    it('accounts: the last record read wins, with 8 requests in flight and random latency', () => {
      for (const [key, seq] of accounts.last) expect(accountProps(sandbox, key)?.seq, key).toBe(seq);
    });
  });

  describe.concurrent('rate budgets (DESTINATION_HEAP_RATE_WINDOW_MS shortens the 60-second window)', () => {
    const env = { DESTINATION_HEAP_RATE_WINDOW_MS: '2000' };

    it('events_per_minute keeps a run inside the app limit: zero 429s, everything delivered', async () => {
      const sandbox = await useSandbox({ rateLimits: { eventsPerAppPerWindow: 40, eventsPerIdentityPerWindow: 0, windowMs: 2_000 } });
      const { input, states } = eventInput(100, 100, 100);
      const config = eventsConfig(sandbox, { events_per_minute: 40, events_per_identity_per_minute: 0, batch_size: 10 });
      const result = await runWrite({ config, catalog: catalog('s'), input }, { env });
      expectClean(result);
      expect(sandbox.store.counters.throttled).toBe(0);
      expect(requestsTo(sandbox, TRACK).filter((r) => r.status === 429)).toEqual([]);
      expect(eventsOf(sandbox)).toHaveLength(100);
      expect(result.states).toEqual([echoOf(states[0]!, 100, 0)]);
    });

    it('events_per_minute smaller than batch_size still keeps every window inside the limit', async () => {
      const sandbox = await useSandbox({ rateLimits: { eventsPerAppPerWindow: 30, eventsPerIdentityPerWindow: 0, windowMs: 2_000 } });
      const { input } = eventInput(75, 75, 75);
      const config = eventsConfig(sandbox, { events_per_minute: 30, events_per_identity_per_minute: 0, batch_size: 1000 });
      const result = await runWrite({ config, catalog: catalog('s'), input }, { env });
      expectClean(result);
      expect(sandbox.store.counters.throttled).toBe(0);
      expect(eventsOf(sandbox)).toHaveLength(75);
    });

    it('events_per_identity_per_minute keeps one busy identity inside its limit: zero 429s', async () => {
      const sandbox = await useSandbox({ rateLimits: { eventsPerAppPerWindow: 0, eventsPerIdentityPerWindow: 20, windowMs: 2_000 } });
      const { input } = eventInput(50, 50, 1);
      const config = eventsConfig(sandbox, { events_per_minute: 0, events_per_identity_per_minute: 20, batch_size: 10 });
      const result = await runWrite({ config, catalog: catalog('s'), input }, { env });
      expectClean(result);
      expect(sandbox.store.counters.throttled).toBe(0);
      expect(eventsOf(sandbox)).toHaveLength(50);
    });

    it('without a client budget the same run is throttled by Heap and still delivers everything', async () => {
      const sandbox = await useSandbox({ rateLimits: { eventsPerAppPerWindow: 40, eventsPerIdentityPerWindow: 0, windowMs: 2_000 } });
      const { input, states } = eventInput(100, 100, 100);
      const config = eventsConfig(sandbox, { events_per_minute: 0, events_per_identity_per_minute: 0, batch_size: 10 });
      const result = await runWrite({ config, catalog: catalog('s'), input }, { env });
      expectClean(result);
      expect(sandbox.store.counters.throttled).toBeGreaterThan(0);
      expect(eventsOf(sandbox)).toHaveLength(100);
      expect(result.states).toEqual([echoOf(states[0]!, 100, 0)]);
    });
  });

  describe.concurrent('batching and concurrency', () => {
    it('n items with batch_size b take ceil(n / b) requests per endpoint without faults', async () => {
      const sandbox = await useSandbox();
      const input = [
        ...Array.from({ length: 95 }, (_, seq) => record('s', { user_id: `user-${seq}`, seq })),
        ...Array.from({ length: 25 }, (_, i) => record('people', { user_id: `u${i}`, n: i })),
      ];
      const config = heapConfig(sandbox, { mappings: [eventsMapping('s'), usersMapping('people')], batch_size: 10 });
      const result = await runWrite({ config, catalog: catalog('s', 'people'), input });
      expectClean(result);
      const track = requestsTo(sandbox, TRACK);
      expect(track).toHaveLength(10);
      expect(track.map((r) => r.itemCount).reduce((a, b) => a + b, 0)).toBe(95);
      expect(Math.max(...track.map((r) => r.itemCount))).toBeLessThanOrEqual(10);
      expect(requestsTo(sandbox, USERS)).toHaveLength(3);
    });

    it('64 requests in flight under faults: no MaxListenersExceededWarning on stderr', async () => {
      const sandbox = await useSandbox({
        rateLimits: { eventsPerAppPerWindow: 0, eventsPerIdentityPerWindow: 0 },
        // The first 64 requests fail: every batch of the first round backs off at the same time.
        faults: { latencyMs: [20, 60], rules: [{ path: TRACK, status: 503, times: 64 }] },
      });
      const { input, states } = eventInput(640, 320, 640);
      const config = eventsConfig(sandbox, { batch_size: 5, max_concurrent_requests: 64, events_per_minute: 0, events_per_identity_per_minute: 0 });
      const result = await runWrite({ config, catalog: catalog('s'), input });
      expectClean(result);
      expect(result.states).toEqual(states.map((s) => echoOf(s, 320, 0)));
      expect(sandbox.store.counters.byStatus['503']).toBe(64);
      expect(result.stderr).not.toContain('MaxListenersExceededWarning');
    });

    it('at most max_concurrent_requests requests are in flight', async () => {
      const latencyMs = 300;
      const sandbox = await useSandbox({ faults: { latencyMs } });
      const { input } = eventInput(40, 40, 40);
      const result = await runWrite({ config: eventsConfig(sandbox, { batch_size: 5, max_concurrent_requests: 2 }), catalog: catalog('s'), input });
      expectClean(result);
      // Each request is logged when answered, `latencyMs` after it arrived. With at most 2 in
      // flight, any 3 answers span at least one full latency.
      const answered = requestsTo(sandbox, TRACK).map((r) => r.receivedAt).sort((a, b) => a - b);
      expect(answered).toHaveLength(8);
      for (let i = 0; i + 2 < answered.length; i += 1) expect(answered[i + 2]! - answered[i]!).toBeGreaterThanOrEqual(latencyMs - 2);
    });
  });

  describe.concurrent('signals', () => {
    /** Starts a sync with stdin open, acks one state, then stalls Heap with records in flight. */
    async function stalledSync() {
      const sandbox = await useSandbox();
      const input = [record('s', { user_id: 'u', seq: 1 }), streamState('s', { n: 1 }), record('s', { user_id: 'u', seq: 2 }), streamState('s', { n: 2 })];
      const watcher = deliveryWatcher(sandbox, input);
      const child = startWrite({ config: eventsConfig(sandbox), catalog: catalog('s') }, { onMessage: watcher.onMessage });
      await child.send(...input.slice(0, 2));
      await child.waitForStates(1, 30_000);
      sandbox.setFaults({ latencyMs: 20_000 });
      await child.send(...input.slice(2));
      // Give the linger timer time to put the pending record in flight.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { sandbox, child, watcher };
    }

    it('SIGTERM mid-sync exits 143 and echoes no state ahead of its records', async () => {
      const { child, watcher } = await stalledSync();
      child.kill('SIGTERM');
      const result = await child.done;
      expect(result.status).toBe(143);
      expect(result.states[0]).toEqual(echoOf(streamState('s', { n: 1 }), 1, 0));
      expect(watcher.violations).toEqual([]);
    });

    it('SIGINT mid-sync exits 130 and echoes no state ahead of its records', async () => {
      const { child, watcher } = await stalledSync();
      child.kill('SIGINT');
      const result = await child.done;
      expect(result.status).toBe(130);
      expect(result.states[0]).toEqual(echoOf(streamState('s', { n: 1 }), 1, 0));
      expect(watcher.violations).toEqual([]);
    });
  });
});
