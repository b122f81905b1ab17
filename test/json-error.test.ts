import { describe, expect, it } from 'vitest';
import { describeJsonError, locateJsonError, scanForError } from '../src/config/json-error.js';

/** V8's position for `text`, when its message states one. */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const stated = /\bposition (\d+)/.exec((error as Error).message)?.[1];
    return stated === undefined ? undefined : Number(stated);
  }
  throw new Error(`${JSON.stringify(text)} is valid JSON`);
}

const thrownBy = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${JSON.stringify(text)} is valid JSON`);
};

describe('scanForError', () => {
  // Texts for which V8 states a position: the scan must find the same one.
  it.each([
    ['a trailing comma in an object', '{"a": 1,}'],
    ['a single-quoted key', "{'a': 1}"],
    ['a comment', '{\n// note\n"a": 1}'],
    ['a missing comma', '{"a": 1 "b": 2}'],
    ['a missing colon', '{"a" 1}'],
    ['an unterminated string', '{"a": "abc'],
    ['text after the value', '{"a": 1} {"b": 2}'],
    ['a control character in a string', '{"a": "x\ty"}'],
    ['a bad escape', '{"a": "\\q"}'],
    ['a short unicode escape', '{"a": "\\u12"}'],
    ['a leading zero', '[01]'],
    ['a fraction without digits', '[1.]'],
    ['an exponent without digits', '[1e]'],
    ['a lone minus', '[-]'],
  ])('agrees with V8 on %s', (_title, text) => {
    const stated = v8Position(text);
    expect(stated).toBeDefined();
    expect(scanForError(text)).toBe(stated);
  });

  it.each([
    ['an unquoted word', '{"a": undefined}', 6],
    ['a trailing comma in an array', '[1, 2,]', 6],
    ['a misspelled literal', '[tru]', 4],
    ['a plus sign', '[+1]', 1],
    ['NaN', '[NaN]', 1],
  ])('finds %s where V8 names no position', (_title, text, offset) => {
    expect(v8Position(text)).toBeUndefined();
    expect(scanForError(text)).toBe(offset);
  });

  it('finds nothing in valid JSON', () => {
    expect(scanForError('{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n", {}]}')).toBeUndefined();
  });
});

describe('locateJsonError', () => {
  it('counts lines and columns from 1', () => {
    const text = '{\n  "a": 1,\n  "b": x\n}';
    expect(locateJsonError(text, thrownBy(text))).toEqual({ line: 3, column: 8, atEnd: false });
  });

  it('counts a column in code points', () => {
    const text = '["\u{1F600}", x]';
    expect(locateJsonError(text, thrownBy(text))).toMatchObject({ line: 1, column: 7 });
  });

  it('places an early end at the end of the text', () => {
    const text = '{\n  "a": [1, 2';
    expect(locateJsonError(text, thrownBy(text))).toEqual({ line: 2, column: 13, atEnd: true });
  });
});

describe('describeJsonError', () => {
  const SECRET = 'sk-live-7f3a9c1e55d04b2a';

  it.each([
    ['unquoted', `{"api_key": ${SECRET}}`],
    ['after a trailing comma', `{"api_key": "${SECRET}",}`],
    ['alone', SECRET],
  ])('never quotes the text (%s)', (_title, text) => {
    const description = describeJsonError(text, thrownBy(text));
    expect(description).toContain('line 1, column');
    for (let i = 0; i + 4 <= SECRET.length; i++) expect(description).not.toContain(SECRET.slice(i, i + 4));
  });

  it('says an empty text is empty', () => {
    expect(describeJsonError('  \n', thrownBy('  \n'))).toContain('empty');
  });
});
