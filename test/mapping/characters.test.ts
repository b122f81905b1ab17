import { describe, expect, it } from 'vitest';
import { cutToCodePoints, exceedsCodePoints } from '../../src/mapping/characters.js';

const EMOJI = '\u{1F600}'; // two UTF-16 units, one code point

describe('cutToCodePoints', () => {
  it.each([
    ['a string at the limit is kept whole', 'abc', 3, 'abc'],
    ['a string over the limit is cut', 'abcd', 3, 'abc'],
    ['an empty string stays empty', '', 3, ''],
    ['emoji count as one character each', EMOJI.repeat(3), 3, EMOJI.repeat(3)],
    ['a cut never splits a surrogate pair', `ab${EMOJI}`, 3, `ab${EMOJI}`],
    ['a cut lands after a whole pair', `a${EMOJI}${EMOJI}`, 2, `a${EMOJI}`],
    ['a lone high surrogate counts as one character', 'a\ud800bc', 3, 'a\ud800b'],
    ['a lone low surrogate counts as one character', 'a\udc00bc', 3, 'a\udc00b'],
  ])('%s', (_title, text, max, expected) => {
    expect(cutToCodePoints(text, max)).toBe(expected);
  });
});

describe('exceedsCodePoints', () => {
  it.each([
    ['shorter than the limit', 'ab', 3, false],
    ['exactly the limit', 'abc', 3, false],
    ['one over the limit', 'abcd', 3, true],
    ['more UTF-16 units than the limit but not more code points', EMOJI.repeat(3), 3, false],
    ['more code points than the limit, all pairs', EMOJI.repeat(4), 3, true],
    ['more than twice the limit in units', 'abcdefg', 3, true],
  ])('%s', (_title, text, max, expected) => {
    expect(exceedsCodePoints(text, max)).toBe(expected);
  });
});
