/**
 * Golden idempotency keys: what version 0.1.0 computed for these input lines, from the raw line
 * through the parser to the key. Changing any of them changes the key of events already sent, and
 * Heap would take a re-sent event as new. Do not update them to make a test pass.
 */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/input/parse.js';
import { compileIdempotencyKey } from '../../src/mapping/idempotency.js';
import type { StreamInfo } from '../../src/mapping/types.js';

const GOLDEN: [title: string, stream: StreamInfo, fields: string[] | undefined, data: string, key: string][] = [
  [
    'integers and floats, whole record',
    { name: 'orders' },
    undefined,
    String.raw`{"id":42,"total":1.10,"qty":3,"ratio":0.1,"neg":-7.5e-3}`,
    'aNdGt6AsmvA0UCvfeD1QKzjFrBpFOD-xvfcOtr1WHi4',
  ],
  [
    '1.10 and 1.1 are the same number',
    { name: 'orders' },
    undefined,
    String.raw`{"id":42,"total":1.1,"qty":3,"ratio":0.1,"neg":-0.0075}`,
    'aNdGt6AsmvA0UCvfeD1QKzjFrBpFOD-xvfcOtr1WHi4',
  ],
  [
    'big but safe integers and exponents',
    { name: 'orders' },
    undefined,
    String.raw`{"max":9007199254740991,"min":-9007199254740991,"e":1e21,"f":1.5E+300,"g":2e-7}`,
    'opJdxNJMrK9Qp7wZNVlMZgXUBEeCAcKWQLGaHoiXJc8',
  ],
  [
    'nested objects and arrays',
    { name: 'orders', namespace: 'shop' },
    undefined,
    String.raw`{"user":{"plan":"pro","seats":[1,2,{"z":null,"a":true}]},"tags":["a","b"],"empty":{},"none":null}`,
    'XXpJPIg5IaBKnwS-cELuG1cUdt4Wt7ciAVUnHOXuQNk',
  ],
  [
    'unicode and escapes',
    { name: 'people', namespace: 'crm' },
    undefined,
    String.raw`{"name":"Zoë 山田 \ud83d\ude00","quote":"say \"hi\"\n","ctl":"\u0001","é":1}`,
    '7XPDUM-NzI6vSN78yYIkGN_JRDNi5NuzceP72HPaSJw',
  ],
  [
    'keys needing a sort by code units',
    { name: 'orders' },
    undefined,
    String.raw`{"b":1,"B":2,"a":3,"_":4,"ä":5,"aa":6,"":7}`,
    '8_Mkmw05T9VqgelhYMopR-FZGYlGfXnTHsdMmOrhVCo',
  ],
  [
    'idempotency_key_fields',
    { name: 'orders' },
    ['order_id', 'line'],
    String.raw`{"order_id":12345,"line":2,"total":9.99}`,
    'v9TLvHTAF2Ogaw92lz3upqKQd90hDU26rM1oiFsIV2s',
  ],
  [
    'idempotency_key_fields with a dot path and a missing field',
    { name: 'orders', namespace: 'shop' },
    ['user.id', 'gone'],
    String.raw`{"user":{"id":"u-1" },"total":9.99}`,
    'iKX9T535lIoLvUOdC26osbQsuBglSCYuk3gOx5LVMgE',
  ],
  [
    'idempotency_key_fields holding an object and a float',
    { name: 'orders' },
    ['order', 'amount'],
    String.raw`{"order":{"v":2,"id":1},"amount":10.50}`,
    'JDQaPqQwcsl0xq3r235XLmgboIM65mnybBfkIJ0KZ2E',
  ],
  [
    'primary key from the catalog',
    { name: 'orders', primaryKey: [['id'], ['meta', 'rev']] },
    undefined,
    String.raw`{"id":"a1","meta":{"rev":3},"x":1}`,
    '4u0UIIV2YNuMC2VD6dWwekapGWfl5Z0_QfDL9aOT7Iw',
  ],
  [
    'primary key with a missing part',
    { name: 'orders', primaryKey: [['id'], ['meta', 'rev']] },
    undefined,
    String.raw`{"id":"a1" }`,
    'ctAlnUTFSZXwrSuYBDlFvtS0lQaz4mVRJ7PA1HJ2v3c',
  ],
  [
    'an empty namespace string',
    { name: 'orders', namespace: '' },
    undefined,
    String.raw`{"id":1}`,
    'VA49gXr8QbAG_eiquwVYVWfxfldeB37GSBN7qWWMr9U',
  ],
  [
    'a 15-digit integer and a 13-digit epoch',
    { name: 'events' },
    undefined,
    String.raw`{"id":123456789012345,"at":1700000000000,"s":"12345678901234567890" }`,
    'H0ih58K1JgiI5PPh-Q6RKKMLmCW8HflSNcTSZqoxuyc',
  ],
  [
    '__proto__ and constructor keys',
    { name: 'orders' },
    undefined,
    String.raw`{"__proto__":{"x":1},"constructor":"c","id":1}`,
    'NppAmXVT2mxf22gIOhit3BX_lIRfeKoKK-kJuCEpGSM',
  ],
  [
    'long fractions and large exponents',
    { name: 'orders' },
    undefined,
    String.raw`{"f":0.12345678901234567,"g":1234567890123456.5,"e":1e300,"n":-2.5E+100}`,
    'RbdKF-RscH1M5T0UBqllcMS7GKtw09Mi9zCBsDdS4Ug',
  ],
  [
    'integers beyond 2^53 that a double prints digit for digit',
    { name: 'orders' },
    ['a', 'b', 'c'],
    String.raw`{"a":9007199254740992,"b":10000000000000000000,"c":-9007199254740992}`,
    'ebbrMClpTHHju6PT9iw-J7aCN7VLTmX-GVJC2qmAF-A',
  ],
  [
    'a number that overflows a double counts as null',
    { name: 'orders' },
    ['id', 'x'],
    String.raw`{"id":1,"x":1e400}`,
    'gwkfZd8YD58LeAwn0AT9pnBKbxOpU3fMvZJtGDHTU9c',
  ],
  [
    'an overflowing number in the whole record',
    { name: 'orders' },
    undefined,
    String.raw`{"id":1,"x":-1e400,"y":[1e999]}`,
    'C_-C9Oc-M4vmnSsiSU-urPtAEcYVRJi3Xk87L5yPdf0',
  ],
];

describe('idempotency keys of 0.1.0 are kept byte for byte', () => {
  it.each(GOLDEN)('%s', (_title, stream, fields, data, key) => {
    const line = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream.name)},"data":${data},"emitted_at":1}}`;
    const parsed = parseLine(line);
    if (parsed.kind !== 'record') throw new Error(`expected a record, got ${parsed.kind}`);
    expect(compileIdempotencyKey(stream, fields)(parsed.message.record.data)).toBe(key);
  });
});
