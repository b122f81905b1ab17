/**
 * Contract §5: every STATE is echoed once, in input order, exactly as received plus
 * destinationStats for its window, and only after every record read before it is in Heap.
 */
import { describe, expect, it } from 'vitest';
import { deliveryWatcher, eventually, expectClean } from './harness/checks.js';
import { runWrite, startWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, configuredStream, echoOf, globalState, legacyState, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox } from './harness/sandbox.js';

const twoStreams = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, { mappings: [eventsMapping('a'), eventsMapping('b')], ...extra });

describe('STREAM states', () => {
  it('are echoed with every field kept (id, sourceStats, unknown fields) plus destinationStats', async () => {
    const sandbox = await useSandbox();
    const state = streamState('a', { cursor: '2024-01-01', nested: { deep: [1, 2] } }, {
      extra: { id: 17, sourceStats: { recordCount: 2 }, x_unknown_field: { keep: 'me' } },
    });
    const input = [record('a', { user_id: 'u', seq: 1 }), record('a', { user_id: 'u', seq: 2 }), state];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 2, 0)]);
  });

  it('count the records of their own stream since that stream\'s previous state', async () => {
    const sandbox = await useSandbox();
    const a1 = streamState('a', { n: 1 });
    const b1 = streamState('b', { n: 1 });
    const a2 = streamState('a', { n: 2 });
    const b2 = streamState('b', { n: 2 });
    const input = [
      record('a', { user_id: 'u', seq: 1 }),
      record('a', { user_id: 'u', seq: 2 }),
      record('b', { user_id: 'u', seq: 3 }),
      a1,
      record('b', { user_id: 'u', seq: 4 }),
      b1,
      record('a', { user_id: 'u', seq: 5 }),
      a2,
      b2,
    ];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(a1, 2), echoOf(b1, 2), echoOf(a2, 1), echoOf(b2, 0)]);
  });

  it('tell streams of the same name in different namespaces apart', async () => {
    const sandbox = await useSandbox();
    const x = streamState('items', { n: 1 }, { namespace: 'x' });
    const y = streamState('items', { n: 1 }, { namespace: 'y' });
    const input = [
      record('items', { user_id: 'u', seq: 1 }, { namespace: 'x' }),
      record('items', { user_id: 'u', seq: 2 }, { namespace: 'y' }),
      record('items', { user_id: 'u', seq: 3 }, { namespace: 'y' }),
      x,
      y,
    ];
    const config = heapConfig(sandbox, { mappings: [eventsMapping('items')] });
    const streams = catalog(configuredStream('items', { namespace: 'x' }), configuredStream('items', { namespace: 'y' }));
    const result = await runWrite({ config, catalog: streams, input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(x, 1), echoOf(y, 2)]);
  });

  it('keep a null namespace in the stream descriptor as null', async () => {
    const sandbox = await useSandbox();
    const state = streamState('a', { n: 1 }, { namespace: null });
    const input = [record('a', { user_id: 'u', seq: 1 }, { namespace: null }), state];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 1)]);
    expect((result.states[0]?.stream as { stream_descriptor: Record<string, unknown> }).stream_descriptor).toHaveProperty('namespace', null);
  });
});

describe('GLOBAL states', () => {
  it('count the records of all streams since the previous state', async () => {
    const sandbox = await useSandbox();
    const g1 = globalState({ lsn: 1 }, [{ name: 'a', state: { c: 1 } }, { name: 'b', state: { c: 1 } }], { id: 1 });
    const g2 = globalState({ lsn: 2 }, [{ name: 'a', state: { c: 2 } }], { id: 2 });
    const g3 = globalState({ lsn: 3 }, [], { id: 3 });
    const input = [
      record('a', { user_id: 'u', seq: 1 }),
      record('b', { user_id: 'u', seq: 2 }),
      g1,
      record('a', { user_id: 'u', seq: 3 }),
      g2,
      g3,
    ];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(g1, 2), echoOf(g2, 1), echoOf(g3, 0)]);
  });
});

describe('LEGACY states (no type)', () => {
  it('are echoed without a type and count the records of all streams', async () => {
    const sandbox = await useSandbox();
    const l1 = legacyState({ cursors: { a: 1, b: 1 } });
    const l2 = legacyState({ cursors: { a: 2, b: 1 } });
    const input = [record('a', { user_id: 'u', seq: 1 }), record('b', { user_id: 'u', seq: 2 }), l1, record('a', { user_id: 'u', seq: 3 }), l2];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(l1, 2), echoOf(l2, 1)]);
    expect(result.states[0]).not.toHaveProperty('type');
  });
});

