import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../src/input/exact-json.js';
import { ExactNumber } from '../src/input/exact-number.js';
import { parseLine } from '../src/input/parse.js';

describe('parseExactJson reads what JSON.parse reads', () => {
  it.each([
    '{}',
    '[]',
    ' { "a" : 1 , "b" : [ 1 , 2.5 , -3e-2 , 1E5 ] , "c" : { } , "d" : [ ] } ',
    '{"s":"plain","e":"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00","k\\"ey":true,"n":null,"f":false}',
    '{"ends with a backslash\\\\":"\\\\","x":"\\\\\\""}',
    '{"a":1,"a":2,"b":3}',
    '{"__proto__":{"polluted":true},"constructor":1}',
    '{"n":[0,-0,1.10,9007199254740991,-9007199254740991,1.5e-300,123.456e-5,0.12345678901234567]}',
    '{"a":[[[[{"b":[{}]}]]]],"z":"\\u0000"}',
  ])('%s', (text) => {
    const value = parseExactJson(text);
    expect(value).toStrictEqual(JSON.parse(text));
    expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('makes "__proto__" an own member, never the prototype', () => {
    const value = parseExactJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('reads nesting 300,000 levels deep without running out of stack', () => {
    const depth = 300_000;
    const value = parseExactJson(`${'{"a":'.repeat(depth)}9007199254740993${'}'.repeat(depth)}`);
    let inner: unknown = value;
    for (let i = 0; i < depth; i++) inner = (inner as { a: unknown }).a;
    expect(inner).toEqual(ExactNumber.integer('9007199254740993'));
  });
});

describe('parseExactJson keeps what a double cannot hold', () => {
  it.each([
    ['2^53 + 1', '9007199254740993'],
    ['2^53', '9007199254740992'],
    ['-(2^53 + 1)', '-9007199254740993'],
    ['a 20-digit bigint', '12345678901234567890'],
    ['a 400-digit integer', `1${'0'.repeat(400)}`],
  ])('an integer beyond ±(2^53 − 1): %s', (_title, literal) => {
    const value = parseExactJson(`{"v":${literal}}`) as { v: unknown };
    expect(value.v).toBeInstanceOf(ExactNumber);
    expect(value.v).toMatchObject({ text: literal, overflows: false });
  });

  it.each(['1e400', '-1e400', '1.5E+309', `1${'0'.repeat(400)}.5`])('a number that overflows a double: %s', (literal) => {
    const value = parseExactJson(`[${literal}]`) as unknown[];
    expect(value[0]).toMatchObject({ text: literal, overflows: true });
  });

  it.each(['9007199254740991', '4503599627370495.5', '1e15', '-1.5e-300', '1e-400'])('a number within ±(2^53 − 1) stays a number: %s', (literal) => {
    expect(parseExactJson(`[${literal}]`)).toEqual([Number(literal)]);
  });

  it.each(['1e21', '1.5e300', '12345678901234567.5', '-9007199254740992.0'])(
    'a number with a fraction or an exponent beyond ±(2^53 − 1) keeps its text, and stands for its double: %s',
    (literal) => {
      const [value] = parseExactJson(`[${literal}]`) as unknown[];
      expect(value).toBeInstanceOf(ExactNumber);
      expect(value).toMatchObject({ text: literal, overflows: false, decimal: true, double: Number(literal) });
      expect(JSON.stringify(value)).toBe(JSON.stringify(Number(literal)));
    },
  );
});

describe('parseLine', () => {
  const record = (data: string) => `{"type":"RECORD","record":{"stream":"s","data":${data},"emitted_at":1}}`;

  it('reading exactly, hands the mapping exact numbers where a double cannot hold them', () => {
    const parsed = parseLine(record('{"id":9007199254740993,"n":1e400,"ok":5}'), 'exact');
    if (parsed.kind !== 'record') throw new Error(parsed.kind);
    expect(parsed.message.record.data).toEqual({ id: ExactNumber.integer('9007199254740993'), n: ExactNumber.overflowing('1e400'), ok: 5 });
  });

  it('reading exactly, keeps an exact emitted_at a valid record', () => {
    const parsed = parseLine('{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":17000000000000000001}}', 'exact');
    if (parsed.kind !== 'record') throw new Error(parsed.kind);
    expect(parsed.message.record.emitted_at).toEqual(ExactNumber.integer('17000000000000000001'));
  });

  it('hands the mapping what JSON.parse gives when no number needs it', () => {
    const parsed = parseLine(record('{"id":"9007199254740993","n":1.10}'));
    if (parsed.kind !== 'record') throw new Error(parsed.kind);
    expect(parsed.message.record.data).toEqual({ id: '9007199254740993', n: 1.1 });
  });

  it('reads a record with JSON.parse alone, long numbers and all: the mapping asks for the exact reading when it needs it', () => {
    const parsed = parseLine(record('{"id":9007199254740993,"n":1e400}'));
    if (parsed.kind !== 'record') throw new Error(parsed.kind);
    expect(parsed.message.record.data).toEqual({ id: 9007199254740992, n: Infinity });
  });
});
