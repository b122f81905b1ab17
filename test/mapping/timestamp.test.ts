import { describe, expect, it } from 'vitest';
import { Rejection } from '../../src/mapping/rejection.js';
import { readTimestamp } from '../../src/mapping/timestamp.js';

describe('readTimestamp accepts', () => {
  it.each<[string, unknown, string]>([
    ['ISO 8601 UTC with milliseconds', '2024-01-02T03:04:05.678Z', '2024-01-02T03:04:05.678Z'],
    ['ISO 8601 without fraction', '2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['ISO 8601 without seconds', '2024-01-02T03:04Z', '2024-01-02T03:04:00.000Z'],
    ['no offset, taken as UTC', '2024-01-02T03:04:05', '2024-01-02T03:04:05.000Z'],
    ['a space instead of T', '2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['one fractional digit', '2024-01-02T03:04:05.6Z', '2024-01-02T03:04:05.600Z'],
    ['microseconds, cut to milliseconds', '2024-01-02T03:04:05.123456Z', '2024-01-02T03:04:05.123Z'],
    ['nanoseconds, cut and never rounded up', '2024-01-02T03:04:05.999999999Z', '2024-01-02T03:04:05.999Z'],
    ['offset +HH:MM', '2024-01-02T03:04:05+02:00', '2024-01-02T01:04:05.000Z'],
    ['offset -HH:MM', '2024-01-02T03:04:05-05:30', '2024-01-02T08:34:05.000Z'],
    ['offset +HHMM', '2024-01-02T03:04:05+0200', '2024-01-02T01:04:05.000Z'],
    ['offset +HH', '2024-01-02T03:04:05+02', '2024-01-02T01:04:05.000Z'],
    ['offset -00:00', '2024-01-02T03:04:05-00:00', '2024-01-02T03:04:05.000Z'],
    ['a fraction followed by an offset', '2024-01-02T03:04:05.12345+05:30', '2024-01-01T21:34:05.123Z'],
    ['no seconds, with an offset', '2024-01-02T03:04+01:00', '2024-01-02T02:04:00.000Z'],
    ['a space separator with an offset', '2024-01-02 03:04:05-0100', '2024-01-02T04:04:05.000Z'],
    ['an offset that crosses midnight into the previous year', '2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
    ['a date alone, midnight UTC', '2024-01-02', '2024-01-02T00:00:00.000Z'],
    ['29 February of a leap year', '2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['29 February 2000 (divisible by 400)', '2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['a year below 100, not moved to the 1900s', '0099-06-01', '0099-06-01T00:00:00.000Z'],
    ['the year 0000', '0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['the last millisecond of 9999', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['epoch seconds', 1_704_164_645, '2024-01-02T03:04:05.000Z'],
    ['epoch seconds with a fraction', 1_704_164_645.678, '2024-01-02T03:04:05.678Z'],
    ['epoch seconds with sub-millisecond digits, cut', 1_704_164_645.6789, '2024-01-02T03:04:05.678Z'],
    ['epoch milliseconds', 1_704_164_645_678, '2024-01-02T03:04:05.678Z'],
    ['epoch milliseconds with a fraction, cut', 1_704_164_645_678.9, '2024-01-02T03:04:05.678Z'],
    ['epoch zero', 0, '1970-01-01T00:00:00.000Z'],
    ['negative epoch seconds', -86_400, '1969-12-31T00:00:00.000Z'],
    ['the largest epoch seconds (just below 1e11)', 99_999_999_999, '5138-11-16T09:46:39.000Z'],
    ['1e11 as epoch milliseconds', 1e11, '1973-03-03T09:46:40.000Z'],
    ['lowercase t', '2024-01-02t03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['lowercase z', '2024-01-02T03:04:05z', '2024-01-02T03:04:05.000Z'],
    ['lowercase t and z with a fraction', '2024-01-02t03:04:05.5z', '2024-01-02T03:04:05.500Z'],
    ['a space before +hhmm, as CSV exports write it', '2024-11-28 10:00:00 +0000', '2024-11-28T10:00:00.000Z'],
    ['a space before +hh:mm', '2024-11-28 10:00:00 +01:00', '2024-11-28T09:00:00.000Z'],
    ['a space before Z', '2024-11-28 10:00:00 Z', '2024-11-28T10:00:00.000Z'],
    ['a space before -hh', '2024-11-28T10:00:00 -05', '2024-11-28T15:00:00.000Z'],
    ['10 digits in a string: epoch seconds', '1732790400', '2024-11-28T10:40:00.000Z'],
    ['13 digits in a string: epoch milliseconds', '1732790400123', '2024-11-28T10:40:00.123Z'],
    ['10 digits with leading zeros: still seconds', '0000000001', '1970-01-01T00:00:01.000Z'],
    ['13 digits with leading zeros: still milliseconds', '0000000000001', '1970-01-01T00:00:00.001Z'],
    ['-1e11 as epoch milliseconds', -1e11, '1966-10-31T14:13:20.000Z'],
  ])('%s', (_title, value, expected) => {
    expect(readTimestamp(value, 'ts')).toBe(expected);
  });
});

describe('readTimestamp rejects', () => {
  const IMPOSSIBLE = 'timestamp_field "created_at" is not a real date and time (day, hour, minute, second or offset out of range)';
  const RANGE = 'timestamp_field "created_at" is outside the years 0000 to 9999';

  const rejectionOf = (value: unknown): Rejection => {
    const result = readTimestamp(value, 'created_at');
    expect(result).toBeInstanceOf(Rejection);
    return result as Rejection;
  };

  it('a missing value, saying how to let Heap stamp the time', () => {
    expect(rejectionOf(undefined).reason).toBe(
      'timestamp_field "created_at" is missing from the record (names are case-sensitive; dot paths read nested objects); remove timestamp_field to let Heap stamp the arrival time',
    );
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a boolean', true, 'a boolean'],
    ['an object', { at: 1 }, 'an object'],
    ['an array', [2024], 'an array'],
  ])('%s, naming its kind and the accepted forms', (_title, value, kind) => {
    const { reason, category } = rejectionOf(value);
    expect(reason).toContain(`timestamp_field "created_at" is ${kind};`);
    expect(reason).toContain('YYYY-MM-DD');
    expect(category).toBe('timestamp_field "created_at": wrong type');
  });

  // [title, value, the kind of value the reason says was seen, the category's kind, what the reason advises]
  it.each<[string, string, string, string, string]>([
    ['an empty string', '', 'an empty or blank string', 'empty string', 'remove timestamp_field'],
    ['a US date', '11/28/2024', 'MM/DD/YYYY', 'MM/DD/YYYY or DD/MM/YYYY date', 'write it as YYYY-MM-DD'],
    ['a US date-time', '11/28/2024 10:00:00', 'MM/DD/YYYY', 'MM/DD/YYYY or DD/MM/YYYY date', 'write it as YYYY-MM-DD'],
    ['a European date with dots', '28.11.2024', 'DD/MM/YYYY', 'MM/DD/YYYY or DD/MM/YYYY date', 'write it as YYYY-MM-DD'],
    ['slashes year first', '2024/01/02', 'YYYY/MM/DD', 'YYYY/MM/DD date', 'YYYY-MM-DD'],
    ['9 digits in a string', '173279040', 'not exactly 10', 'digit string of another length', 'JSON number'],
    ['11 digits in a string', '17327904001', 'not exactly 10', 'digit string of another length', 'JSON number'],
    ['a negative epoch in a string', '-86400', 'not exactly 10', 'digit string of another length', 'JSON number'],
    ['a decimal epoch in a string', '1732790400.5', 'a decimal number in a string', 'decimal number string', 'JSON number'],
    ['one-digit month', '2024-1-02', 'one-digit', 'ISO 8601 with one-digit parts', 'two digits'],
    ['a named time zone', '2024-01-02T03:04:05 UTC', 'named time zone', 'named time zone', '+01:00'],
    ['an English date that Date.parse would accept', 'January 2, 2024', 'month or day name', 'month or day name', 'YYYY-MM-DDThh:mm:ssZ'],
    ['an RFC 2822 date', 'Thu, 28 Nov 2024 10:00:00 +0000', 'month or day name', 'month or day name', 'YYYY-MM-DDThh:mm:ssZ'],
    ['trailing text', '2024-01-02T03:04:05Z junk', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'YYYY-MM-DD'],
    ['two spaces between date and time', '2024-01-02  03:04:05', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'YYYY-MM-DD'],
    ['an hour without minutes', '2024-01-02T03Z', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'hh:mm'],
    ['a dot without fraction digits', '2024-01-02T03:04:05.Z', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'hh:mm'],
    ['an offset without a time', '2024-01-02Z', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'hh:mm'],
    ['two spaces before the offset', '2024-01-02 03:04:05  +0000', 'starts like an ISO 8601 date', 'malformed ISO 8601', 'hh:mm'],
    ['a two-digit year', '24-01-02', 'MM/DD/YYYY', 'MM/DD/YYYY or DD/MM/YYYY date', 'YYYY-MM-DD'],
    ['leading whitespace', ' 2024-01-02', 'leading or trailing spaces', 'leading or trailing spaces', 'trim the spaces'],
    ['trailing whitespace', '2024-01-02T10:00:00Z ', 'leading or trailing spaces', 'leading or trailing spaces', 'trim the spaces'],
    ['16 digits', '1732790400000000', 'epoch microseconds', 'epoch microseconds', 'divide it by 1,000'],
    ['19 digits', '1732790400000000000', 'epoch nanoseconds', 'epoch nanoseconds', 'divide it by 1,000,000'],
    ['free text', 'yesterday at noon', 'not a date', 'not a date', 'accepted'],
  ])('%s, saying what it looks like and what to write, never the value', (_title, value, seen, kind, advice) => {
    const { reason, category } = rejectionOf(value);
    expect(reason).toContain(seen);
    expect(reason).toContain(advice);
    expect(reason).toContain('accepted: ISO 8601');
    expect(category).toBe(`timestamp_field "created_at": ${kind}`);
    if (value.trim().length > 2) expect(reason).not.toContain(value.trim());
  });

  it.each<[string, unknown, string]>([
    ['30 February', '2024-02-30', IMPOSSIBLE],
    ['30 February written in the exact output form', '2024-02-30T00:00:00.000Z', IMPOSSIBLE],
    ['29 February of a common year', '2023-02-29', IMPOSSIBLE],
    ['29 February 1900 (divisible by 100)', '1900-02-29', IMPOSSIBLE],
    ['31 April', '2024-04-31', IMPOSSIBLE],
    ['month 13', '2024-13-01', IMPOSSIBLE],
    ['month 00', '2024-00-10', IMPOSSIBLE],
    ['day 00', '2024-01-00', IMPOSSIBLE],
    ['hour 25', '2024-01-02T25:00:00Z', IMPOSSIBLE],
    ['hour 24', '2024-01-02T24:00:00Z', IMPOSSIBLE],
    ['minute 60', '2024-01-02T03:60:00Z', IMPOSSIBLE],
    ['leap second 60', '2016-12-31T23:59:60Z', IMPOSSIBLE],
    ['offset hour 24', '2024-01-02T03:04:05+24:00', IMPOSSIBLE],
    ['offset minute 60', '2024-01-02T03:04:05+01:60', IMPOSSIBLE],
    ['offset hour 24 after a space', '2024-01-02 03:04:05 +2400', IMPOSSIBLE],
    ['a time before year 0000 once the offset is applied', '0000-01-01T00:00:00+01:00', RANGE],
    ['a time after 9999 once the offset is applied', '9999-12-31T23:30:00-01:00', RANGE],
    ['epoch milliseconds beyond 9999', 253_402_300_800_000, RANGE],
    ['epoch milliseconds before 0000', -62_167_219_200_001, RANGE],
  ])('%s, naming the field and not the value', (_title, value, reason) => {
    expect(rejectionOf(value).reason).toBe(reason);
  });

  it.each<[string, number, string]>([
    ['epoch microseconds as a number', 1_732_790_400_000_000, 'epoch microseconds'],
    ['epoch nanoseconds as a number', 1_732_790_400_000_000_000, 'epoch nanoseconds'],
  ])('%s: told what it looks like and how to convert it', (_title, value, kind) => {
    const { reason, category } = rejectionOf(value);
    expect(reason).toContain(`looks like ${kind}`);
    expect(reason).toContain('divide it by');
    expect(category).toBe(`timestamp_field "created_at": ${kind}`);
  });

  it('NaN (not JSON), as a number that is not finite', () => {
    expect(rejectionOf(Number.NaN).category).toBe('timestamp_field "created_at": not finite');
  });
});
