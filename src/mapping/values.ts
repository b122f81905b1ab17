/**
 * Turning a record's values into Heap property values. Heap accepts numbers and strings of fewer
 * than 1024 characters (docs/heap-api.md); everything else is converted or left out here.
 */
import { HEAP_LIMITS } from '../config/defaults.js';
import { ExactNumber } from '../input/exact-number.js';
import { cutToCodePoints, exceedsCodePoints } from './characters.js';
import { checkNumber, checkNumbersIn } from './rounded-numbers.js';
import type { HeapPropertyValue, ValueAdjustments } from './types.js';

/** Heap's own convention for arrays on track: `a||b||c`. */
export const ARRAY_SEPARATOR = '||';

/**
 * A value that contributes nothing: null, absent, or an array with no item left once nulls are
 * skipped. Such a value is left out, and it never shadows another field of the same name.
 */
export function isAbsent(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) {
    if (!isAbsentItem(item)) return false;
  }
  return true;
}

/** A plain JSON object (not null, not an array, not an exact number): one that is flattened into dot keys. */
export function isNestedObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ExactNumber);
}

/**
 * The Heap value of a leaf (anything but a nested object), or undefined when it is left out.
 * Strings longer than 1023 characters are cut, and counted in `adjustments.truncatedValues`.
 * An integer beyond ±(2^53 − 1) is sent as the string of its digits (Heap would round a JSON
 * number); a number that overflows a double (an infinity, or an overflowing ExactNumber) is left
 * out and counted in `overflowingNumbers`.
 */
export function toHeapValue(value: unknown, adjustments: ValueAdjustments): HeapPropertyValue | undefined {
  switch (typeof value) {
    case 'string':
      return cut(value, adjustments);
    case 'number':
      checkNumber(value);
      // An infinity is what JSON.parse makes of a number that overflows a double (`1e400`).
      if (Number.isFinite(value)) return value;
      adjustments.overflowingNumbers++;
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return undefined;
      if (value instanceof ExactNumber) return value.decimal ? value.double : exactNumberText(value, adjustments);
      const text = Array.isArray(value) ? arrayText(value, adjustments) : objectText(value);
      return text === undefined ? undefined : cut(text, adjustments);
    }
    default:
      return undefined;
  }
}

/** Whether a property key is too long for Heap (1024 characters or more): it is left out. */
export function isKeyTooLong(key: string): boolean {
  return exceedsCodePoints(key, HEAP_LIMITS.maxPropertyLength);
}

/**
 * Scalars joined with `||` (nulls skipped, booleans as "true"/"false"); undefined when nothing
 * is left. An array that holds an object or an array becomes its JSON text instead (where an
 * integer beyond ±(2^53 − 1) is the string of its digits, see ExactNumber.toJSON).
 */
function arrayText(items: readonly unknown[], adjustments: ValueAdjustments): string | undefined {
  let text: string | undefined;
  for (const item of items) {
    let part: string;
    switch (typeof item) {
      case 'string':
        part = item;
        break;
      case 'number':
        checkNumber(item);
        if (!Number.isFinite(item)) {
          adjustments.overflowingNumbers++;
          continue;
        }
        part = String(item);
        break;
      case 'boolean':
        part = item ? 'true' : 'false';
        break;
      case 'object':
        if (item === null) continue;
        if (item instanceof ExactNumber) {
          const digits = item.decimal ? String(item.double) : exactNumberText(item, adjustments);
          if (digits === undefined) continue;
          part = digits;
          break;
        }
        return objectText(items);
      default:
        continue;
    }
    text = text === undefined ? part : text + ARRAY_SEPARATOR + part;
  }
  return text;
}

/** JSON text of a value holding objects (ExactNumber.toJSON writes an exact integer as its digits). */
function objectText(value: object): string {
  checkNumbersIn(value);
  return JSON.stringify(value);
}

function isAbsentItem(item: unknown): boolean {
  return item === null || item === undefined;
}

/** An exact integer's digits, or undefined (counted) for a number that overflows a double. */
function exactNumberText(value: ExactNumber, adjustments: ValueAdjustments): string | undefined {
  if (!value.overflows) return cut(value.text, adjustments);
  adjustments.overflowingNumbers++;
  return undefined;
}

function cut(text: string, adjustments: ValueAdjustments): string {
  const kept = cutToCodePoints(text, HEAP_LIMITS.maxPropertyLength);
  if (kept.length !== text.length) adjustments.truncatedValues++;
  return kept;
}
