import { describe, expect, it } from 'vitest';
import { compileIdempotencyKey } from '../../src/mapping/idempotency.js';
import { compileObjectMapper } from '../../src/mapping/object-mapper.js';
import type { MapResult } from '../../src/mapping/types.js';

const stream = { name: 'orders', namespace: 'shop' };
const mapped = (result: MapResult) => {
  if (!result.ok) throw new Error(`expected the record to map, got: ${result.reason}`);
  return result.mapped;
};
/** The event a record maps to; fails the test for any other item. */
const eventOf = (result: MapResult) => {
  const item = mapped(result);
  if (item.endpoint !== 'track') throw new Error(`expected an event, got an item for ${item.endpoint}`);
  return item.item;
};

describe('the events object', () => {
  const events = compileObjectMapper('events', stream);

  it('takes identity, event, timestamp and idempotency_key from their fields, the rest as properties', () => {
    const item = mapped(events.map({ identity: 'ann', event: 'Paid', timestamp: 1732790400, idempotency_key: 'o-1', total: 5, note: null }));
    expect(item).toEqual({
      endpoint: 'track',
      item: {
        identity: 'ann',
        event: 'Paid',
        timestamp: '2024-11-28T10:40:00.000Z',
        idempotency_key: compileIdempotencyKey(stream, ['idempotency_key'])({ idempotency_key: 'o-1' }),
        properties: { total: 5 },
      },
    });
  });

  it('makes the key from the idempotency_key value alone', () => {
    const a = eventOf(events.map({ identity: 'ann', event: 'Paid', idempotency_key: 7, total: 1 }));
    const b = eventOf(events.map({ identity: 'bob', event: 'Refund', idempotency_key: 7, total: 2 }));
    expect(a.idempotency_key).toBe(b.idempotency_key);
  });

  it('without an idempotency_key (or a null one) falls back to the primary key, else the whole record', () => {
    const keyed = compileObjectMapper('events', { ...stream, primaryKey: [['order_id']] });
    const first = eventOf(keyed.map({ identity: 'ann', event: 'Paid', order_id: 1, total: 1 }));
    const second = eventOf(keyed.map({ identity: 'ann', event: 'Paid', order_id: 1, idempotency_key: null, total: 2 }));
    expect(first.idempotency_key).toBe(second.idempotency_key);
    const whole = eventOf(events.map({ identity: 'ann', event: 'Paid', total: 1 }));
    const other = eventOf(events.map({ identity: 'ann', event: 'Paid', total: 2 }));
    expect(whole.idempotency_key).not.toBe(other.idempotency_key);
  });

  it('leaves the timestamp to Heap when the record has no timestamp field', () => {
    expect('timestamp' in eventOf(events.map({ identity: 'ann', event: 'Paid' }))).toBe(false);
  });

  it.each([
    ['a null timestamp', { identity: 'ann', event: 'Paid', timestamp: null }, 'field "timestamp"'],
    ['an unreadable timestamp', { identity: 'ann', event: 'Paid', timestamp: 'yesterday' }, 'field "timestamp"'],
    ['no identity', { event: 'Paid' }, 'field "identity"'],
    ['no event', { identity: 'ann' }, 'field "event"'],
  ])('rejects a record with %s, naming the field and not the value', (_what, data, named) => {
    const result = events.map(data);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.startsWith(named)).toBe(true);
      expect(result.reason).not.toContain('yesterday');
    }
  });
});

describe('the property objects', () => {
  it('user_properties: identity decides the user; id keys are left out and counted', () => {
    const result = compileObjectMapper('user_properties', stream).map({ identity: 42, plan: 'pro', Id: 1, event: 'kept' });
    expect(mapped(result)).toEqual({ endpoint: 'users', item: { identity: '42', properties: { plan: 'pro', event: 'kept' } } });
    expect(result.ok && result.adjustments.droppedIdKeys).toBe(1);
  });

  it('account_properties: account_id decides the account; every other field is a property', () => {
    const result = compileObjectMapper('account_properties', stream).map({ account_id: 'acme', identity: 'x', tier: { level: 2 } });
    expect(mapped(result)).toEqual({ endpoint: 'accounts', item: { account_id: 'acme', properties: { identity: 'x', 'tier.level': 2 } } });
  });
});
