import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileIdempotencyKey, idempotencySource } from '../../src/mapping/idempotency.js';
import type { StreamInfo } from '../../src/mapping/types.js';

const orders: StreamInfo = { name: 'orders' };
const keyOf = (stream: StreamInfo, fields: string[] | undefined, data: Record<string, unknown>) =>
  compileIdempotencyKey(stream, fields)(data);
const sha = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('idempotency keys are pinned', () => {
  // Changing any of these changes the key of every event already sent: Heap would take a
  // re-sent event as new. Do not update them to make a test pass.
  it.each<[string, StreamInfo, string[] | undefined, Record<string, unknown>, string, string]>([
    ['one field, no namespace', orders, ['id'], { id: 42, x: 1 }, '[null,"orders",[42]]', '_b0-2W8p_Nr_nF2r4U9-P3XiCiC9TlGOD9XHBGmGrc8'],
    ['a missing field counts as null', orders, ['uid', 'gone'], { uid: 'u1' }, '[null,"orders",["u1",null]]', 'p1EFip47b5fbLcNTppMPpUWPNhjH0M8CJGO9xxsKKgA'],
    [
      'the whole record, with a namespace',
      { name: 'orders', namespace: 'shop' },
      undefined,
      { id: 42, b: true, a: { y: [2, { q: 'é', p: null }], x: 1 } },
      '["shop","orders",{"a":{"x":1,"y":[2,{"p":null,"q":"é"}]},"b":true,"id":42}]',
      'LZ3pI4JGPeGr4FZOE4XMsT7y0qtP7dxB-G8a6WUbAlQ',
    ],
  ])('%s', (_title, stream, fields, data, canonical, key) => {
    expect(sha(canonical)).toBe(key);
    expect(keyOf(stream, fields, data)).toBe(key);
  });

  it('is 43 base64url characters', () => {
    expect(keyOf(orders, undefined, { a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('the same row always gives the same key', () => {
  it.each<[string, string[] | undefined, Record<string, unknown>, Record<string, unknown>]>([
    ['whole record, keys reordered', undefined, { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['whole record, nested keys reordered', undefined, { a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }],
    ['fields, keys of the record reordered', ['id'], { id: 1, other: 2 }, { other: 2, id: 1 }],
    ['fields, an object value with keys reordered', ['order'], { order: { id: 1, v: 2 } }, { order: { v: 2, id: 1 } }],
    ['fields, other fields changed', ['id'], { id: 1, status: 'new' }, { id: 1, status: 'paid' }],
    ['a missing field and a null field', ['id', 'sub'], { id: 1 }, { id: 1, sub: null }],
  ])('%s', (_title, fields, a, b) => {
    const compiled = compileIdempotencyKey(orders, fields);
    expect(compiled(a)).toBe(compiled(b));
    expect(compileIdempotencyKey(orders, fields)(b)).toBe(compiled(a));
  });
});

describe('different rows give different keys', () => {
  it.each<[string, StreamInfo, StreamInfo, string[] | undefined, Record<string, unknown>, Record<string, unknown>]>([
    ['another stream', orders, { name: 'refunds' }, ['id'], { id: 1 }, { id: 1 }],
    ['another namespace', { name: 'orders', namespace: 'a' }, { name: 'orders', namespace: 'b' }, ['id'], { id: 1 }, { id: 1 }],
    ['a namespace and none', { name: 'orders', namespace: 'a' }, orders, ['id'], { id: 1 }, { id: 1 }],
    ['another value', orders, orders, ['id'], { id: 1 }, { id: 2 }],
    ['a number and its string', orders, orders, ['id'], { id: 1 }, { id: '1' }],
    ['values in another order', orders, orders, ['a', 'b'], { a: 1, b: 2 }, { a: 2, b: 1 }],
    ['the whole record with one value changed', orders, orders, undefined, { a: 1, b: 2 }, { a: 1, b: 3 }],
  ])('%s', (_title, streamA, streamB, fields, a, b) => {
    expect(keyOf(streamA, fields, a)).not.toBe(keyOf(streamB, fields, b));
  });
});

describe('where the values come from', () => {
  it.each<[string, StreamInfo, string[] | undefined, ReturnType<typeof idempotencySource>['kind']]>([
    ['idempotency_key_fields when set', { name: 's', primaryKey: [['id']] }, ['uid'], 'fields'],
    ['the catalog primary key otherwise', { name: 's', primaryKey: [['id']] }, undefined, 'primary_key'],
    ['the whole record without a primary key', { name: 's' }, undefined, 'record'],
    ['the whole record with an empty primary key', { name: 's', primaryKey: [] }, undefined, 'record'],
  ])('%s', (_title, stream, fields, kind) => {
    expect(idempotencySource(stream, fields).kind).toBe(kind);
  });

  it('the primary key default hashes the primary key values', () => {
    const stream: StreamInfo = { name: 'orders', primaryKey: [['id'], ['line', 'no']] };
    const key = keyOf(stream, undefined, { id: 42, line: { no: 3 }, status: 'x' });
    expect(key).toBe(sha('[null,"orders",[42,3]]'));
    expect(keyOf(stream, undefined, { id: 42, line: { no: 3 }, status: 'y' })).toBe(key);
  });

  it('a primary key path missing from the record counts as null', () => {
    const stream: StreamInfo = { name: 'orders', primaryKey: [['id'], ['line', 'no']] };
    expect(keyOf(stream, undefined, { id: 42 })).toBe(sha('[null,"orders",[42,null]]'));
  });

  it('the whole record default hashes the record itself, not a list', () => {
    expect(keyOf(orders, undefined, { a: 1 })).toBe(sha('[null,"orders",{"a":1}]'));
  });

  it('idempotency fields may be dot paths', () => {
    expect(keyOf(orders, ['order.id'], { order: { id: 7 } })).toBe(sha('[null,"orders",[7]]'));
  });
});
