/**
 * Events (docs/heap.md, "Mapping rules" and "Delivery and state"): event names, identities and the shape of what reaches POST /api/track.
 * One sync carries four streams, one per mapping variant; each event is found by its `seq`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { APP_ID, eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState, type StatePayload } from './harness/protocol.js';
import { eventsOf, eventWith, requestsTo, TRACK, useSandbox, type Sandbox } from './harness/sandbox.js';

const long = (n: number) => 'e'.repeat(n);

const states = {
  orders: streamState('orders', { cursor: 3 }),
  clicks: streamState('clicks', { cursor: 'end' }),
  hits: streamState('hits', { cursor: 1 }),
  ids: streamState('ids', {}),
};

const input = [
  record('orders', { user_id: 'alice', seq: 1, total: 12.5, currency: 'EUR' }),
  record('orders', { user_id: 'bob', seq: 2, total: 7, currency: 'USD' }),
  record('orders', { user_id: 'carol', seq: 3 }),
  states.orders,
  record('clicks', { user_id: 'u1', seq: 11, kind: 'Signed Up' }),
  record('clicks', { user_id: 'u1', seq: 12, kind: 'Logged In' }),
  record('clicks', { user_id: 'u1', seq: 13 }),
  record('clicks', { user_id: 'u1', seq: 14, kind: '' }),
  record('clicks', { user_id: 'u1', seq: 15, kind: null }),
  record('clicks', { user_id: 'u1', seq: 16, kind: long(1024) }),
  record('clicks', { user_id: 'u1', seq: 17, kind: long(1025) }),
  states.clicks,
  record('hits', { user_id: 'u1', seq: 21, meta: { kind: 'Viewed Page', page: '/home' } }),
  states.hits,
  record('ids', { user_id: 12345, seq: 31 }),
  record('ids', { user_id: '0', seq: 32 }),
  record('ids', { user_id: 0, seq: 33 }),
  record('ids', { user_id: 'i'.repeat(255), seq: 34 }),
  record('ids', { user_id: 'i'.repeat(256), seq: 35 }),
  record('ids', { user_id: '', seq: 36 }),
  record('ids', { seq: 37 }),
  record('ids', { user_id: null, seq: 38 }),
  record('ids', { user_id: 'Case-Sensitive', seq: 39 }),
  states.ids,
];

let sandbox: Sandbox;
let result: ConnectorResult;

beforeAll(async () => {
  sandbox = await useSandbox();
  const config = heapConfig(sandbox, {
    mappings: [
      eventsMapping('orders', { event_name: 'Order Completed' }),
      eventsMapping('clicks', { event_name_field: 'kind' }),
      eventsMapping('hits', { event_name_field: 'meta.kind' }),
      eventsMapping('ids'),
    ],
  });
  result = await runWrite({ config, catalog: catalog('orders', 'clicks', 'hits', 'ids'), input });
});

/** The echo of `stream`'s state. */
const echoFor = (stream: string): StatePayload | undefined =>
  result.states.find((s) => (s.stream as { stream_descriptor: { name: string } }).stream_descriptor.name === stream);
const orderEvents = () => eventsOf(sandbox).filter((e) => [1, 2, 3].includes(e.properties.seq as number));

it('exits 0 without an error (rejected records are skipped by default)', () => expectClean(result));

