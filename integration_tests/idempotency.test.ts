/**
 * Contract §3 "Idempotency key": a stable hash of the stream's namespace and name and the
 * idempotency fields' values (default: the catalog's primary key, else the whole record), so
 * the same source row always yields the same key and Heap deduplicates a re-sent event.
 * The sandbox dedupes keys like Heap: "deduplicated" below means the sandbox kept one event.
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox } from './harness/sandbox.js';

describe('the same input sent twice', () => {
  it('adds no event the second time: every key is the same across runs', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders'), eventsMapping('plain')] });
    const streams = catalog(configuredStream('orders', { primaryKey: [['order_id']] }), 'plain');
    const state = streamState('orders', { cursor: 50 });
    const input = [
      ...Array.from({ length: 50 }, (_, i) => record('orders', { user_id: `u${i % 5}`, order_id: i, total: i * 1.5 })),
      ...Array.from({ length: 20 }, (_, i) => record('plain', { user_id: `u${i % 5}`, seq: i, note: 'no primary key' })),
      state,
    ];
    const first = await runWrite({ config, catalog: streams, input });
    expectClean(first);
    expect(eventsOf(sandbox)).toHaveLength(70);

    const second = await runWrite({ config, catalog: streams, input });
    expectClean(second);
    expect(eventsOf(sandbox)).toHaveLength(70);
    expect(sandbox.store.counters.eventsDeduplicated).toBe(70);
    expect(second.states).toEqual([echoOf(state, 50, 0)]);
  });
});

/** Runs one sync of `records` on a fresh sandbox and returns the events the sandbox kept. */
async function keptEvents(mapping: Record<string, unknown>, records: ReturnType<typeof record>[], streams = catalog('s')) {
  const sandbox = await useSandbox();
  const config = heapConfig(sandbox, { mappings: [eventsMapping('*', mapping)] });
  const result = await runWrite({ config, catalog: streams, input: records });
  expectClean(result);
  return eventsOf(sandbox);
}

describe('idempotency_key_fields', () => {
  it('records with the same key field values are deduplicated even when other fields differ', async () => {
    const events = await keptEvents({ idempotency_key_fields: ['order_id'] }, [
      record('s', { user_id: 'u', order_id: 'A-1', status: 'created' }),
      record('s', { user_id: 'u', order_id: 'A-1', status: 'paid' }),
    ]);
    expect(events).toHaveLength(1);
  });

  it('records with different key field values are kept apart', async () => {
    const events = await keptEvents({ idempotency_key_fields: ['order_id'] }, [
      record('s', { user_id: 'u', order_id: 'A-1' }),
      record('s', { user_id: 'u', order_id: 'A-2' }),
    ]);
    expect(events).toHaveLength(2);
  });

  it('several key fields are combined without ambiguity ("x|y","z" differs from "x","y|z")', async () => {
    const events = await keptEvents({ idempotency_key_fields: ['a', 'b'] }, [
      record('s', { user_id: 'u', a: 'x|y', b: 'z' }),
      record('s', { user_id: 'u', a: 'x', b: 'y|z' }),
      record('s', { user_id: 'u', a: 'x', b: 'y' }),
      record('s', { user_id: 'u', a: 'y', b: 'x' }),
    ]);
    expect(events).toHaveLength(4);
  });

  it('a missing key field counts as null', async () => {
    const events = await keptEvents({ idempotency_key_fields: ['order_id', 'line'] }, [
      record('s', { user_id: 'u', order_id: 'A-1', status: 'one' }),
      record('s', { user_id: 'u', order_id: 'A-1', line: null, status: 'two' }),
    ]);
    expect(events).toHaveLength(1);
  });

  it('a key field can be a dot path', async () => {
    const events = await keptEvents({ idempotency_key_fields: ['order.id'] }, [
      record('s', { user_id: 'u', order: { id: 7, status: 'created' } }),
      record('s', { user_id: 'u', order: { id: 7, status: 'paid' } }),
      record('s', { user_id: 'u', order: { id: 8, status: 'paid' } }),
    ]);
    expect(events).toHaveLength(2);
  });

  it('take precedence over the catalog primary key', async () => {
    const events = await keptEvents(
      { idempotency_key_fields: ['order_id'] },
      [record('s', { user_id: 'u', order_id: 1, line: 1 }), record('s', { user_id: 'u', order_id: 1, line: 2 })],
      catalog(configuredStream('s', { primaryKey: [['order_id'], ['line']] })),
    );
    expect(events).toHaveLength(1);
  });
});

