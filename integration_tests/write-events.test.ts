import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { APP_ID, eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, eventWith, requestsTo, startSharedSandbox, TRACK, type Sandbox } from './harness/sandbox.js';

describe('events with a constant event name', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const input = [
    record('orders', { user_id: 'alice', seq: 1, total: 12.5, currency: 'EUR' }),
    record('orders', { user_id: 'bob', seq: 2, total: 7, currency: 'USD' }),
    record('orders', { user_id: 'carol', seq: 3 }),
    streamState('orders', { cursor: 3 }),
  ];

  beforeAll(async () => {
    sandbox = await startSharedSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders', { event_name: 'Order Completed' })] });
    result = await runWrite({ config, catalog: catalog('orders'), input });
  });
  afterAll(() => sandbox?.close());

  it('exits 0 without an error', () => expectClean(result));

  it('sends every record as one event to POST /api/track', () => {
    expect(eventsOf(sandbox)).toHaveLength(3);
    expect(requestsTo(sandbox, TRACK).length).toBeGreaterThanOrEqual(1);
  });

  it("sends the config's app_id", () => {
    expect(sandbox.store.events.map((e) => e.app_id)).toEqual([APP_ID, APP_ID, APP_ID]);
  });

  it('names every event with the constant', () => {
    expect(eventsOf(sandbox).map((e) => e.event)).toEqual(['Order Completed', 'Order Completed', 'Order Completed']);
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
    expect(eventsOf(sandbox).map((e) => e.timestamp)).toEqual([undefined, undefined, undefined]);
  });

  it('gives every event an idempotency key, distinct for distinct records', () => {
    const keys = eventsOf(sandbox).map((e) => e.idempotency_key);
    for (const key of keys) expect(typeof key === 'string' && key.length > 0).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  it('echoes the state with the count of records delivered', () => {
    expect(result.states).toEqual([echoOf(input[3] as ReturnType<typeof streamState>, 3, 0)]);
  });
});

describe('events with the name taken from a field', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const long = (n: number) => 'e'.repeat(n);
  const state = streamState('clicks', { cursor: 'end' });
  const input = [
    record('clicks', { user_id: 'u1', seq: 1, kind: 'Signed Up' }),
    record('clicks', { user_id: 'u1', seq: 2, kind: 'Logged In' }),
    record('clicks', { user_id: 'u1', seq: 3 }),
    record('clicks', { user_id: 'u1', seq: 4, kind: '' }),
    record('clicks', { user_id: 'u1', seq: 5, kind: null }),
    record('clicks', { user_id: 'u1', seq: 6, kind: long(1024) }),
    record('clicks', { user_id: 'u1', seq: 7, kind: long(1025) }),
    state,
  ];

  beforeAll(async () => {
    sandbox = await startSharedSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('clicks', { event_name_field: 'kind' })] });
    result = await runWrite({ config, catalog: catalog('clicks'), input });
  });
  afterAll(() => sandbox?.close());

  it('exits 0 without an error (rejections are skipped by default)', () => expectClean(result));

  it("names each event with the record's field value", () => {
    expect(eventWith(sandbox, 'seq', 1)?.event).toBe('Signed Up');
    expect(eventWith(sandbox, 'seq', 2)?.event).toBe('Logged In');
  });

  it('does not send the event name field as a property unless included', () => {
    expect(eventWith(sandbox, 'seq', 1)?.properties).not.toHaveProperty('kind');
  });

  it('rejects a record whose event name field is missing', () => {
    expect(eventWith(sandbox, 'seq', 3)).toBeUndefined();
  });

  it('rejects a record whose event name is empty', () => {
    expect(eventWith(sandbox, 'seq', 4)).toBeUndefined();
  });

  it('rejects a record whose event name is null', () => {
    expect(eventWith(sandbox, 'seq', 5)).toBeUndefined();
  });

  it('accepts an event name of 1024 characters', () => {
    expect(eventWith(sandbox, 'seq', 6)?.event).toBe(long(1024));
  });

  it('rejects an event name of 1025 characters', () => {
    expect(eventWith(sandbox, 'seq', 7)).toBeUndefined();
  });

  it('counts delivered and rejected records in the state', () => {
    expect(result.states).toEqual([echoOf(state, 3, 4)]);
  });
});

describe('event name from a nested field', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;

  beforeAll(async () => {
    sandbox = await startSharedSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('hits', { event_name_field: 'meta.kind' })] });
    const input = [record('hits', { user_id: 'u1', seq: 1, meta: { kind: 'Viewed Page', page: '/home' } })];
    result = await runWrite({ config, catalog: catalog('hits'), input });
  });
  afterAll(() => sandbox?.close());

  it('reads the event name through a dot path', () => {
    expectClean(result);
    expect(eventWith(sandbox, 'seq', 1)?.event).toBe('Viewed Page');
  });

  it('still sends the sibling fields of the nested name as dot-key properties', () => {
    expect(eventWith(sandbox, 'seq', 1)?.properties).toMatchObject({ 'meta.page': '/home' });
    expect(eventWith(sandbox, 'seq', 1)?.properties).not.toHaveProperty('meta.kind');
  });
});

describe('identities', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const state = streamState('ids', {});
  const input = [
    record('ids', { user_id: 12345, seq: 1 }),
    record('ids', { user_id: '0', seq: 2 }),
    record('ids', { user_id: 0, seq: 3 }),
    record('ids', { user_id: 'i'.repeat(255), seq: 4 }),
    record('ids', { user_id: 'i'.repeat(256), seq: 5 }),
    record('ids', { user_id: '', seq: 6 }),
    record('ids', { seq: 7 }),
    record('ids', { user_id: null, seq: 8 }),
    record('ids', { user_id: 'Case-Sensitive', seq: 9 }),
    state,
  ];

  beforeAll(async () => {
    sandbox = await startSharedSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('ids')] });
    result = await runWrite({ config, catalog: catalog('ids'), input });
  });
  afterAll(() => sandbox?.close());

  it('turns a numeric identity into its decimal string', () => {
    expect(eventWith(sandbox, 'seq', 1)?.identity).toBe('12345');
  });

  it('accepts the string "0" as an identity', () => {
    expect(eventWith(sandbox, 'seq', 2)?.identity).toBe('0');
  });

  it('accepts the number 0 as the identity "0"', () => {
    expect(eventWith(sandbox, 'seq', 3)?.identity).toBe('0');
  });

  it('accepts an identity of 255 characters', () => {
    expect(eventWith(sandbox, 'seq', 4)?.identity).toBe('i'.repeat(255));
  });

  it('rejects an identity of 256 characters', () => {
    expect(eventWith(sandbox, 'seq', 5)).toBeUndefined();
  });

  it('rejects an empty identity', () => {
    expect(eventWith(sandbox, 'seq', 6)).toBeUndefined();
  });

  it('rejects a record without the identity field', () => {
    expect(eventWith(sandbox, 'seq', 7)).toBeUndefined();
  });

  it('rejects a null identity', () => {
    expect(eventWith(sandbox, 'seq', 8)).toBeUndefined();
  });

  it('keeps the identity exactly as written (case-sensitive)', () => {
    expect(eventWith(sandbox, 'seq', 9)?.identity).toBe('Case-Sensitive');
  });

  it('counts 5 delivered and 4 rejected, exit 0', () => {
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 5, 4)]);
  });
});
