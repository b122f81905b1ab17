/**
 * Heap's `timestamp` is "ISO 8601, e.g. 2017-03-10T22:21:56+00:00". The sandbox accepts the
 * extended ISO 8601 forms a client plausibly sends and JavaScript's Date can read:
 *
 *   2017-03-10
 *   2017-03-10T22:21[:56[.123…]][Z | ±HH:MM | ±HHMM]
 *
 * Every field is range-checked (month 01–12, the day exists in that month of that year, hour
 * 00–23, minute and second 00–59, offset up to ±23:59), because `Date.parse` alone is too lenient
 * in some engines and too strict in others to be the rule. Basic format (`20170310T222156Z`), a
 * space instead of `T`, an hours-only offset (`+05`) and leap seconds are refused: Heap documents
 * none of them and JavaScript's Date reads none of them.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

export function isIso8601(value: string): boolean {
  const m = ISO_8601.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59)) return false;
  if (m[6] !== undefined && Number(m[6]) > 59) return false;
  if (m[7] !== undefined && Number(m[7]) > 23) return false;
  if (m[8] !== undefined && Number(m[8]) > 59) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
