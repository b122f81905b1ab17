/**
 * docs/heap.md "Delivery and state": every STATE is echoed once, in input order, exactly as received plus
 * destinationStats for its window, and only after every record read before it is in Heap.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryWatcher, eventually, expectClean } from './harness/checks.js';
import { runWrite, startWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import {
  catalog,
  configuredStream,
  echoOf,
  globalState,
  legacyState,
  record,
  streamState,
  type StateMessage,
  type StatePayload,
} from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const starConfig = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, { mappings: [eventsMapping('*')], ...extra });

describe.concurrent('state echo', () => {
  describe('STREAM states', () => {
    // One sync, one group of streams per concern; `expected` is the echo of every input state in order.
    const input: unknown[] = [];
    const expected: { concern: string; echo: StatePayload }[] = [];
    let seq = 0;
    const rec = (stream: string, data: Record<string, unknown> = { user_id: 'u' }, namespace?: string | null) =>
      input.push(record(stream, { ...data, seq: (seq += 1) }, namespace === undefined ? {} : { namespace }));
    const state = (concern: string, message: StateMessage, recordCount: number, rejected = 0) => {
      input.push(message);
      expected.push({ concern, echo: echoOf(message, recordCount, rejected) });
    };

    rec('extra');
    rec('extra');
    state('extra', streamState('extra', { cursor: '2024-01-01', nested: { deep: [1, 2] } }, {
      extra: { id: 17, sourceStats: { recordCount: 2 }, x_unknown_field: { keep: 'me' } },
    }), 2);

    rec('a');
    rec('a');
    rec('b');
    state('per-stream', streamState('a', { n: 1 }), 2);
    rec('b');
    state('per-stream', streamState('b', { n: 1 }), 2);
    rec('a');
    state('per-stream', streamState('a', { n: 2 }), 1);
    state('per-stream', streamState('b', { n: 2 }), 0);

    rec('items', undefined, 'x');
    rec('items', undefined, 'y');
    rec('items', undefined, 'y');
    state('namespaces', streamState('items', { n: 1 }, { namespace: 'x' }), 1);
    state('namespaces', streamState('items', { n: 1 }, { namespace: 'y' }), 2);

    rec('nullns', undefined, null);
    state('null namespace', streamState('nullns', { n: 1 }, { namespace: null }), 1);

    rec('dup');
    const dup = streamState('dup', { n: 1 });
    state('identical', dup, 1);
    state('identical', dup, 0);

    rec('rej');
    rec('rej', {});
    state('rejected', streamState('rej', { n: 1 }), 1, 1);
    rec('rej', { user_id: '' });
    rec('rej');
    rec('rej');
    state('rejected', streamState('rej', { n: 2 }), 2, 1);

    rec('tail');
    state('tail', streamState('tail', { n: 1 }), 1);
    rec('tail');
    rec('tail');
    const tailSeqs = [seq - 2, seq - 1, seq];

    let sandbox: Sandbox;
    let result: ConnectorResult;

    beforeAll(async () => {
      sandbox = await useSandbox();
      const streams = catalog(
        'extra',
        'a',
        'b',
        configuredStream('items', { namespace: 'x' }),
        configuredStream('items', { namespace: 'y' }),
        'nullns',
        'dup',
        'rej',
        'tail',
      );
      result = await runWrite({ config: starConfig(sandbox), catalog: streams, input });
    });

    const echoesOf = (concern: string) => result.states.filter((_, i) => expected[i]?.concern === concern);
    const expectedOf = (concern: string) => expected.filter((e) => e.concern === concern).map((e) => e.echo);

    it('exits 0 without an error', () => expectClean(result));

    it('every state is echoed exactly once, in the order received across all streams', () => {
      expect(result.states).toEqual(expected.map((e) => e.echo));
    });

    it('keeps every field of the state (id, sourceStats, unknown fields) and adds destinationStats', () => {
      expect(echoesOf('extra')).toEqual(expectedOf('extra'));
    });

    it("counts the records of its own stream since that stream's previous state", () => {
      expect(echoesOf('per-stream')).toEqual(expectedOf('per-stream'));
    });

    it('tells streams of the same name in different namespaces apart', () => {
      expect(echoesOf('namespaces')).toEqual(expectedOf('namespaces'));
    });

    it('keeps a null namespace in the stream descriptor as null', () => {
      const [echo] = echoesOf('null namespace');
      expect(echo).toEqual(expectedOf('null namespace')[0]);
      expect((echo?.stream as { stream_descriptor: Record<string, unknown> }).stream_descriptor).toHaveProperty('namespace', null);
    });

    it('echoes two identical states in a row once each, the second with zero counts', () => {
      expect(echoesOf('identical')).toEqual(expectedOf('identical'));
    });

    it('counts rejected records in the window they were read in', () => {
      expect(echoesOf('rejected')).toEqual(expectedOf('rejected'));
    });

    it('delivers the records after the last state before a clean exit', () => {
      const stored = new Set(eventsOf(sandbox).map((e) => e.properties.seq));
      expect(tailSeqs.filter((s) => !stored.has(s))).toEqual([]);
    });

    it('ends with an INFO summary log after the last state', () => {
      const lastState = result.messages.findLastIndex((m) => m.type === 'STATE');
      const levels = result.messages.slice(lastState + 1).filter((m) => m.type === 'LOG').map((m) => (m.log as { level: string }).level);
      expect(levels).toContain('INFO');
    });
  });

  describe('GLOBAL states, with a slow Heap and concurrent requests', () => {
    const input: unknown[] = [];
    const states: StateMessage[] = [];
    for (let seq = 1; seq <= 60; seq += 1) {
      input.push(record(seq % 2 ? 'a' : 'b', { user_id: `u${seq % 7}`, seq }));
      if (seq % 6 === 0) {
        const state = globalState({ seq }, [{ name: 'a', state: { seq } }, { name: 'b', state: { seq } }], { id: seq });
        states.push(state);
        input.push(state);
      }
    }
    const last = globalState({ seq: 'end' }, [], { id: 61, sourceStats: { recordCount: 0 } });
    input.push(last);

    let sandbox: Sandbox;
    let result: ConnectorResult;
    let watcher: ReturnType<typeof deliveryWatcher>;

    beforeAll(async () => {
      sandbox = await useSandbox({ faults: { latencyMs: [50, 400], seed: 7 } });
      watcher = deliveryWatcher(sandbox, input);
      const config = starConfig(sandbox, { batch_size: 5, max_concurrent_requests: 8 });
      result = await runWrite({ config, catalog: catalog('a', 'b'), input }, { onMessage: watcher.onMessage });
    });

    it('exits 0 with every record delivered', () => {
      expectClean(result);
      expect(eventsOf(sandbox)).toHaveLength(60);
    });

    it('count the records of all streams since the previous state (an empty window counts 0)', () => {
      expect(result.states).toEqual([...states.map((s) => echoOf(s, 6)), echoOf(last, 0)]);
    });

    it('are echoed only once every record before them is in Heap (checked as each state arrives)', () => {
      expect(watcher.violations).toEqual([]);
    });
  });

  describe('LEGACY states (no type)', () => {
    it('are echoed without a type and count the records of all streams', async () => {
      const sandbox = await useSandbox();
      const l1 = legacyState({ cursors: { a: 1, b: 1 } });
      const l2 = legacyState({ cursors: { a: 2, b: 1 } });
      const input = [record('a', { user_id: 'u', seq: 1 }), record('b', { user_id: 'u', seq: 2 }), l1, record('a', { user_id: 'u', seq: 3 }), l2];
      const result = await runWrite({ config: starConfig(sandbox), catalog: catalog('a', 'b'), input });
      expectClean(result);
      expect(result.states).toEqual([echoOf(l1, 2), echoOf(l2, 1)]);
      expect(result.states[0]).not.toHaveProperty('type');
    });
  });

  describe('input without records', () => {
    it('input with only states echoes each with zero counts and sends nothing to Heap', async () => {
      const sandbox = await useSandbox();
      const s1 = streamState('a', { n: 1 });
      const s2 = streamState('b', { n: 1 });
      const result = await runWrite({ config: starConfig(sandbox), catalog: catalog('a', 'b'), input: [s1, s2] });
      expectClean(result);
      expect(result.states).toEqual([echoOf(s1, 0), echoOf(s2, 0)]);
      expect(sandbox.store.requests).toEqual([]);
    });

    it('empty input exits 0 and prints no STATE or TRACE (logs only)', async () => {
      const sandbox = await useSandbox();
      const result = await runWrite({ config: starConfig(sandbox), catalog: catalog('a', 'b'), input: [] });
      expect(result.exitCode).toBe(0);
      expect(result.messages.filter((m) => m.type !== 'LOG')).toEqual([]);
      expect(sandbox.store.requests).toEqual([]);
    });
  });
});

describe('stdout', () => {
  it('20,000 states are all echoed, in order, to a reader that stalls for 2 s', async () => {
    const sandbox = await useSandbox();
    const states = Array.from({ length: 20_000 }, (_, n) => streamState('a', { n }, { extra: { id: n } }));
    const child = startWrite({ config: starConfig(sandbox), catalog: catalog('a') });
    child.pauseStdout(2_000);
    await child.send(record('a', { user_id: 'u', seq: 1 }), ...states);
    child.end();
    const result = await child.done;
    expectClean(result);
    expect(result.states).toHaveLength(20_000);
    expect(result.states.map((s) => s.id)).toEqual(states.map((s) => s.state.id));
    expect(result.states[0]?.destinationStats).toEqual({ recordCount: 1, rejectedRecordCount: 0 });
  });
});

describe('while stdin stays open (linger)', () => {
  // The first state proves the connector is up; the clock for "promptly" starts after it.
  let sandbox: Sandbox;
  let child: ReturnType<typeof startWrite>;
  let result: ConnectorResult;
  let recordDeliveredWhileOpen = false;
  let stateEchoedWhileOpen = false;
  let watcher: ReturnType<typeof deliveryWatcher>;
  const second = streamState('a', { n: 2 });
  const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', { n: 1 }), record('a', { user_id: 'u', seq: 2 }), second];

  beforeAll(async () => {
    sandbox = await useSandbox();
    watcher = deliveryWatcher(sandbox, input);
    child = startWrite({ config: starConfig(sandbox), catalog: catalog('a') }, { onMessage: watcher.onMessage });
    await child.send(input[0], input[1]);
    await child.waitForStates(1, 30_000);
    await child.send(input[2]);
    recordDeliveredWhileOpen = (await eventually(() => eventsOf(sandbox).length === 2, 5_000)) && child.stdinIsOpen;
    await child.send(input[3]);
    stateEchoedWhileOpen = (await eventually(() => child.states.length === 2, 5_000)) && child.stdinIsOpen;
    child.end();
    result = await child.done;
  });

  it('a pending record is delivered within 5 s, before any state follows it', () => {
    expect(recordDeliveredWhileOpen).toBe(true);
  });

  it('a state is echoed within 5 s of arriving', () => {
    expect(stateEchoedWhileOpen).toBe(true);
    expect(result.states[1]).toEqual(echoOf(second, 1));
  });

  it('echoes no state before its records are in Heap', () => {
    expect(watcher.violations).toEqual([]);
  });

  it('ends cleanly when stdin closes', () => expectClean(result));
});
