import { ACCEPTED_FORMS } from '../../src/mapping/timestamp-advice.js';
import { describe, expect, it } from 'vitest';
import { Mapping } from '../../src/config/schema.js';
import { compileIdempotencyKey } from '../../src/mapping/idempotency.js';
import { compileMapper } from '../../src/mapping/mapper.js';
import type { MapResult, StreamInfo } from '../../src/mapping/types.js';

const stream: StreamInfo = { name: 'orders' };
const PII = 'jane.doe@example.com';

/** Mappings go through the real schema, so tests use only configs users can write. */
const mapping = (input: Record<string, unknown>): Mapping => Mapping.parse(input);
const events = (extra: Record<string, unknown> = {}) =>
  mapping({ stream: 'orders', sync_type: 'events', identity_field: 'email', event_name: 'Order Placed', ...extra });
const users = (extra: Record<string, unknown> = {}) =>
  mapping({ stream: 'people', sync_type: 'user_properties', identity_field: 'email', ...extra });
const accounts = (extra: Record<string, unknown> = {}) =>
  mapping({ stream: 'orgs', sync_type: 'account_properties', account_id_field: 'org_id', ...extra });

const ok = (result: MapResult) => {
  if (!result.ok) throw new Error(`expected a mapped record, got: ${result.reason}`);
  return result;
};

describe('events', () => {
  it('map to a track item with identity, event, idempotency key and properties', () => {
    const data = { email: PII, total: 9.5, paid: true };
    const result = ok(compileMapper(events(), stream).map(data));
    expect(result.mapped).toEqual({
      endpoint: 'track',
      item: {
        identity: PII,
        event: 'Order Placed',
        idempotency_key: compileIdempotencyKey(stream, undefined)(data),
        properties: { total: 9.5, paid: 'true' },
      },
    });
    expect(result.adjustments).toEqual({ truncatedValues: 0, droppedLongKeys: 0, droppedIdKeys: 0, overflowingNumbers: 0 });
  });

  it('carry no timestamp key without a timestamp_field', () => {
    const { mapped } = ok(compileMapper(events(), stream).map({ email: 'e', at: '2024-01-02' }));
    expect(mapped.item).not.toHaveProperty('timestamp');
  });

  it('carry the timestamp as ISO 8601 UTC with milliseconds when timestamp_field is set', () => {
    const { mapped } = ok(compileMapper(events({ timestamp_field: 'at' }), stream).map({ email: 'e', at: 1_704_164_645 }));
    expect(mapped.item).toMatchObject({ timestamp: '2024-01-02T03:04:05.000Z', properties: {} });
  });

  it('list their keys in the order of a Heap request', () => {
    const { mapped } = ok(compileMapper(events({ timestamp_field: 'at' }), stream).map({ email: 'e', at: 0 }));
    expect(Object.keys(mapped.item)).toEqual(['identity', 'event', 'timestamp', 'idempotency_key', 'properties']);
  });

  it('take the event name from event_name_field', () => {
    const m = events({ event_name: undefined, event_name_field: 'kind' });
    const { mapped } = ok(compileMapper(m, stream).map({ email: 'e', kind: 'refund', x: 1 }));
    expect(mapped.item).toMatchObject({ event: 'refund', properties: { x: 1 } });
  });

  it('take the identity from a number as its decimal string', () => {
    const { mapped } = ok(compileMapper(events({ identity_field: 'uid' }), stream).map({ uid: 0 }));
    expect(mapped.item).toMatchObject({ identity: '0' });
  });

  it('send the identity as a property when include_fields lists it', () => {
    const { mapped } = ok(compileMapper(events({ include_fields: ['email', 'total'] }), stream).map({ email: 'e', total: 1 }));
    expect(mapped.item.properties).toEqual({ email: 'e', total: 1 });
  });

  it('use idempotency_key_fields for the key', () => {
    const m = events({ idempotency_key_fields: ['order_id'] });
    const mapper = compileMapper(m, stream);
    const a = ok(mapper.map({ email: 'e', order_id: 7, status: 'new' })).mapped.item as { idempotency_key: string };
    const b = ok(mapper.map({ email: 'e', order_id: 7, status: 'paid' })).mapped.item as { idempotency_key: string };
    expect(a.idempotency_key).toBe(b.idempotency_key);
  });

  it("use the catalog's primary key for the key by default", () => {
    const keyed: StreamInfo = { name: 'orders', primaryKey: [['order_id']] };
    const { mapped } = ok(compileMapper(events(), keyed).map({ email: 'e', order_id: 7 }));
    expect(mapped.item).toMatchObject({ idempotency_key: compileIdempotencyKey(keyed, undefined)({ order_id: 7 }) });
  });
});

