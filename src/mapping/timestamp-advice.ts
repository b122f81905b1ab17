/**
 * Why a timestamp string was not read, for a person: what kind of value it looks like (never the
 * value: it may be personal data) and which form to write instead. Each answer has a short `kind`
 * that is the same for every value of that shape, so rejections can be counted by it.
 */

/** The forms src/mapping/timestamp.ts reads, for the end of every format rejection. */
export const ACCEPTED_FORMS =
  'accepted: ISO 8601 such as 2024-03-05T10:20:30Z (T or a space, offset Z, +01:00, +0100 or +01, or none for UTC), ' +
  'a date YYYY-MM-DD, epoch seconds or milliseconds as a JSON number, or a string of exactly 10 or 13 digits';

export interface TimestampAdvice {
  /** `is a date written MM/DD/YYYY or DD/MM/YYYY`: what the value looks like. */
  seen: string;
  /** `write it as YYYY-MM-DD`: what to do instead. */
  advice: string;
  /** A short label for counting, in the words of `seen` (`MM/DD/YYYY or DD/MM/YYYY date`). */
  kind: string;
}

interface Shape {
  pattern: RegExp;
  seen: string;
  advice: string;
  kind: string;
}

// First match wins: the specific shapes before the general ones.
const SHAPES: readonly Shape[] = [
  {
    pattern: /^\s*$/,
    seen: 'an empty or blank string',
    advice: 'a record needs its time here, or remove timestamp_field to let Heap stamp the arrival time',
    kind: 'empty string',
  },
  {
    // Timestamps are read exactly as written; spaces around one usually come from a CSV export.
    pattern: /^\s|\s$/,
    seen: 'a string with leading or trailing spaces',
    advice: 'trim the spaces around the date or time',
    kind: 'leading or trailing spaces',
  },
  {
    pattern: /^[+-]?\d{16}$/,
    seen: 'a string of 16 digits, which looks like epoch microseconds',
    advice: 'divide it by 1,000 to send epoch milliseconds (13 digits)',
    kind: 'epoch microseconds',
  },
  {
    pattern: /^[+-]?\d{19}$/,
    seen: 'a string of 19 digits, which looks like epoch nanoseconds',
    advice: 'divide it by 1,000,000 to send epoch milliseconds (13 digits)',
    kind: 'epoch nanoseconds',
  },
  {
    pattern: /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\d{2})?(?:\D|$)/,
    seen: 'a date written day and month first (MM/DD/YYYY or DD/MM/YYYY), which cannot be read without guessing',
    advice: 'write it as YYYY-MM-DD (with the time: YYYY-MM-DDThh:mm:ss)',
    kind: 'MM/DD/YYYY or DD/MM/YYYY date',
  },
  {
    pattern: /^\d{4}[/.]\d{1,2}[/.]\d{1,2}(?:\D|$)/,
    seen: 'a date with slashes or dots (YYYY/MM/DD)',
    advice: 'write it with dashes, YYYY-MM-DD',
    kind: 'YYYY/MM/DD date',
  },
  {
    pattern: /^-?\d+\.\d+$/,
    seen: 'a decimal number in a string',
    advice: 'send epoch time as a JSON number, or as a string of exactly 10 (seconds) or 13 (milliseconds) digits',
    kind: 'decimal number string',
  },
  {
    pattern: /^[+-]?\d+$/,
    seen: 'a string of digits that is not exactly 10 (epoch seconds) or 13 (epoch milliseconds) digits long',
    advice: 'send epoch time as a JSON number, or pad it to 10 or 13 digits',
    kind: 'digit string of another length',
  },
  {
    pattern: /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}(?::\d{1,2})?)?$/,
    seen: 'a date with one-digit months, days, hours or minutes',
    advice: 'write two digits each: YYYY-MM-DD, hh:mm:ss',
    kind: 'ISO 8601 with one-digit parts',
  },
  {
    pattern: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*[A-Za-z]{2,}/,
    seen: 'a date-time with a named time zone',
    advice: 'write the offset as a number (+01:00, or Z for UTC)',
    kind: 'named time zone',
  },
  {
    pattern: /^\d{4}-\d{2}-\d{2}/,
    seen: 'a string that starts like an ISO 8601 date but does not continue like one',
    advice: 'write YYYY-MM-DD, optionally followed by T or a space, hh:mm[:ss[.fff]] and an offset',
    kind: 'malformed ISO 8601',
  },
  {
    // A digit as well, so a word like "Janet" is not taken for a date.
    pattern: /^(?=.*\d).*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/i,
    seen: 'a date written with a month or day name',
    advice: 'write it as ISO 8601, YYYY-MM-DDThh:mm:ssZ',
    kind: 'month or day name',
  },
];

const OTHER: TimestampAdvice = { seen: 'a string that is not a date or time', advice: 'write one of the accepted forms', kind: 'not a date' };

/**
 * Why an epoch number was out of range, when its size gives it away: epoch microseconds or
 * nanoseconds (a warehouse's native unit) read as milliseconds land tens of thousands of years on.
 */
export function adviseOnEpochNumber(value: number): TimestampAdvice | undefined {
  const size = Math.abs(value);
  // Epoch microseconds since 2001 are 16 digits, nanoseconds 19.
  if (size >= 1e18 && size < 1e20) return { seen: 'a number that looks like epoch nanoseconds', advice: 'divide it by 1,000,000 to send epoch milliseconds', kind: 'epoch nanoseconds' };
  if (size >= 1e15 && size < 1e17) return { seen: 'a number that looks like epoch microseconds', advice: 'divide it by 1,000 to send epoch milliseconds', kind: 'epoch microseconds' };
  return undefined;
}

/** What the string `text`, which no accepted form matches, looks like and what to write instead. */
export function adviseOnTimestamp(text: string): TimestampAdvice {
  for (const shape of SHAPES) if (shape.pattern.test(text)) return shape;
  return OTHER;
}
