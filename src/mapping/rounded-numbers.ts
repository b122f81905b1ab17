/**
 * Numbers JSON.parse may have rounded. Input lines are read by JSON.parse, which rounds an integer
 * beyond ±(2^53 − 1) to a nearby double (9007199254740993 becomes 9007199254740992) and makes
 * ±Infinity of a number beyond a double's range, be it `1e400` or a 400-digit integer that the
 * exact reader keeps digit for digit (src/input/exact-json.ts). Either way JSON.parse hands over
 * a number beyond ±(2^53 − 1); a number within that range is the same double the exact reader
 * gives.
 *
 * Rather than look at every line for such numbers, the mapping checks each number it uses
 * (identity, account id, event name, property values, the values an idempotency key is made of).
 * While it maps data read by JSON.parse alone, such a number stops it (`ROUNDED_NUMBER`, thrown
 * to `guarded` in mapper.ts, which returns an `inexact` result): the caller reads the line again
 * with the exact reader and maps that with `exact` set, where the check is off. There a number
 * beyond ±(2^53 − 1) that is still a double is one the text wrote as such (`1.5e17`,
 * `9007199254740992.0`), taken as it is, so a record is read at most twice. A number in a field
 * the mapping leaves out, or only inside a string, costs nothing.
 *
 * Timestamps need no check: an exact integer is read as a double there anyway, which gives what
 * JSON.parse gave.
 *
 * The check is a flag for the span of one synchronous `map` call: set and restored by `guarded`
 * only, off otherwise, so the functions here never throw when called outside a mapper.
 */

/** Thrown out of a mapping that met a number JSON.parse may have rounded; `guarded` catches it. */
export const ROUNDED_NUMBER: object = Object.freeze({ reason: 'a number JSON.parse may have rounded' });

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** True while data read by JSON.parse alone is being mapped. */
let checking = false;

/** Turns the check on or off; returns whether it was on, for the caller to restore. */
export function setRoundingCheck(on: boolean): boolean {
  const was = checking;
  checking = on;
  return was;
}

/** Stops the mapping (throws ROUNDED_NUMBER) when `value` may be rounded and the check is on. */
export function checkNumber(value: number): void {
  if ((value > MAX_SAFE || value < -MAX_SAFE) && checking) throw ROUNDED_NUMBER;
}

/**
 * `checkNumber` for every number inside `value` (an array or object about to be written out by
 * JSON.stringify). Iterative, so nesting depth is bounded only by memory; nothing to do when the
 * check is off.
 */
export function checkNumbersIn(value: unknown): void {
  if (!checking) return;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'number') {
      checkNumber(next);
    } else if (typeof next === 'object' && next !== null) {
      for (const item of Array.isArray(next) ? next : Object.values(next)) pending.push(item);
    }
  }
}
