import { describe, expect, it } from 'vitest';
import { parseLine, type ParsedLine } from '../src/input/parse.js';

/** A value that must never show up in a reason: it stands for personal data in a record. */
const PII = 'jane.doe@example.com';

const json = (value: unknown) => JSON.stringify(value);

/** The reason of an `invalid` result; fails the test for any other kind. */
function reasonOf(result: ParsedLine): string {
  if (result.kind !== 'invalid') throw new Error(`expected an invalid line, got ${result.kind}`);
  return result.reason;
}

describe('parseLine', () => {
  describe('records', () => {
    it('parses a RECORD with its stream, namespace, data and emitted_at', () => {
      const message = { type: 'RECORD', record: { stream: 'users', namespace: 'crm', data: { email: PII }, emitted_at: 1700000000000 } };
      expect(parseLine(json(message))).toEqual({ kind: 'record', message });
    });

    it.each([[null], [undefined]])('parses a RECORD whose namespace is %j', (namespace) => {
      const message = { type: 'RECORD', record: { stream: 'users', namespace, data: {} } };
      expect(parseLine(json(message))).toEqual({ kind: 'record', message: JSON.parse(json(message)) });
    });

    it('keeps unknown fields of a RECORD', () => {
      const message = { type: 'RECORD', extra: 1, record: { stream: 'users', data: { a: 1 }, meta: { changes: [] } } };
      expect(parseLine(json(message))).toEqual({ kind: 'record', message });
    });
  });

  describe('states', () => {
    it.each([
      ['STREAM', { type: 'STREAM', stream: { stream_descriptor: { name: 'users', namespace: null }, stream_state: { cursor: 5 } } }],
      ['GLOBAL', { type: 'GLOBAL', global: { shared_state: { lsn: 7 }, stream_states: [] } }],
      ['LEGACY', { data: { users: { cursor: 5 } } }],
    ])('parses a %s STATE as received', (_title, state) => {
      const message = { type: 'STATE', state };
      expect(parseLine(json(message))).toEqual({ kind: 'state', message, text: json(message) });
    });

    it('keeps unknown fields of a STATE, such as id and sourceStats', () => {
      const message = { type: 'STATE', id: 3, state: { type: 'LEGACY', data: {}, sourceStats: { recordCount: 2 } } };
      expect(parseLine(json(message))).toEqual({ kind: 'state', message, text: json(message) });
    });
  });

  describe('ignored messages', () => {
    it.each(['LOG', 'TRACE', 'CONTROL', 'SPEC', 'CATALOG', 'CONNECTION_STATUS'])('ignores a %s message', (type) => {
      expect(parseLine(json({ type, log: { level: 'INFO', message: 'hi' } }))).toEqual({ kind: 'ignored', type });
    });

    it('ignores a message of a type it does not know, as "unknown"', () => {
      expect(parseLine(json({ type: 'DESTINATION_CATALOG' }))).toEqual({ kind: 'ignored', type: 'unknown' });
    });
  });

  describe('invalid lines', () => {
    it.each([
      ['not JSON', 'hello'],
      ['cut-off JSON', '{"type":"RECORD","record":{"stream":"users"'],
      ['a JSON array', '[1,2]'],
      ['a JSON string', '"RECORD"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['an object without type', '{"record":{}}'],
      ['an object whose type is not a string', '{"type":1}'],
      ['a RECORD without record', '{"type":"RECORD"}'],
      ['a RECORD without a stream', json({ type: 'RECORD', record: { data: {} } })],
      ['a RECORD with an empty stream', json({ type: 'RECORD', record: { stream: '', data: {} } })],
      ['a RECORD without data', json({ type: 'RECORD', record: { stream: 'users' } })],
      ['a RECORD whose data is an array', json({ type: 'RECORD', record: { stream: 'users', data: [1] } })],
      ['a RECORD whose data is null', json({ type: 'RECORD', record: { stream: 'users', data: null } })],
      ['a STATE without state', '{"type":"STATE"}'],
      ['a STATE of an unknown state type', json({ type: 'STATE', state: { type: 'PER_STREAM' } })],
      ['a STREAM STATE without a stream descriptor', json({ type: 'STATE', state: { type: 'STREAM' } })],
      ['a STREAM STATE with an empty stream name', json({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: '' } } } })],
    ])('rejects %s', (_title, text) => {
      expect(parseLine(text).kind).toBe('invalid');
    });

    it.each([
      ['data', json({ type: 'RECORD', record: { stream: 'users', data: [1] } }), 'record.data'],
      ['stream', json({ type: 'RECORD', record: { stream: 7, data: {} } }), 'record.stream'],
      ['stream descriptor', json({ type: 'STATE', state: { type: 'STREAM' } }), 'state.stream'],
    ])('names the field at fault (%s)', (_title, text, path) => {
      expect(reasonOf(parseLine(text))).toContain(path);
    });

    it.each([
      ['a STATE without state', '{"type":"STATE"}', 'state: is required'],
      ['a STREAM state whose stream has no descriptor', json({ type: 'STATE', state: { type: 'STREAM', stream: {} } }), 'state.stream.stream_descriptor: is required'],
      [
        'a stream descriptor without name',
        json({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: {} } } }),
        'state.stream.stream_descriptor.name: is required',
      ],
      ['a RECORD without record', '{"type":"RECORD"}', 'record: is required'],
    ])('says in its own words which field is missing: %s', (_title, text, phrase) => {
      const reason = reasonOf(parseLine(text));
      expect(reason).toContain(phrase);
      expect(reason).not.toMatch(/Invalid input|expected \w+, received/);
    });

    it.each([
      ['a record whose data is a string', json({ type: 'RECORD', record: { stream: 'users', data: PII } })],
      ['a record whose data is an array', json({ type: 'RECORD', record: { stream: 'users', data: [PII] } })],
      ['a record whose stream is not a string', json({ type: 'RECORD', record: { stream: { name: PII }, data: {} } })],
      ['a record whose namespace is not a string', json({ type: 'RECORD', record: { stream: 'users', namespace: [PII], data: {} } })],
      ['a record whose emitted_at is not a number', json({ type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: PII } })],
      ['a state whose type is unknown', json({ type: 'STATE', state: { type: PII } })],
      ['a record cut off after a value', `{"type":"RECORD","record":{"stream":"users","data":{"email":"${PII}"`],
      ['a record with a stray token after a value', `{"type":"RECORD","record":{"stream":"users","data":{"email":"${PII}" x}}}`],
      ['a value outside any object', `"${PII}"`],
      ['a bare value', PII],
      ['an object whose type is not a string', json({ type: { value: PII } })],
    ])('keeps values out of the reason for %s', (_title, text) => {
      expect(reasonOf(parseLine(text))).not.toContain('jane');
    });
  });
});
