/**
 * docs/heap.md, "Idempotency key": a stable hash of the stream's namespace and name and the
 * idempotency fields' values (default: the catalog's primary key, else the whole record), so
 * the same source row always yields the same key and Heap deduplicates a re-sent event.
 * The sandbox dedupes keys like Heap: "deduplicated" below means the sandbox kept one event.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';
import type { ConnectorResult } from './harness/connector.js';

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

/**
 * Every key-derivation case in one sync: each case has its own stream(s), mapping and identity,
 * so cases cannot deduplicate one another (the stream is part of the key, and they are counted
 * by identity). `kept` is how many events the sandbox must keep for the case.
 */
interface KeyCase {
  title: string;
  mapping?: Record<string, unknown>;
  primaryKey?: string[][];
  /** Per record: its data (the identity is added), and optionally another stream suffix, a namespace, an emitted_at. */
  records: { data: Record<string, unknown>; stream?: string; namespace?: string; emittedAt?: number }[];
  kept: number;
}

const cases: Record<string, KeyCase[]> = {
  idempotency_key_fields: [
    {
      title: 'records with the same key field values are deduplicated even when other fields differ',
      mapping: { idempotency_key_fields: ['order_id'] },
      records: [{ data: { order_id: 'A-1', status: 'created' } }, { data: { order_id: 'A-1', status: 'paid' } }],
      kept: 1,
    },
    {
      title: 'records with different key field values are kept apart',
      mapping: { idempotency_key_fields: ['order_id'] },
      records: [{ data: { order_id: 'A-1' } }, { data: { order_id: 'A-2' } }],
      kept: 2,
    },
    {
      title: 'several key fields are combined without ambiguity ("x|y","z" differs from "x","y|z")',
      mapping: { idempotency_key_fields: ['a', 'b'] },
      records: [{ data: { a: 'x|y', b: 'z' } }, { data: { a: 'x', b: 'y|z' } }, { data: { a: 'x', b: 'y' } }, { data: { a: 'y', b: 'x' } }],
      kept: 4,
    },
    {
      title: 'a missing key field counts as null',
      mapping: { idempotency_key_fields: ['order_id', 'line'] },
      records: [{ data: { order_id: 'A-1', status: 'one' } }, { data: { order_id: 'A-1', line: null, status: 'two' } }],
      kept: 1,
    },
    {
      title: 'a key field can be a dot path',
      mapping: { idempotency_key_fields: ['order.id'] },
      records: [{ data: { order: { id: 7, status: 'created' } } }, { data: { order: { id: 7, status: 'paid' } } }, { data: { order: { id: 8, status: 'paid' } } }],
      kept: 2,
    },
    {
      title: 'they take precedence over the catalog primary key',
      mapping: { idempotency_key_fields: ['order_id'] },
      primaryKey: [['order_id'], ['line']],
      records: [{ data: { order_id: 1, line: 1 } }, { data: { order_id: 1, line: 2 } }],
      kept: 1,
    },
  ],
  'the catalog primary key (the default)': [
    {
      title: 'records with the same primary key are deduplicated',
      primaryKey: [['id']],
      records: [{ data: { id: 1, status: 'created' } }, { data: { id: 1, status: 'paid' } }],
      kept: 1,
    },
    {
      title: 'a composite primary key uses every component',
      primaryKey: [['order_id'], ['line']],
      records: [{ data: { order_id: 1, line: 1 } }, { data: { order_id: 1, line: 2 } }],
      kept: 2,
    },
    {
      title: 'a nested primary key path is followed',
      primaryKey: [['order', 'id']],
      records: [{ data: { order: { id: 1 }, v: 1 } }, { data: { order: { id: 1 }, v: 2 } }],
      kept: 1,
    },
  ],
  'the whole record (no key fields, no primary key)': [
    {
      title: 'identical records are deduplicated',
      records: [{ data: { a: 1 } }, { data: { a: 1 } }],
      kept: 1,
    },
    {
      title: 'records differing in any field are kept apart',
      records: [{ data: { a: 1, b: 'x' } }, { data: { a: 1, b: 'y' } }],
      kept: 2,
    },
    {
      title: 'key order in the record does not matter (canonical JSON)',
      records: [{ data: { a: 1, b: { c: 2, d: 3 } } }, { data: { b: { d: 3, c: 2 }, a: 1 } }],
      kept: 1,
    },
    {
      title: 'emitted_at is not part of the record (a re-extracted row keeps its key)',
      records: [{ data: { a: 1 }, emittedAt: 1_700_000_000_000 }, { data: { a: 1 }, emittedAt: 1_800_000_000_000 }],
      kept: 1,
    },
  ],
  'the stream is part of the key': [
    {
      title: 'the same data in two streams gives two events',
      records: [{ data: { a: 1 } }, { data: { a: 1 }, stream: 'other' }],
      kept: 2,
    },
    {
      title: 'the same data in one stream name under two namespaces gives two events',
      records: [{ data: { a: 1 }, namespace: 'n1' }, { data: { a: 1 }, namespace: 'n2' }],
      kept: 2,
    },
  ],
};

describe('how the key is derived', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const all = Object.values(cases).flat();
  const idOf = (c: KeyCase) => `case-${all.indexOf(c)}`;

  beforeAll(async () => {
    sandbox = await useSandbox();
    const mappings: Record<string, unknown>[] = [];
    const streams = new Map<string, ReturnType<typeof configuredStream>>();
    const input: unknown[] = [];
    all.forEach((c, i) => {
      mappings.push(eventsMapping(`case${i}`, c.mapping ?? {}));
      for (const r of c.records) {
        const name = r.stream === undefined ? `case${i}` : `case${i}_${r.stream}`;
        if (r.stream !== undefined && !mappings.some((m) => m.stream === name)) mappings.push(eventsMapping(name, c.mapping ?? {}));
        streams.set(`${name}@${r.namespace ?? ''}`, configuredStream(name, { ...(r.namespace ? { namespace: r.namespace } : {}), ...(c.primaryKey ? { primaryKey: c.primaryKey } : {}) }));
        input.push(record(name, { user_id: idOf(c), ...r.data }, { ...(r.namespace ? { namespace: r.namespace } : {}), ...(r.emittedAt ? { emittedAt: r.emittedAt } : {}) }));
      }
    });
    result = await runWrite({ config: heapConfig(sandbox, { mappings }), catalog: { streams: [...streams.values()] }, input });
  });

  it('exits 0 without an error', () => expectClean(result));

  for (const [group, groupCases] of Object.entries(cases)) {
    describe(group, () => {
      for (const c of groupCases) {
        it(c.title, () => {
          expect(eventsOf(sandbox).filter((e) => e.identity === idOf(c))).toHaveLength(c.kept);
        });
      }
    });
  }
});
