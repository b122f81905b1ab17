import { describe, expect, it } from 'vitest';
import { compileField, comparePrecedence, flattenRecord, resolveField, resolveKeyPath, walkLeaves } from '../../src/mapping/fields.js';

describe('resolveField', () => {
  it.each<[string, Record<string, unknown>, string, unknown]>([
    ['a top-level key', { email: 'a' }, 'email', 'a'],
    ['a dot path into a nested object', { user: { email: 'b' } }, 'user.email', 'b'],
    ['a deep dot path', { a: { b: { c: 3 } } }, 'a.b.c', 3],
    ['an exact key wins over a path', { 'user.email': 'a', user: { email: 'b' } }, 'user.email', 'a'],
    ['an exact key wins over a path whatever the key order', { user: { email: 'b' }, 'user.email': 'a' }, 'user.email', 'a'],
    ['a longer literal first key wins over a shorter one', { 'a.b': { c: 1 }, a: { b: { c: 2 } } }, 'a.b.c', 1],
    ['an exact key holding null does not hide the path', { 'user.email': null, user: { email: 'b' } }, 'user.email', 'b'],
    ['an exact key holding an empty array does not hide the path', { 'user.tags': [], user: { tags: ['x'] } }, 'user.tags', ['x']],
    ['null is returned when nothing better exists', { email: null }, 'email', null],
    ['null at the end of a path is returned', { user: { email: null } }, 'user.email', null],
    ['a missing key is undefined', { other: 1 }, 'email', undefined],
    ['a missing nested key is undefined', { user: {} }, 'user.email', undefined],
    ['a path through a scalar is undefined', { user: 'x' }, 'user.email', undefined],
    ['a path does not index into arrays', { items: [{ id: 1 }] }, 'items.0.id', undefined],
    ['a field naming a nested object gives the object', { user: { plan: 'pro' } }, 'user', { plan: 'pro' }],
    ['inherited properties are not fields', {}, 'constructor', undefined],
    ['inherited properties are not fields on a path', { user: {} }, 'user.toString', undefined],
    ['falsy values are found', { n: 0 }, 'n', 0],
  ])('%s', (_title, data, field, expected) => {
    expect(resolveField(data, compileField(field))).toEqual(expected);
  });
});

describe('resolveKeyPath', () => {
  it.each<[string, Record<string, unknown>, string[], unknown]>([
    ['a single key', { id: 7 }, ['id'], 7],
    ['a nested path', { user: { id: 7 } }, ['user', 'id'], 7],
    ['a key containing a dot is taken literally', { 'user.id': 7, user: { id: 8 } }, ['user.id'], 7],
    ['a missing key is undefined', { id: 7 }, ['uid'], undefined],
    ['a path through a scalar is undefined', { user: 1 }, ['user', 'id'], undefined],
    ['an empty path is undefined', { id: 7 }, [], undefined],
  ])('%s', (_title, data, keys, expected) => {
    expect(resolveKeyPath(data, keys)).toEqual(expected);
  });
});

describe('flattenRecord', () => {
  const flat = (data: Record<string, unknown>) => flattenRecord(data).map((leaf) => [leaf.name, leaf.value]);

  it.each<[string, Record<string, unknown>, [string, unknown][]]>([
    ['a nested object becomes dot keys', { a: { b: 1 } }, [['a.b', 1]]],
    ['deep nesting becomes deep dot keys', { a: { b: { c: 'x' } } }, [['a.b.c', 'x']]],
    ['the record field order is kept', { z: 1, a: { y: 2, b: 3 }, m: 4 }, [['z', 1], ['a.y', 2], ['a.b', 3], ['m', 4]]],
    ['arrays are leaves, not walked', { tags: ['a', { b: 1 }] }, [['tags', ['a', { b: 1 }]]]],
    ['null values are skipped', { a: null, b: 1 }, [['b', 1]]],
    ['empty arrays are skipped', { a: [], b: 1 }, [['b', 1]]],
    ['an empty nested object contributes nothing', { a: {}, b: 1 }, [['b', 1]]],
    ['a literal key wins over a flattened path written before it', { user: { email: 'b' }, 'user.email': 'a' }, [['user.email', 'a']]],
    ['a literal key wins over a flattened path written after it', { 'user.email': 'a', user: { email: 'b' } }, [['user.email', 'a']]],
    ['a literal holding null leaves the name to the path', { 'user.email': null, user: { email: 'b' } }, [['user.email', 'b']]],
    ['a longer first key wins among partly literal paths', { a: { b: { c: 2 } }, 'a.b': { c: 1 } }, [['a.b.c', 1]]],
    ['a key of its own "__proto__" is an ordinary leaf', JSON.parse('{"__proto__": 1}') as Record<string, unknown>, [['__proto__', 1]]],
  ])('%s', (_title, data, expected) => {
    expect(flat(data)).toEqual(expected);
  });

  it('resolving any flattened name gives the same value as flattening', () => {
    const data = { 'a.b': { c: 1 }, a: { b: { c: 2, d: 3 }, 'b.d': 4 }, 'x.y': 5, x: { y: 6, z: 7 } };
    for (const leaf of flattenRecord(data)) {
      expect(resolveField(data, compileField(leaf.name))).toEqual(leaf.value);
    }
  });

  it('a descend predicate returning false skips a nested object', () => {
    const names: string[] = [];
    walkLeaves({ a: { b: 1 }, c: { d: 2 } }, (name) => names.push(name), (name) => name !== 'a');
    expect(names).toEqual(['c.d']);
  });
});

describe('comparePrecedence', () => {
  it.each<[string, string[], string[], 'a' | 'b']>([
    ['the whole name as one key wins over a path', ['user.email'], ['user', 'email'], 'a'],
    ['a path loses to the whole name', ['user', 'email'], ['user.email'], 'b'],
    ['the longer first key wins', ['a.b', 'c'], ['a', 'b.c'], 'a'],
    ['after an equal first key, the longer second key wins', ['a', 'b', 'c.d'], ['a', 'b.c', 'd'], 'b'],
  ])('%s', (_title, a, b, winner) => {
    const result = comparePrecedence(a, b);
    expect(winner === 'a' ? result > 0 : result < 0).toBe(true);
  });
});
