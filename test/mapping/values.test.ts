import { describe, expect, it } from 'vitest';
import { isAbsent, isKeyTooLong, toHeapValue } from '../../src/mapping/values.js';
import type { ValueAdjustments } from '../../src/mapping/types.js';

const EMOJI = '\u{1F600}';
const none = (): ValueAdjustments => ({ truncatedValues: 0, droppedLongKeys: 0, droppedIdKeys: 0, overflowingNumbers: 0 });

describe('toHeapValue', () => {
  it.each<[string, unknown, string | number | undefined]>([
    ['an integer stays a number', 42, 42],
    ['a fraction stays a number', -1.5, -1.5],
    ['zero stays a number', 0, 0],
    ['true becomes "true"', true, 'true'],
    ['false becomes "false"', false, 'false'],
    ['a string is kept', 'pro', 'pro'],
    ['an empty string is kept', '', ''],
    ['null is left out', null, undefined],
    ['undefined is left out', undefined, undefined],
    ['NaN (not JSON) is left out', Number.NaN, undefined],
    ['an array of strings is joined with ||', ['a', 'b', 'c'], 'a||b||c'],
    ['an array of numbers is joined with ||', [1, 2.5, -3], '1||2.5||-3'],
    ['booleans inside an array become "true"/"false"', [true, false], 'true||false'],
    ['nulls inside an array are skipped', ['a', null, 'b', null], 'a||b'],
    ['an array of one item is that item as text', [7], '7'],
    ['an empty array is left out', [], undefined],
    ['an array of only nulls is left out', [null, null], undefined],
    ['an array holding an object becomes its JSON text', [{ a: 1 }, 'x'], '[{"a":1},"x"]'],
    ['an array holding an array becomes its JSON text', [[1, 2], 3], '[[1,2],3]'],
    ['an object after scalars still makes the whole array JSON', ['x', null, { a: null }], '["x",null,{"a":null}]'],
  ])('%s', (_title, value, expected) => {
    expect(toHeapValue(value, none())).toBe(expected);
  });

  it.each<[string, unknown, string, number]>([
    ['a string of 1023 characters is kept whole', 'x'.repeat(1023), 'x'.repeat(1023), 0],
    ['a string of 1024 characters is cut to 1023 and counted', 'x'.repeat(1024), 'x'.repeat(1023), 1],
    ['1023 emoji are kept whole', EMOJI.repeat(1023), EMOJI.repeat(1023), 0],
    ['1024 emoji are cut to 1023 without splitting a pair', EMOJI.repeat(1024), EMOJI.repeat(1023), 1],
    ['a joined array longer than 1023 characters is cut and counted', ['x'.repeat(600), 'y'.repeat(600)], `${'x'.repeat(600)}||${'y'.repeat(421)}`, 1],
    ['the JSON text of an array longer than 1023 characters is cut and counted', [{ a: 'x'.repeat(1100) }], `[{"a":"${'x'.repeat(1100)}"}]`.slice(0, 1023), 1],
  ])('%s', (_title, value, expected, truncations) => {
    const adjustments = none();
    expect(toHeapValue(value, adjustments)).toBe(expected);
    expect(adjustments).toEqual({ ...none(), truncatedValues: truncations });
  });
});

describe('isAbsent', () => {
  it.each<[string, unknown, boolean]>([
    ['null', null, true],
    ['undefined', undefined, true],
    ['an empty array', [], true],
    ['an array of nulls', [null], true],
    ['an array with one value', [null, 0], false],
    ['zero', 0, false],
    ['false', false, false],
    ['an empty string', '', false],
    ['an empty object', {}, false],
  ])('%s is absent: %s', (_title, value, expected) => {
    expect(isAbsent(value)).toBe(expected);
  });
});

describe('isKeyTooLong', () => {
  it.each([
    ['a key of 1023 characters is allowed', 'k'.repeat(1023), false],
    ['a key of 1024 characters is too long', 'k'.repeat(1024), true],
    ['a key of 1023 emoji is allowed', EMOJI.repeat(1023), false],
  ])('%s', (_title, key, expected) => {
    expect(isKeyTooLong(key)).toBe(expected);
  });
});
