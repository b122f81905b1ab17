/**
 * The identity (events, user properties) and the account id (account properties): a non-empty
 * string of at most 255 characters that is not only whitespace (Heap would file every such
 * record under one blank user); a number stands for its decimal string, so `0` is "0".
 */
import { HEAP_LIMITS } from '../config/defaults.js';
import { ExactNumber } from '../input/exact-number.js';
import { exceedsCodePoints } from './characters.js';
import { describeKind, fieldRejection, missingField, type Rejection } from './rejection.js';
import { checkNumber } from './rounded-numbers.js';
import type { ValueAdjustments } from './types.js';

/** What named the field: a mapping setting, or `field` for a destination object's fixed field. */
export type IdentifierSetting = 'identity_field' | 'account_id_field' | 'field';

/** The identifier `value` stands for, or why it cannot be one. `field` only names the field in the reason. */
export function readIdentifier(value: unknown, setting: IdentifierSetting, field: string): string | Rejection {
  if (value === undefined) return missingField(setting, field);
  if (typeof value === 'number') checkNumber(value);
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = decimalString(value);
  // An integer beyond ±(2^53 − 1) keeps its exact digits; one that overflows a double is refused below.
  else if (value instanceof ExactNumber && !value.overflows) text = value.text;
  else return fieldRejection(setting, field, `is ${describeKind(value)}; expected a non-empty string or a number`, 'wrong type');
  if (text.length === 0) return fieldRejection(setting, field, 'is empty', 'empty');
  if (text.trim().length === 0) return fieldRejection(setting, field, 'is only whitespace', 'only whitespace');
  if (exceedsCodePoints(text, HEAP_LIMITS.maxIdentityLength)) {
    return fieldRejection(setting, field, `is longer than ${HEAP_LIMITS.maxIdentityLength} characters`, 'too long');
  }
  return text;
}

/** Notes in `adjustments` that `text`, an identity or account id read from `field`, has leading or trailing whitespace. */
export function notePadding(adjustments: ValueAdjustments, text: string, field: string): void {
  if (text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)))) adjustments.paddedIdentifier = field;
}

function isSpace(code: number): boolean {
  return String.fromCharCode(code).trim().length === 0;
}

/** `1e21` would read "1e+21"; an integer that large is written out in full instead. */
function decimalString(value: number): string {
  return Number.isInteger(value) && Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
}
