import { describe, expect, it } from 'vitest';
import { Mapping } from '../../src/config/schema.js';
import { parseLine } from '../../src/input/parse.js';
import { mapRecord } from '../../src/mapping/map-record.js';
import { compileMapper } from '../../src/mapping/mapper.js';
import type { MapResult } from '../../src/mapping/types.js';

/** Maps the data of one input line, read as the connector reads it. */
const mapLine = (mapping: Record<string, unknown>, data: string, primaryKey?: string[][]): MapResult => {
  const text = `{"type":"RECORD","record":{"stream":"s","data":${data},"emitted_at":1}}`;
  const parsed = parseLine(text);
  if (parsed.kind !== 'record') throw new Error(`expected a record, got ${parsed.kind}`);
  return mapRecord(compileMapper(Mapping.parse({ stream: 's', ...mapping }), { name: 's', primaryKey }), parsed.message.record.data, text, parseLine);
};
const ok = (result: MapResult) => {
  if (!result.ok) throw new Error(`expected a mapped record, got: ${result.reason}`);
  return result;
};
const events = { sync_type: 'events', identity_field: 'uid', event_name: 'E' };
const users = { sync_type: 'user_properties', identity_field: 'uid' };
const accounts = { sync_type: 'account_properties', account_id_field: 'org' };

describe('a number with a fraction beyond ±(2^53 − 1) as an identifier keeps its text as written', () => {
  it('as an identity (12345678901234567890.5 is not 12345678901234567000)', () => {
    expect(ok(mapLine(users, '{"uid":12345678901234567890.5}')).mapped.item).toMatchObject({ identity: '12345678901234567890.5' });
  });

  it('as an account id, exponent and all', () => {
    expect(ok(mapLine(accounts, '{"org":1.2345678901234567e19}')).mapped.item).toMatchObject({ account_id: '1.2345678901234567e19' });
  });

  it('as a property value it stays the number a double holds', () => {
    expect(ok(mapLine(users, '{"uid":"u","score":12345678901234567890.5}')).mapped.item).toEqual({
      identity: 'u',
      properties: { score: 12345678901234567000 },
    });
  });

  it('in an idempotency key it counts as its double, as JSON.parse read it (keys of earlier versions unchanged)', () => {
    const exact = ok(mapLine(events, '{"uid":"u","n":12345678901234567890.5}')).mapped.item;
    const rounded = ok(mapLine(events, '{"uid":"u","n":12345678901234567000}')).mapped.item;
    expect(exact).toHaveProperty('idempotency_key');
    expect((exact as { idempotency_key: string }).idempotency_key).toBe((rounded as { idempotency_key: string }).idempotency_key);
  });
});

describe('integers beyond ±(2^53 − 1) keep their exact digits', () => {
  it.each([
    ['an identity', users, '{"uid":9007199254740993}', '9007199254740993'],
    ['a negative identity', users, '{"uid":-9007199254740993}', '-9007199254740993'],
    ['a 20-digit identity', events, '{"uid":12345678901234567890}', '12345678901234567890'],
    ['a 25-digit identity', users, '{"uid":1234567890123456789012345}', '1234567890123456789012345'],
  ])('as %s', (_title, mapping, data, identity) => {
    expect(ok(mapLine(mapping, data)).mapped.item).toMatchObject({ identity });
  });

  it('as an account id', () => {
    expect(ok(mapLine(accounts, '{"org":18446744073709551615}')).mapped.item).toMatchObject({ account_id: '18446744073709551615' });
  });

  it('as an event name', () => {
    const mapping = { sync_type: 'events', identity_field: 'uid', event_name_field: 'kind' };
    expect(ok(mapLine(mapping, '{"uid":"u","kind":9007199254740993}')).mapped.item).toMatchObject({ event: '9007199254740993' });
  });

  it('as property values: the string of their digits, also inside arrays and objects', () => {
    const result = ok(
      mapLine(
        users,
        '{"uid":"u","big":9007199254740993,"small":7,"list":[1,9007199254740993],"deep":{"n":-12345678901234567890},"objs":[{"id":9007199254740993}]}',
      ),
    );
    expect(result.mapped.item.properties).toEqual({
      big: '9007199254740993',
      small: 7,
      list: '1||9007199254740993',
      'deep.n': '-12345678901234567890',
      objs: '[{"id":"9007199254740993"}]',
    });
  });

  it.each([
    ['the whole record', {}, undefined],
    ['idempotency_key_fields', { idempotency_key_fields: ['id'] }, undefined],
    ['the catalog primary key', {}, [['id']]],
  ])('in idempotency keys from %s: two rows that differ only there get two keys', (_title, extra, primaryKey) => {
    const keyOf = (id: string) => {
      const item = ok(mapLine({ ...events, ...extra }, `{"uid":"u","id":${id}}`, primaryKey)).mapped.item;
      return (item as { idempotency_key: string }).idempotency_key;
    };
    expect(keyOf('9007199254740993')).not.toBe(keyOf('9007199254740992'));
    expect(keyOf('12345678901234567890')).not.toBe(keyOf('12345678901234567000'));
  });

  it('as an epoch timestamp: read as a number (far past the year 9999 as milliseconds, so rejected, told it looks like microseconds)', () => {
    const result = mapLine({ ...events, timestamp_field: 'at' }, '{"uid":"u","at":90071992547409930}');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('looks like epoch microseconds'), category: expect.stringContaining('epoch microseconds') });
  });
});

describe('a number that overflows a double', () => {
  it('is left out of the properties and counted', () => {
    const result = ok(mapLine(users, '{"uid":"u","x":1e400,"y":-1e400,"list":[1,1e999],"z":2}'));
    expect(result.mapped.item.properties).toEqual({ list: '1', z: 2 });
    expect(result.adjustments.overflowingNumbers).toBe(3);
  });

  it.each([
    ['an identity', users, '{"uid":1e400}', 'identity_field "uid"'],
    ['an account id', accounts, '{"org":-1e400}', 'account_id_field "org"'],
    ['a timestamp', { ...events, timestamp_field: 'at' }, '{"uid":"u","at":1e400}', 'timestamp_field "at"'],
  ])('rejects the record as %s, saying so without the value', (_title, mapping, data, field) => {
    const result = mapLine(mapping, data);
    expect(result.ok).toBe(false);
    const reason = (result as { reason: string }).reason;
    expect(reason).toContain(field);
    expect(reason).toContain('a number too large for a double');
    expect(reason).not.toContain('1e400');
  });
});
