/**
 * Event timestamps (docs/heap.md, "Timestamps"). Accepted:
 * - ISO 8601 / RFC 3339 date-time: `YYYY-MM-DD`, then `T`, `t` or one space, `hh:mm`, optional
 *   `:ss`, optional fraction of any length (cut to milliseconds, never rounded up), optional
 *   offset `Z`/`z`, `±hh:mm`, `±hhmm` or `±hh`, which may follow one space (`10:00:00 +0000`, as
 *   CSV exports write it); no offset means UTC;
 * - a date `YYYY-MM-DD`: midnight UTC;
 * - an epoch JSON number: seconds when its absolute value is below 1e11, else milliseconds;
 *   fractions allowed, cut to milliseconds;
 * - a string of exactly 10 digits (epoch seconds) or 13 digits (epoch milliseconds).
 * Sent as ISO 8601 UTC with milliseconds: `2024-01-02T03:04:05.678Z`. A string no form matches is
 * rejected with what it looks like and what to write instead (src/mapping/timestamp-advice.ts).
 *
 * Strings are matched by a strict pattern and computed by hand: `Date.parse` accepts far more
 * than ISO 8601 ("March 7", "2024/01/02") and silently rolls impossible dates over.
 */
import { ExactNumber } from '../input/exact-number.js';
import { daysFromCivil, daysInMonth, formatIsoUtc } from './calendar.js';
import { describeKind, fieldRejection, missingField, Rejection } from './rejection.js';
import { ACCEPTED_FORMS, adviseOnEpochNumber, adviseOnTimestamp } from './timestamp-advice.js';

/** Checks the shape only; the values are read at their fixed positions afterwards. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:[Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;

/** Epoch seconds or milliseconds as CSV exports write them: exactly 10 or 13 digits. */
const EPOCH_DIGITS = /^(?:\d{10}|\d{13})$/;

/** Absolute values below this are epoch seconds, the rest epoch milliseconds. */
export const EPOCH_SECONDS_BELOW = 1e11;

/** Heap gets four-digit years: 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z. */
const EARLIEST_MS = -62_167_219_200_000;
const LATEST_MS = 253_402_300_799_999;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

type Problem = 'format' | 'impossible' | 'range';

/**
 * The Heap timestamp `value` stands for, or why it cannot be one. `field` and `setting` (what
 * named the field) only name it in the reason.
 */
export function readTimestamp(value: unknown, field: string, setting = 'timestamp_field'): string | Rejection {
  if (value === undefined) {
    const missing = missingField(setting, field);
    return new Rejection(`${missing.reason}; remove ${setting} to let Heap stamp the arrival time`, missing.category);
  }
  // An integer beyond 2^53 is epoch milliseconds past the year 9999 anyway: read it as a double.
  if (value instanceof ExactNumber && !value.overflows) value = Number(value.text);
  let result: number | Problem;
  if (typeof value === 'string') {
    // The length first: the common ISO strings never pay for the digits pattern.
    result = (value.length === 10 || value.length === 13) && EPOCH_DIGITS.test(value) ? fromEpochDigits(value) : parseIsoString(value);
  } else if (typeof value === 'number' && value !== Infinity && value !== -Infinity) result = fromEpochNumber(value);
  else {
    return fieldRejection(setting, field, `is ${describeKind(value)}; ${ACCEPTED_FORMS}`, 'wrong type');
  }
  if (typeof result === 'number') {
    if (isAlreadyHeapForm(value)) return value as string;
    if (result >= EARLIEST_MS && result <= LATEST_MS) return formatIsoUtc(result);
    result = 'range';
  }
  if (result === 'format') {
    const { seen, advice, kind } = typeof value === 'string' ? adviseOnTimestamp(value) : NOT_FINITE;
    return fieldRejection(setting, field, `is ${seen}: ${advice} (${ACCEPTED_FORMS})`, kind);
  }
  const unit = result === 'range' && typeof value === 'number' ? adviseOnEpochNumber(value) : undefined;
  if (unit !== undefined) return fieldRejection(setting, field, `is ${unit.seen}: ${unit.advice} (${ACCEPTED_FORMS})`, unit.kind);
  return fieldRejection(setting, field, PROBLEMS[result], result === 'range' ? 'out of range' : 'not a real date');
}

const NOT_FINITE = { seen: 'a number that is not finite', advice: 'send a finite epoch number', kind: 'not finite' };

const PROBLEMS: Record<Exclude<Problem, 'format'>, string> = {
  impossible: 'is not a real date and time (day, hour, minute, second or offset out of range)',
  range: 'is outside the years 0000 to 9999',
};

/** Epoch milliseconds of a 10-digit (seconds) or 13-digit (milliseconds) string. */
function fromEpochDigits(text: string): number {
  const number = Number(text);
  return text.length === 10 ? number * MS_PER_SECOND : number;
}

/**
 * A valid string of exactly the form `YYYY-MM-DDTHH:MM:SS.mmmZ` is its own output: the most
 * common input skips formatting.
 */
function isAlreadyHeapForm(value: unknown): boolean {
  return typeof value === 'string' && value.length === 24 && value[10] === 'T' && value[19] === '.' && value[23] === 'Z';
}

/** Epoch milliseconds, or what is wrong. */
function parseIsoString(text: string): number | Problem {
  if (!ISO_8601.test(text)) return 'format';
  // The pattern fixes where each part is: YYYY-MM-DD hh:mm:ss.fff±hh:mm
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let offsetMs = 0;
  if (text.length > 10) {
    hour = digitsAt(text, 11, 2);
    minute = digitsAt(text, 14, 2);
    let at = 16;
    if (text[at] === ':') {
      second = digitsAt(text, 17, 2);
      at = 19;
      if (text[at] === '.') {
        const start = at + 1;
        for (at = start; at < text.length && isDigit(text.charCodeAt(at)); at++);
        // Cut, never rounded: .9999 is still the 999th millisecond.
        for (let i = start; i < start + 3; i++) millisecond = millisecond * 10 + (i < at ? digitsAt(text, i, 1) : 0);
      }
    }
    if (text[at] === ' ') at += 1;
    if (at < text.length) {
      const offset = parseOffset(text.slice(at));
      if (offset === undefined) return 'impossible';
      offsetMs = offset;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'impossible';
  // Hour 24 and leap second 60 are ISO 8601 but not representable; rejected rather than rolled over.
  if (hour > 23 || minute > 59 || second > 59) return 'impossible';
  const local =
    daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + millisecond;
  return local - offsetMs;
}

/** `Z`, `z`, `±hh`, `±hhmm`, `±hh:mm` in milliseconds east of UTC; undefined when out of range. */
function parseOffset(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const hours = digitsAt(offset, 1, 2);
  const minutes = offset.length > 3 ? digitsAt(offset, offset.length - 2, 2) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE);
}

/** The number written by `count` ASCII digits at `start` (the pattern has checked they are digits). */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Epoch milliseconds, cut (towards the past) to a whole millisecond. */
function fromEpochNumber(value: number): number | Problem {
  if (!Number.isFinite(value)) return 'format';
  const ms = Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value;
  // `1700000000.123 * 1000` may land a hair below ...123: a float that close to a whole
  // millisecond means that millisecond, not the one before.
  const nearest = Math.round(ms);
  return Math.abs(ms - nearest) <= Math.abs(ms) * Number.EPSILON * 4 ? nearest : Math.floor(ms);
}
