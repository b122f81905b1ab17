/**
 * Heap's numeric user id (user deletions, identify): an integer from 0 to 2^53 − 1, given as a
 * number or as a string of digits (warehouses often hold it as text). The result is its digits.
 */
import { ExactNumber } from '../input/exact-number.js';
import { describeKind, fieldRejection, missingField, type Rejection } from './rejection.js';
import { checkNumber } from './rounded-numbers.js';

/** What named the field: a mapping setting, or `field` for a destination object's fixed field. */
export type UserIdSetting = 'user_id_field' | 'field';

const MAX_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

/** The user id `value` stands for, as a string of digits, or why it cannot be one. */
export function readUserId(value: unknown, setting: UserIdSetting, field: string): string | Rejection {
  if (value === undefined) return missingField(setting, field);
  if (typeof value === 'number') checkNumber(value);
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = Number.isInteger(value) ? BigInt(value).toString() : String(value);
  else if (value instanceof ExactNumber && !value.overflows) text = value.text;
  else return fieldRejection(setting, field, `is ${describeKind(value)}; expected Heap's numeric user id (digits, below 2^53)`, 'wrong type');
  if (!/^[0-9]+$/.test(text)) {
    return fieldRejection(setting, field, "is not Heap's numeric user id: expected digits only (0 to 2^53 - 1)", 'not digits');
  }
  const digits = text.replace(/^0+(?=[0-9])/, '');
  if (digits.length > MAX_DIGITS || Number(digits) > Number.MAX_SAFE_INTEGER) {
    return fieldRejection(setting, field, "is not below 2^53, so it is not a Heap user id", 'too large');
  }
  return digits;
}