describe('windows and counts', () => {
  it('input with only states echoes each with zero counts and sends nothing to Heap', async () => {
    const sandbox = await useSandbox();
    const s1 = streamState('a', { n: 1 });
    const s2 = streamState('b', { n: 1 });
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input: [s1, s2] });
    expectClean(result);
    expect(result.states).toEqual([echoOf(s1, 0), echoOf(s2, 0)]);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('empty input exits 0 and prints no STATE or TRACE (logs only)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input: [] });
    expect(result.exitCode).toBe(0);
    expect(result.messages.filter((m) => m.type !== 'LOG')).toEqual([]);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('two identical states in a row are each echoed once', async () => {
    const sandbox = await useSandbox();
    const s = streamState('a', { n: 1 });
    const input = [record('a', { user_id: 'u', seq: 1 }), s, s];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(s, 1), echoOf(s, 0)]);
  });

  it('rejected records are counted in the window they were read in', async () => {
    const sandbox = await useSandbox();
    const s1 = streamState('a', { n: 1 });
    const s2 = streamState('a', { n: 2 });
    const input = [
      record('a', { user_id: 'u', seq: 1 }),
      record('a', { seq: 2 }),
      s1,
      record('a', { user_id: '', seq: 3 }),
      record('a', { user_id: 'u', seq: 4 }),
      record('a', { user_id: 'u', seq: 5 }),
      s2,
    ];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(s1, 1, 1), echoOf(s2, 2, 1)]);
  });

  it('records after the last state are delivered before a clean exit', async () => {
    const sandbox = await useSandbox();
    const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', {}), record('a', { user_id: 'u', seq: 2 }), record('b', { user_id: 'u', seq: 3 })];
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input });
    expectClean(result);
    expect(eventsOf(sandbox).map((e) => e.properties.seq).sort()).toEqual([1, 2, 3]);
  });
});

describe('stdout', () => {
  it('20,000 states are all echoed, in order, to a reader that stalls for 2 s', async () => {
    const sandbox = await useSandbox();
    const states = Array.from({ length: 20_000 }, (_, n) => streamState('a', { n }, { extra: { id: n } }));
    const child = startWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b') });
    child.pauseStdout(2_000);
    await child.send(record('a', { user_id: 'u', seq: 1 }), ...states);
    child.end();
    const result = await child.done;
    expectClean(result);
    expect(result.states).toHaveLength(20_000);
    expect(result.states.map((s) => s.id)).toEqual(states.map((s) => s.state.id));
    expect(result.states[0]?.destinationStats).toEqual({ recordCount: 1, rejectedRecordCount: 0 });
  });

  it('a write ends with an INFO summary log after the last state', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b'), input: [record('a', { user_id: 'u', seq: 1 }), streamState('a', {})] });
    expectClean(result);
    const lastState = result.messages.findLastIndex((m) => m.type === 'STATE');
    const after = result.messages.slice(lastState + 1).filter((m) => m.type === 'LOG').map((m) => (m.log as { level: string }).level);
    expect(after).toContain('INFO');
  });
});

describe('a state is echoed only after its records are in Heap', () => {
  it('with a slow Heap, concurrent requests and states between partial batches', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: [50, 400], seed: 7 } });
    const input: unknown[] = [];
    for (let seq = 1; seq <= 60; seq += 1) {
      input.push(record(seq % 2 ? 'a' : 'b', { user_id: `u${seq % 7}`, seq }));
      if (seq % 6 === 0) input.push(globalState({ seq }, []));
    }
    const watcher = deliveryWatcher(sandbox, input);
    const config = twoStreams(sandbox, { batch_size: 5, max_concurrent_requests: 8 });
    const result = await runWrite({ config, catalog: catalog('a', 'b'), input }, { onMessage: watcher.onMessage });
    expectClean(result);
    expect(result.states).toHaveLength(10);
    expect(watcher.violations).toEqual([]);
    expect(eventsOf(sandbox)).toHaveLength(60);
  });

  it('a state is acknowledged within 5 s while stdin stays open (linger)', async () => {
    const sandbox = await useSandbox();
    const state = streamState('a', { n: 1 });
    const input = [record('a', { user_id: 'u', seq: 1 }), record('a', { user_id: 'u', seq: 2 }), state];
    const watcher = deliveryWatcher(sandbox, input);
    const child = startWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b') }, { onMessage: watcher.onMessage });
    await child.send(...input);
    await child.waitForStates(1, 5_000);
    expect(child.stdinIsOpen).toBe(true);
    expect(child.states).toEqual([echoOf(state, 2)]);
    expect(eventsOf(sandbox)).toHaveLength(2);
    child.end();
    const result = await child.done;
    expectClean(result);
    expect(watcher.violations).toEqual([]);
  });

  it('pending records are delivered while stdin stays open, before any state arrives', async () => {
    const sandbox = await useSandbox();
    const child = startWrite({ config: twoStreams(sandbox), catalog: catalog('a', 'b') });
    await child.send(record('a', { user_id: 'u', seq: 1 }));
    expect(await eventually(() => eventsOf(sandbox).length === 1, 5_000)).toBe(true);
    expect(child.stdinIsOpen).toBe(true);
    child.end();
    expectClean(await child.done);
  });
});