describe('properties of any item', () => {
  it.each<[string, Record<string, unknown>, Record<string, string | number>]>([
    ['{"a":{"b":1}} gives "a.b": 1', { a: { b: 1 } }, { 'a.b': 1 }],
    ['a record with nothing else gives an empty object', {}, {}],
    ['follow the record field order', { z: 1, email: 'e', a: 2, m: { k: 3 } }, { z: 1, a: 2, 'm.k': 3 }],
    ['booleans become strings, nulls are left out', { t: true, f: false, n: null }, { t: 'true', f: 'false' }],
    ['arrays of scalars are joined with ||', { tags: ['a', null, 'b'] }, { tags: 'a||b' }],
    ['other arrays become JSON text', { items: [{ sku: 1 }] }, { items: '[{"sku":1}]' }],
  ])('%s', (_title, data, expected) => {
    const { mapped } = ok(compileMapper(events(), stream).map({ email: 'e', ...data }));
    expect(mapped.item.properties).toEqual(expected);
    expect(Object.keys(mapped.item.properties!)).toEqual(Object.keys(expected));
  });

  it('report truncations and dropped keys in the adjustments', () => {
    const data = { email: 'e', long: 'x'.repeat(2000), ['k'.repeat(1024)]: 1 };
    const { adjustments } = ok(compileMapper(events(), stream).map(data));
    expect(adjustments).toEqual({ truncatedValues: 1, droppedLongKeys: 1, droppedIdKeys: 0, overflowingNumbers: 0 });
  });
});

describe('user properties', () => {
  it('map to a users item without the identity among the properties', () => {
    const result = ok(compileMapper(users(), { name: 'people' }).map({ email: PII, plan: 'pro' }));
    expect(result.mapped).toEqual({ endpoint: 'users', item: { identity: PII, properties: { plan: 'pro' } } });
  });

  it('leave out and count keys equal to id in any casing', () => {
    const result = ok(compileMapper(users(), { name: 'people' }).map({ email: 'e', id: 1, ID: 2, plan: 'pro' }));
    expect(result.mapped.item.properties).toEqual({ plan: 'pro' });
    expect(result.adjustments.droppedIdKeys).toBe(2);
  });
});

describe('account properties', () => {
  it('map to an accounts item without the account id among the properties', () => {
    const result = ok(compileMapper(accounts(), { name: 'orgs' }).map({ org_id: 12, seats: 5, id: 'kept' }));
    expect(result.mapped).toEqual({ endpoint: 'accounts', item: { account_id: '12', properties: { seats: 5, id: 'kept' } } });
  });
});

describe('rejections name the field and the problem, never the value', () => {
  it.each<[string, Mapping, Record<string, unknown>, string]>([
    ['a missing identity', events(), { other: PII }, 'identity_field "email" is missing from the record (names are case-sensitive; dot paths read nested objects)'],
    ['an empty identity', events({ identity_field: 'user.email' }), { user: { email: '' }, x: PII }, 'identity_field "user.email" is empty'],
    ['an identity of 256 characters', events(), { email: `${PII}${'x'.repeat(256)}` }, 'identity_field "email" is longer than 255 characters'],
    ['an identity that is an object', events(), { email: { address: PII } }, 'identity_field "email" is an object; expected a non-empty string or a number'],
    ['a missing event name', events({ event_name: undefined, event_name_field: 'kind' }), { email: PII }, 'event_name_field "kind" is missing from the record (names are case-sensitive; dot paths read nested objects)'],
    ['an event name of 1025 characters', events({ event_name: undefined, event_name_field: 'kind' }), { email: 'e', kind: PII.repeat(60) }, 'event_name_field "kind" is longer than 1024 characters'],
    ['a missing timestamp', events({ timestamp_field: 'at' }), { email: PII }, 'timestamp_field "at" is missing from the record (names are case-sensitive; dot paths read nested objects); remove timestamp_field to let Heap stamp the arrival time'],
    ['a null timestamp', events({ timestamp_field: 'at' }), { email: PII, at: null }, `timestamp_field "at" is null; ${ACCEPTED_FORMS}`],
    ['an unparseable timestamp', events({ timestamp_field: 'at' }), { email: 'e', at: PII }, `timestamp_field "at" is a string that is not a date or time: write one of the accepted forms (${ACCEPTED_FORMS})`],
    ['an impossible date', events({ timestamp_field: 'at' }), { email: 'e', at: '2024-02-30' }, 'timestamp_field "at" is not a real date and time (day, hour, minute, second or offset out of range)'],
    ['a user without identity', users(), { plan: PII }, 'identity_field "email" is missing from the record (names are case-sensitive; dot paths read nested objects)'],
    ['an account id that is a boolean', accounts(), { org_id: true, name: PII }, 'account_id_field "org_id" is a boolean; expected a non-empty string or a number'],
    ['an empty account id', accounts(), { org_id: '', name: PII }, 'account_id_field "org_id" is empty'],
  ])('%s', (_title, m, data, reason) => {
    const result = compileMapper(m, stream).map(data);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.reason).not.toContain('jane');
    if (!result.ok) expect(result.category).not.toContain('jane');
  });

  it('a record nested deeper than the call stack is rejected, not thrown', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    const result = compileMapper(events(), stream).map({ email: 'e', deep });
    expect(result).toMatchObject({ ok: false, reason: 'the record is nested too deeply to map' });
  });

  it('records rejected for the same problem of the same field share one category, whatever their values', () => {
    const mapper = compileMapper(events({ timestamp_field: 'at' }), stream);
    const categoryOf = (data: Record<string, unknown>) => {
      const result = mapper.map(data);
      return result.ok ? undefined : result.category;
    };
    expect(categoryOf({ email: 'a', at: 'soon' })).toBe(categoryOf({ email: 'b', at: 'yesterday' }));
    expect(categoryOf({ email: true })).toBe(categoryOf({ email: { deep: 1 } }));
    expect(categoryOf({ other: 1 })).not.toBe(categoryOf({ email: true }));
  });
});
