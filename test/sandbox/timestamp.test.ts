import { describe, expect, it } from 'vitest';
import { isIso8601 } from '../../src/sandbox/timestamp.js';

describe('ISO 8601 timestamps', () => {
  it.each([
    '2017-03-10T22:21:56+00:00',
    '2017-03-10T22:21:56Z',
    '2017-03-10T22:21:56.123Z',
    '2017-03-10T22:21:56.123456789-07:30',
    '2017-03-10T22:21:56+0530',
    '2017-03-10T22:21',
    '2017-03-10T22:21:56',
    '2017-03-10',
    '2016-02-29T00:00:00Z',
    '2000-02-29',
  ])('accepts %s', (value) => {
    expect(isIso8601(value)).toBe(true);
    // What the sandbox accepts, a JavaScript client can also read back.
    expect(Number.isNaN(Date.parse(value))).toBe(false);
  });

  it.each([
    ['a day that does not exist', '2017-02-29T00:00:00Z'],
    ['February 29 of a century that is not a leap year', '1900-02-29'],
    ['April 31', '2017-04-31'],
    ['month 13', '2017-13-01'],
    ['day 0', '2017-01-00'],
    ['hour 24', '2017-03-10T24:00:00Z'],
    ['minute 60', '2017-03-10T22:60:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['an offset of 24 hours', '2017-03-10T22:21:56+24:00'],
    ['an offset without minutes', '2017-03-10T22:21:56+05'],
    ['a space instead of T', '2017-03-10 22:21:56Z'],
    ['the basic format', '20170310T222156Z'],
    ['an hour without minutes', '2017-03-10T22Z'],
    ['epoch milliseconds as text', '1489184516000'],
    ['an RFC 2822 date', 'Fri, 10 Mar 2017 22:21:56 GMT'],
    ['trailing text', '2017-03-10T22:21:56Z junk'],
    ['an empty string', ''],
  ])('refuses %s', (_rule, value) => {
    expect(isIso8601(value)).toBe(false);
  });
});
