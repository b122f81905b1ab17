import { describe, expect, it } from 'vitest';
import { bareRecordParser } from '../src/input/bare.js';

const PII = 'jane.doe@example.com';
const parse = bareRecordParser('users', 'crm');

describe('bareRecordParser (shell mode, --stream)', () => {
  it('takes a JSON object as a record of the stream and namespace given', () => {
    expect(parse(`{"email":"${PII}"}`)).toEqual({
      kind: 'record',
      message: { type: 'RECORD', record: { stream: 'users', namespace: 'crm', data: { email: PII } } },
    });
  });

  it.each([
    ['an array', `["${PII}"]`],
    ['a string', `"${PII}"`],
    ['a number', '42'],
    ['null', 'null'],
  ])('drops %s, pointing at --stream and one object per line, without the value', (_title, text) => {
    const parsed = parse(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.reason).toContain('--stream');
    expect(parsed.reason).not.toContain(PII);
  });

  it('drops a line that is not JSON, without the text', () => {
    const parsed = parse(`{"email": ${PII}}`);
    expect(parsed).toEqual({ kind: 'invalid', reason: expect.not.stringContaining(PII) });
  });
});
