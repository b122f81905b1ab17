import { describe, expect, it } from 'vitest';
import { Mapping } from '../../src/config/schema.js';
import { bareRecordParser } from '../../src/input/bare.js';
import { parseLine, type LineParser } from '../../src/input/parse.js';
import { canonicalJson } from '../../src/mapping/canonical-json.js';
import { mapRecord } from '../../src/mapping/map-record.js';
import { compileMapper } from '../../src/mapping/mapper.js';
import { compileObjectMapper } from '../../src/mapping/object-mapper.js';
import type { MapResult, RecordMapper } from '../../src/mapping/types.js';

const lineOf = (data: string) => `{"type":"RECORD","record":{"stream":"s","data":${data},"emitted_at":1}}`;
const mapperOf = (mapping: Record<string, unknown>, primaryKey?: string[][]) =>
  compileMapper(Mapping.parse({ stream: 's', ...mapping }), { name: 's', primaryKey });

/** Maps one line as the connector does, counting how often it was read exactly. */
function run(mapper: RecordMapper, data: string, parse: LineParser = parseLine): { result: MapResult; exactReads: number } {
  let exactReads = 0;
  const counting: LineParser = (text, reading) => {
    if (reading === 'exact') exactReads += 1;
    return parse(text, reading);
  };
  const text = parse === parseLine ? lineOf(data) : data;
  const parsed = counting(text);
  if (parsed.kind !== 'record') throw new Error(`expected a record, got ${parsed.kind}`);
  return { result: mapRecord(mapper, parsed.message.record.data, text, counting), exactReads };
}

/** What the mapping of the exact reading gives: what every record gave when all long numbers were read exactly. */
function mapExactly(mapper: RecordMapper, data: string): MapResult {
  const parsed = parseLine(lineOf(data), 'exact');
  if (parsed.kind !== 'record') throw new Error(parsed.kind);
  return mapper.map(parsed.message.record.data, true);
}

const ok = (result: MapResult) => {
  if (!result.ok) throw new Error(`expected a mapped record, got: ${result.reason}`);
  return result;
};
const keyOf = (result: MapResult) => (ok(result).mapped.item as { idempotency_key: string }).idempotency_key;

const events = { sync_type: 'events', identity_field: 'uid', event_name: 'E', idempotency_key_fields: ['seq'] };
const users = { sync_type: 'user_properties', identity_field: 'uid' };

describe('a record whose long numbers the mapping does not use is read once', () => {
  it('a long number in an excluded field: the rest is sent, no exact reading', () => {
    const mapper = mapperOf({ ...events, exclude_fields: ['big', 'nested'] });
    const { result, exactReads } = run(mapper, '{"uid":"u","seq":1,"big":9007199254740993,"nested":{"n":[1e400]},"plan":"pro"}');
    expect(exactReads).toBe(0);
    expect(ok(result).mapped.item.properties).toEqual({ seq: 1, plan: 'pro' });
  });

  it('a long number outside the include_fields', () => {
    const { result, exactReads } = run(
      mapperOf({ ...users, include_fields: ['plan'] }),
      '{"uid":"u","big":-12345678901234567890,"plan":"pro"}',
    );
    expect(exactReads).toBe(0);
    expect(ok(result).mapped.item.properties).toEqual({ plan: 'pro' });
  });

  it('a long number in a user property named id, which is left out', () => {
    const { result, exactReads } = run(mapperOf(users), '{"uid":"u","ID":9007199254740993,"plan":"pro"}');
    expect(exactReads).toBe(0);
    expect(ok(result)).toMatchObject({ mapped: { item: { properties: { plan: 'pro' } } }, adjustments: { droppedIdKeys: 1 } });
  });

  it('a 16-digit run inside a string', () => {
    const { result, exactReads } = run(
      mapperOf(users),
      '{"uid":"12345678901234567890","s":"9007199254740993","t":"a 1234567890123456789012 b"}',
    );
    expect(exactReads).toBe(0);
    expect(ok(result).mapped.item).toEqual({
      identity: '12345678901234567890',
      properties: { s: '9007199254740993', t: 'a 1234567890123456789012 b' },
    });
  });

  it('an epoch timestamp beyond 2^53: read as a double either way, so rejected (out of range, as microseconds by its size) without an exact reading', () => {
    const mapping = { ...events, timestamp_field: 'at' };
    const { result, exactReads } = run(mapperOf(mapping), '{"uid":"u","seq":1,"at":90071992547409930}');
    expect(exactReads).toBe(0);
    expect(result).toEqual(mapExactly(mapperOf(mapping), '{"uid":"u","seq":1,"at":90071992547409930}'));
    expect(result).toMatchObject({ ok: false, category: 'timestamp_field "at": epoch microseconds' });
  });

  it('a record rejected before any long number is used', () => {
    const { result, exactReads } = run(mapperOf(users), '{"uid":"","big":9007199254740993}');
    expect(exactReads).toBe(0);
    expect(result).toMatchObject({ ok: false, category: 'identity_field "uid": empty' });
  });
});

