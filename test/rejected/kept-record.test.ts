import { describe, expect, it } from 'vitest';
import { keptRecordLine, type Rejection } from '../../src/rejected/kept-record.js';

const rejection: Rejection = { reason: 'identity_field "u" is missing', by: 'mapping', input_line: 7, rejected_at: '2026-12-07T15:00:00.000Z', connector_version: '0.1.0' };

describe('a kept record line', () => {
  it('is a RECORD message with the data text as received, plus the rejection', () => {
    const text = '{"type":"RECORD","record":{"stream":"s","namespace":"n","data":{"big":12345678901234567890,"x":1.0,"e":1E400},"emitted_at":1700000000000}}';
    const line = keptRecordLine({ stream: 's', namespace: 'n', text, bare: false }, rejection);
    expect(line).toBe(
      '{"type":"RECORD","record":{"stream":"s","namespace":"n","data":{"big":12345678901234567890,"x":1.0,"e":1E400},"emitted_at":1700000000000},' +
        `"rejection":${JSON.stringify(rejection)}}`,
    );
  });

  it('keeps the data of a line with spaces, other fields and members in any order', () => {
    const text = ' { "record" : { "emitted_at" : 5 , "data" : { "a" : [ 1.50 ] } , "stream" : "s" } , "type" : "RECORD" , "extra" : {"data":1} } ';
    const line = keptRecordLine({ stream: 's', namespace: undefined, text, bare: false }, rejection);
    expect(JSON.parse(line)).toEqual({ type: 'RECORD', record: { stream: 's', data: { a: [1.5] }, emitted_at: 5 }, rejection });
    expect(line).toContain('"data":{ "a" : [ 1.50 ] }');
  });

  it('has no namespace member for a record without a namespace (the protocol\'s namespace is a string, never null)', () => {
    const text = '{"type":"RECORD","record":{"stream":"s","namespace":null,"data":{},"emitted_at":1}}';
    for (const namespace of [null, undefined]) {
      const parsed = JSON.parse(keptRecordLine({ stream: 's', namespace, text, bare: false }, rejection));
      expect(parsed.record).toEqual({ stream: 's', data: {}, emitted_at: 1 });
    }
  });

  it('drops the rejection of a replayed line and writes the new one', () => {
    const text = `{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1},"rejection":${JSON.stringify({ ...rejection, by: 'heap' })}}`;
    const parsed = JSON.parse(keptRecordLine({ stream: 's', namespace: null, text, bare: false }, rejection));
    expect(parsed.rejection).toEqual(rejection);
  });

  it('stamps emitted_at with the rejection time when the record has none', () => {
    const text = '{"type":"RECORD","record":{"stream":"s","data":{}}}';
    const parsed = JSON.parse(keptRecordLine({ stream: 's', namespace: null, text, bare: false }, rejection));
    expect(parsed.record.emitted_at).toBe(Date.parse(rejection.rejected_at));
  });

  it('takes a bare line (send) as the data itself', () => {
    const line = keptRecordLine({ stream: 'users', namespace: 'crm', text: '{"id":12345678901234567890}\r', bare: true }, rejection);
    expect(line).toContain('"data":{"id":12345678901234567890}');
    expect(JSON.parse(line).record).toEqual({ stream: 'users', namespace: 'crm', data: { id: 12345678901234567890 }, emitted_at: Date.parse(rejection.rejected_at) });
  });
});
