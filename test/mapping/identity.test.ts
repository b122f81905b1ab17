import { describe, expect, it } from 'vitest';
import { readIdentifier } from '../../src/mapping/identity.js';
import { Rejection } from '../../src/mapping/rejection.js';

describe('readIdentifier accepts', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'user-1', 'user-1'],
    ['a one-character string', 'u', 'u'],
    ['a string of 255 characters', 'u'.repeat(255), 'u'.repeat(255)],
    ['255 emoji (255 characters in code points)', '\u{1F600}'.repeat(255), '\u{1F600}'.repeat(255)],
    ['an integer, as its decimal string', 42, '42'],
    ['zero, as "0"', 0, '0'],
    ['the string "0"', '0', '0'],
    ['a negative number', -7, '-7'],
    ['a fraction', 1.5, '1.5'],
    ['a huge integer, written out without an exponent', 1e21, '1000000000000000000000'],
    ['a string with spaces around other characters, kept as is', ' u 1 ', ' u 1 '],
  ])('%s', (_title, value, expected) => {
    expect(readIdentifier(value, 'identity_field', 'uid')).toBe(expected);
  });
});

describe('readIdentifier rejects', () => {
  it.each<[string, unknown, string]>([
    ['a missing field', undefined, 'identity_field "user.id" is missing from the record (names are case-sensitive; dot paths read nested objects)'],
    ['null', null, 'identity_field "user.id" is null; expected a non-empty string or a number'],
    ['an empty string', '', 'identity_field "user.id" is empty'],
    ['a boolean', true, 'identity_field "user.id" is a boolean; expected a non-empty string or a number'],
    ['an object', { secret: 'pii' }, 'identity_field "user.id" is an object; expected a non-empty string or a number'],
    ['an array', ['pii'], 'identity_field "user.id" is an array; expected a non-empty string or a number'],
    ['256 characters', 'p'.repeat(256), 'identity_field "user.id" is longer than 255 characters'],
    ['one space', ' ', 'identity_field "user.id" is only whitespace'],
    ['tabs and line breaks', '\t\r\n ', 'identity_field "user.id" is only whitespace'],
    ['non-breaking and ideographic spaces', '\u00a0\u3000', 'identity_field "user.id" is only whitespace'],
    ['NaN (not JSON)', Number.NaN, 'identity_field "user.id" is a number; expected a non-empty string or a number'],
  ])('%s, naming the field and not the value', (_title, value, reason) => {
    const result = readIdentifier(value, 'identity_field', 'user.id');
    expect(result).toBeInstanceOf(Rejection);
    expect((result as Rejection).reason).toBe(reason);
  });

  it('refuses an account id of only whitespace', () => {
    expect((readIdentifier('   ', 'account_id_field', 'org') as Rejection).reason).toBe('account_id_field "org" is only whitespace');
  });

  it('names the account id setting for account ids', () => {
    expect((readIdentifier('', 'account_id_field', 'org') as Rejection).reason).toBe('account_id_field "org" is empty');
  });

  it('names the account id setting for a missing account id', () => {
    expect((readIdentifier(undefined, 'account_id_field', 'org') as Rejection).reason).toBe(
      'account_id_field "org" is missing from the record (names are case-sensitive; dot paths read nested objects)',
    );
  });
});
