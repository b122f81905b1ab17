import { describe, expect, it } from 'vitest';
import { redactRecordValues } from '../src/delivery/redact.js';

const item = {
  identity: 'ann.lee@example.com',
  event: 'Signed Up',
  idempotency_key: 'k3yHash_AbC',
  properties: { plan: 'platinum-plus', 'user.email': 'ann.lee@example.com', seats: 1234, city: 'Reykjavik' },
};

describe('redactRecordValues', () => {
  it.each([
    ['keeps a quoted property key', 'events[0].properties: key "plan" is too long', 'events[0].properties: key "plan" is too long'],
    ['keeps a quoted dotted property key', 'key "user.email" refused', 'key "user.email" refused'],
    ['keeps a quoted item field name', 'field "identity" is invalid', 'field "identity" is invalid'],
    ['hides a quoted value', 'identity "ann.lee@example.com" is not allowed', 'identity "…" is not allowed'],
    ['hides a single-quoted value', "value 'platinum-plus' too long", "value '…' too long"],
    ['hides a quoted value with escaped quotes', 'bad value "a \\"b\\" c" here', 'bad value "…" here'],
    ['leaves text without values alone', 'invalid body', 'invalid body'],
    ['hides a value echoed without quotes', 'identity ann.lee@example.com is not allowed', 'identity … is not allowed'],
    ['hides a value glued to other text', 'identity=ann.lee@example.com; rejected', '… rejected'],
    ['hides a value in another casing', 'city REYKJAVIK unknown', 'city … unknown'],
    ['hides a number value', 'seats 1234 exceeds the limit', 'seats … exceeds the limit'],
    ['hides a cut value (a fragment of it)', 'value platinum-pl… too long', 'value … too long'],
    ['hides each word of a value with spaces', 'event Signed Up is reserved', 'event … … is reserved'],
    ['hides the idempotency key', 'duplicate key k3yHash_AbC', 'duplicate key …'],
    ['keeps a property name written bare, with punctuation', 'plan: too long', 'plan: too long'],
  ])('%s', (_title, text, expected) => {
    expect(redactRecordValues(text, [item])).toBe(expected);
  });

  it('hides the values of every item of a batch', () => {
    const other = { identity: 'bob-77', event: 'Clicked', properties: {} };
    expect(redactRecordValues('items bob-77 and ann.lee@example.com refused', [item, other])).toBe('items … and … refused');
  });

  it('hides a one-character value only where a word piece is exactly it', () => {
    const small = { identity: 'u', event: 'E', properties: { n: 7 } };
    expect(redactRecordValues('must be a number, got 7 for user', [small])).toBe('must be a number, got … for user');
  });
});