describe('the catalog primary key (the default)', () => {
  it('records with the same primary key are deduplicated', async () => {
    const events = await keptEvents(
      {},
      [record('s', { user_id: 'u', id: 1, status: 'created' }), record('s', { user_id: 'u', id: 1, status: 'paid' })],
      catalog(configuredStream('s', { primaryKey: [['id']] })),
    );
    expect(events).toHaveLength(1);
  });

  it('a composite primary key uses every component', async () => {
    const events = await keptEvents(
      {},
      [record('s', { user_id: 'u', order_id: 1, line: 1 }), record('s', { user_id: 'u', order_id: 1, line: 2 })],
      catalog(configuredStream('s', { primaryKey: [['order_id'], ['line']] })),
    );
    expect(events).toHaveLength(2);
  });

  it('a nested primary key path is followed', async () => {
    const events = await keptEvents(
      {},
      [record('s', { user_id: 'u', order: { id: 1 }, v: 1 }), record('s', { user_id: 'u', order: { id: 1 }, v: 2 })],
      catalog(configuredStream('s', { primaryKey: [['order', 'id']] })),
    );
    expect(events).toHaveLength(1);
  });
});

describe('the whole record (no key fields, no primary key)', () => {
  it('identical records are deduplicated', async () => {
    const events = await keptEvents({}, [record('s', { user_id: 'u', a: 1 }), record('s', { user_id: 'u', a: 1 })]);
    expect(events).toHaveLength(1);
  });

  it('records differing in any field are kept apart', async () => {
    const events = await keptEvents({}, [record('s', { user_id: 'u', a: 1, b: 'x' }), record('s', { user_id: 'u', a: 1, b: 'y' })]);
    expect(events).toHaveLength(2);
  });

  it('key order in the record does not matter (canonical JSON)', async () => {
    const events = await keptEvents({}, [record('s', { user_id: 'u', a: 1, b: { c: 2, d: 3 } }), record('s', { b: { d: 3, c: 2 }, a: 1, user_id: 'u' })]);
    expect(events).toHaveLength(1);
  });

  it('emitted_at is not part of the record (a re-extracted row keeps its key)', async () => {
    const events = await keptEvents({}, [
      record('s', { user_id: 'u', a: 1 }, { emittedAt: 1_700_000_000_000 }),
      record('s', { user_id: 'u', a: 1 }, { emittedAt: 1_800_000_000_000 }),
    ]);
    expect(events).toHaveLength(1);
  });
});

describe('the stream is part of the key', () => {
  it('the same data in two streams gives two events', async () => {
    const events = await keptEvents({}, [record('s', { user_id: 'u', a: 1 }), record('t', { user_id: 'u', a: 1 })], catalog('s', 't'));
    expect(events).toHaveLength(2);
  });

  it('the same data in one stream name under two namespaces gives two events', async () => {
    const events = await keptEvents(
      {},
      [record('s', { user_id: 'u', a: 1 }, { namespace: 'n1' }), record('s', { user_id: 'u', a: 1 }, { namespace: 'n2' })],
      catalog(configuredStream('s', { namespace: 'n1' }), configuredStream('s', { namespace: 'n2' })),
    );
    expect(events).toHaveLength(2);
  });
});