describe('a long number the mapping uses is read exactly, once, and keeps its digits', () => {
  it.each([
    ['as an identity', users, '{"uid":9007199254740993}', { identity: '9007199254740993' }],
    [
      'as an event name',
      { ...events, event_name: undefined, event_name_field: 'kind' },
      '{"uid":"u","seq":1,"kind":12345678901234567891}',
      { event: '12345678901234567891' },
    ],
    ['as a property', users, '{"uid":"u","big":-9007199254740993}', { properties: { big: '-9007199254740993' } }],
    ['in an array property', users, '{"uid":"u","list":["a",9007199254740993]}', { properties: { list: 'a||9007199254740993' } }],
    [
      'in an object inside an array property',
      users,
      '{"uid":"u","objs":[{"deep":[9007199254740993]}]}',
      { properties: { objs: '[{"deep":["9007199254740993"]}]' } },
    ],
  ])('%s', (_title, mapping, data, item) => {
    const mapper = mapperOf(mapping);
    const { result, exactReads } = run(mapper, data);
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item).toMatchObject(item);
    expect(result).toEqual(mapExactly(mapper, data));
  });

  it('as an account id', () => {
    const mapper = mapperOf({ sync_type: 'account_properties', account_id_field: 'org' });
    const { result, exactReads } = run(mapper, '{"org":18446744073709551615}');
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item).toMatchObject({ account_id: '18446744073709551615' });
  });

  it.each([
    ['idempotency_key_fields', { ...events, idempotency_key_fields: ['id'], exclude_fields: ['id'] }, undefined],
    ['the catalog primary key', { ...events, idempotency_key_fields: undefined, exclude_fields: ['id'] }, [['id']]],
    [
      'the whole record, the number being excluded from the properties',
      { ...events, idempotency_key_fields: undefined, exclude_fields: ['id'] },
      undefined,
    ],
  ])('in an idempotency key from %s: two rows that differ only there get two keys', (_title, mapping, primaryKey) => {
    const mapper = mapperOf(mapping, primaryKey);
    const a = run(mapper, '{"uid":"u","seq":1,"id":9007199254740993}');
    const b = run(mapper, '{"uid":"u","seq":1,"id":9007199254740992}');
    expect([a.exactReads, b.exactReads]).toEqual([1, 1]);
    expect(keyOf(a.result)).not.toBe(keyOf(b.result));
    expect(a.result).toEqual(mapExactly(mapper, '{"uid":"u","seq":1,"id":9007199254740993}'));
  });

  it('a 400-digit integer, which JSON.parse makes Infinity, is the string of its digits', () => {
    const digits = `1${'0'.repeat(400)}`;
    const { result, exactReads } = run(mapperOf(users), `{"uid":"u","big":${digits}}`);
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item.properties).toEqual({ big: digits });
  });
});