describe('events with a constant event name', () => {
  it('sends every record as one event to POST /api/track', () => {
    expect(orderEvents()).toHaveLength(3);
    expect(requestsTo(sandbox, TRACK).length).toBeGreaterThanOrEqual(1);
  });

  it("sends the config's app_id", () => {
    expect(new Set(sandbox.store.events.map((e) => e.app_id))).toEqual(new Set([APP_ID]));
  });

  it('names every event with the constant', () => {
    expect(orderEvents().map((e) => e.event)).toEqual(['Order Completed', 'Order Completed', 'Order Completed']);
  });

  it('takes the identity from identity_field', () => {
    expect(eventWith(sandbox, 'seq', 2)?.identity).toBe('bob');
  });

  it('sends the other fields as properties', () => {
    expect(eventWith(sandbox, 'seq', 1)?.properties).toEqual({ seq: 1, total: 12.5, currency: 'EUR' });
  });

  it('does not send the identity field as a property unless included', () => {
    expect(eventWith(sandbox, 'seq', 1)?.properties).not.toHaveProperty('user_id');
  });

  it('sends no timestamp without a timestamp_field', () => {
    expect(orderEvents().map((e) => e.timestamp)).toEqual([undefined, undefined, undefined]);
  });

  it('gives every event an idempotency key, distinct for distinct records', () => {
    const keys = orderEvents().map((e) => e.idempotency_key);
    for (const key of keys) expect(typeof key === 'string' && key.length > 0).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('echoes the state with the count of records delivered', () => {
    expect(echoFor('orders')).toEqual(echoOf(states.orders, 3, 0));
  });
});

describe('events with the name taken from a field', () => {
  it("names each event with the record's field value", () => {
    expect(eventWith(sandbox, 'seq', 11)?.event).toBe('Signed Up');
    expect(eventWith(sandbox, 'seq', 12)?.event).toBe('Logged In');
  });

  it('does not send the event name field as a property unless included', () => {
    expect(eventWith(sandbox, 'seq', 11)?.properties).not.toHaveProperty('kind');
  });

  it('rejects a record whose event name field is missing', () => {
    expect(eventWith(sandbox, 'seq', 13)).toBeUndefined();
  });

  it('rejects a record whose event name is empty', () => {
    expect(eventWith(sandbox, 'seq', 14)).toBeUndefined();
  });

  it('rejects a record whose event name is null', () => {
    expect(eventWith(sandbox, 'seq', 15)).toBeUndefined();
  });

  it('accepts an event name of 1024 characters', () => {
    expect(eventWith(sandbox, 'seq', 16)?.event).toBe(long(1024));
  });

  it('rejects an event name of 1025 characters', () => {
    expect(eventWith(sandbox, 'seq', 17)).toBeUndefined();
  });

  it('counts delivered and rejected records in the state', () => {
    expect(echoFor('clicks')).toEqual(echoOf(states.clicks, 3, 4));
  });
});

describe('event name from a nested field', () => {
  it('reads the event name through a dot path', () => {
    expect(eventWith(sandbox, 'seq', 21)?.event).toBe('Viewed Page');
  });

  it('still sends the sibling fields of the nested name as dot-key properties', () => {
    expect(eventWith(sandbox, 'seq', 21)?.properties).toEqual({ seq: 21, 'meta.page': '/home' });
  });
});

describe('identities', () => {
  it('turns a numeric identity into its decimal string', () => {
    expect(eventWith(sandbox, 'seq', 31)?.identity).toBe('12345');
  });

  it('accepts the string "0" as an identity', () => {
    expect(eventWith(sandbox, 'seq', 32)?.identity).toBe('0');
  });

  it('accepts the number 0 as the identity "0"', () => {
    expect(eventWith(sandbox, 'seq', 33)?.identity).toBe('0');
  });

  it('accepts an identity of 255 characters', () => {
    expect(eventWith(sandbox, 'seq', 34)?.identity).toBe('i'.repeat(255));
  });

  it('rejects an identity of 256 characters', () => {
    expect(eventWith(sandbox, 'seq', 35)).toBeUndefined();
  });

  it('rejects an empty identity', () => {
    expect(eventWith(sandbox, 'seq', 36)).toBeUndefined();
  });

  it('rejects a record without the identity field', () => {
    expect(eventWith(sandbox, 'seq', 37)).toBeUndefined();
  });

  it('rejects a null identity', () => {
    expect(eventWith(sandbox, 'seq', 38)).toBeUndefined();
  });

  it('keeps the identity exactly as written (case-sensitive)', () => {
    expect(eventWith(sandbox, 'seq', 39)?.identity).toBe('Case-Sensitive');
  });

  it('counts 5 delivered and 4 rejected', () => {
    expect(echoFor('ids')).toEqual(echoOf(states.ids, 5, 4));
  });
});
