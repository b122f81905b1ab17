import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalRecordWriter } from '../../src/mapping/canonical-json.js';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['undefined is null', undefined, 'null'],
    ['true', true, 'true'],
    ['an integer', 42, '42'],
    ['a fraction', -1.25, '-1.25'],
    ['negative zero as JSON writes it', -0, '0'],
    ['a large number as JSON writes it', 1e21, '1e+21'],
    ['NaN is null', Number.NaN, 'null'],
    ['a plain string', 'abc', '"abc"'],
    ['a string with a quote is escaped', 'a"b', '"a\\"b"'],
    ['a string with a backslash is escaped', 'a\\b', '"a\\\\b"'],
    ['a string with a newline is escaped', 'a\nb', '"a\\nb"'],
    ['a string with a control character is escaped', 'a\u0001b', '"a\\u0001b"'],
    ['a lone surrogate is escaped', 'a\ud800', '"a\\ud800"'],
    ['a surrogate pair is kept', '\u{1F600}', '"\u{1F600}"'],
    ['non-ASCII text is kept', 'é', '"é"'],
    ['object keys are sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['keys are sorted by code unit, uppercase first', { a: 1, B: 2 }, '{"B":2,"a":1}'],
    ['numeric-looking keys sort as strings', { 10: 'x', 9: 'y', a: 'z' }, '{"10":"x","9":"y","a":"z"}'],
    ['nested objects are sorted too', { z: { d: 1, c: 2 }, y: 0 }, '{"y":0,"z":{"c":2,"d":1}}'],
    ['objects inside arrays are sorted', [{ b: 1, a: 2 }], '[{"a":2,"b":1}]'],
    ['array order is kept', [3, 1, 2], '[3,1,2]'],
    ['undefined object members are left out', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined array items are null', [undefined], '[null]'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
    ['keys needing escapes are escaped', { 'a"b': 1 }, '{"a\\"b":1}'],
  ])('%s', (_title, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('sorts records with more keys than an insertion sort takes', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${String(99 - i).padStart(2, '0')}`);
    const record = Object.fromEntries(keys.map((key) => [key, 1]));
    const expected = `{${[...keys].sort().map((key) => `"${key}":1`).join(',')}}`;
    expect(canonicalJson(record)).toBe(expected);
  });

  it('equals JSON.stringify of the same data with keys inserted in sorted order', () => {
    const value = { s: 'tab\there', n: [1.5, -2, 0], o: { y: null, x: 'x' }, t: true };
    expect(canonicalJson(value)).toBe('{"n":[1.5,-2,0],"o":{"x":"x","y":null},"s":"tab\\there","t":true}');
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('canonicalRecordWriter', () => {
  it.each<[string, Record<string, unknown>[]]>([
    ['records of one shape', [{ b: 1, a: 2 }, { b: 3, a: 4 }]],
    ['a record whose keys come in another order', [{ b: 1, a: 2 }, { a: 4, b: 3 }]],
    ['a record with one key more', [{ b: 1, a: 2 }, { b: 1, a: 2, c: 3 }]],
    ['a record with one key less', [{ b: 1, a: 2, c: 3 }, { b: 1, a: 2 }]],
    ['a record with the same count of other keys', [{ b: 1, a: 2 }, { b: 1, c: 2 }]],
  ])('writes each of %s as canonicalJson does', (_title, records) => {
    const write = canonicalRecordWriter();
    for (const record of records) expect(write(record)).toBe(canonicalJson(record));
  });
});