describe('a number JSON.parse holds as it is is read exactly at most once: no loop', () => {
  it.each([
    ['2^53 as an identity', users, '{"uid":9007199254740992}', { identity: '9007199254740992' }],
    ['2^53 written with a fraction (an identity keeps its text as written)', users, '{"uid":9007199254740992.0}', { identity: '9007199254740992.0' }],
    ['1.5e17 as a property', users, '{"uid":"u","n":1.5e17}', { properties: { n: 150000000000000000 } }],
    [
      '-1.5e17 in a whole-record key',
      { ...events, idempotency_key_fields: undefined },
      '{"uid":"u","seq":1,"n":-1.5e17}',
      { properties: { n: -150000000000000000 } },
    ],
  ])('%s', (_title, mapping, data, item) => {
    const mapper = mapperOf(mapping);
    const { result, exactReads } = run(mapper, data);
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item).toMatchObject(item);
  });

  it('mapping the exact reading never asks again', () => {
    const text = lineOf('{"uid":9007199254740992,"n":1.5e17}');
    const parsed = parseLine(text, 'exact');
    if (parsed.kind !== 'record') throw new Error(parsed.kind);
    expect(mapperOf(users).map(parsed.message.record.data, true)).toMatchObject({ ok: true });
    // JSON.parse's reading of the same line is what asks for the exact one.
    const fast = parseLine(text);
    if (fast.kind !== 'record') throw new Error(fast.kind);
    expect(mapperOf(users).map(fast.message.record.data)).toMatchObject({ ok: false, inexact: true });
  });
});

describe('a number that overflows a double (±1e400) behaves as when every long number was read exactly', () => {
  it('as a property: left out and counted', () => {
    const mapper = mapperOf(users);
    const data = '{"uid":"u","x":1e400,"y":-1e400,"list":[1,-1e999],"z":2}';
    const { result, exactReads } = run(mapper, data);
    expect(exactReads).toBe(1);
    expect(ok(result)).toMatchObject({ mapped: { item: { properties: { list: '1', z: 2 } } }, adjustments: { overflowingNumbers: 3 } });
    expect(result).toEqual(mapExactly(mapper, data));
  });

  it.each([
    ['an identity (1e400)', users, '{"uid":1e400}'],
    ['an identity (-1e400)', users, '{"uid":-1e400}'],
    ['an event name', { ...events, event_name: undefined, event_name_field: 'kind' }, '{"uid":"u","seq":1,"kind":1e400}'],
    ['a timestamp', { ...events, timestamp_field: 'at' }, '{"uid":"u","seq":1,"at":-1e400}'],
  ])('as %s: rejected, saying so', (_title, mapping, data) => {
    const mapper = mapperOf(mapping);
    const { result } = run(mapper, data);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('a number too large for a double') });
    expect(result).toEqual(mapExactly(mapper, data));
  });

  it('in a whole-record idempotency key: null, as before', () => {
    const mapper = mapperOf({ ...events, idempotency_key_fields: undefined, exclude_fields: ['x'] });
    const a = run(mapper, '{"uid":"u","seq":1,"x":1e400}');
    const b = run(mapper, '{"uid":"u","seq":1,"x":null}');
    expect(keyOf(a.result)).toBe(keyOf(b.result));
  });
});

describe('the exact reading in shell mode (--stream) and for destination objects', () => {
  it('a bare JSON object line is read again by the shell-mode parser', () => {
    const { result, exactReads } = run(mapperOf(users), '{"uid":9007199254740993,"n":1}', bareRecordParser('s', undefined));
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item).toEqual({ identity: '9007199254740993', properties: { n: 1 } });
  });

  it('an events destination object keeps the digits of its identity and idempotency_key', () => {
    const mapper = compileObjectMapper('events', { name: 's' });
    const data = '{"identity":9007199254740993,"event":"E","idempotency_key":12345678901234567891}';
    const { result, exactReads } = run(mapper, data);
    expect(exactReads).toBe(1);
    expect(ok(result).mapped.item).toMatchObject({ identity: '9007199254740993' });
    expect(result).toEqual(mapExactly(mapper, data));
  });
});

describe('the check is on only while a mapper maps', () => {
  it('functions the mapping uses take any number when called on their own, also after a mapping stopped', () => {
    expect(mapperOf(users).map({ uid: 9007199254740992 })).toMatchObject({ ok: false, inexact: true });
    expect(canonicalJson([9007199254740992, Infinity])).toBe('[9007199254740992,null]');
  });

  it('an inexact result is not a rejection the caller could mistake for one of the record: it says what to do', () => {
    expect(mapperOf(users).map({ uid: 9007199254740992 })).toEqual({
      ok: false,
      inexact: true,
      reason: expect.stringContaining('exact'),
      category: 'inexact',
    });
  });
});
