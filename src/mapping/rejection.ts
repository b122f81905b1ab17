import { ExactNumber } from '../input/exact-number.js';

/**
 * Why a record cannot be mapped. A reason names the config setting, the field and the problem,
 * and never the value: values may be personal data, and reasons end up in logs.
 */
export class Rejection {
  /**
   * @param reason the sentence for a person.
   * @param category a short label that is the same for every record rejected for the same
   *   reason (`identity_field "email": missing`), so rejections can be counted by it; never a value.
   */
  constructor(
    readonly reason: string,
    readonly category: string = reason,
  ) {}
}

/**
 * `identity_field "user.id" is missing`: the setting, the field it names, the problem. `kind`
 * names the problem in a word or two (`missing`, `wrong type`) for the category.
 */
export function fieldRejection(setting: string, field: string, problem: string, kind = 'invalid'): Rejection {
  const named = `${setting} ${JSON.stringify(field)}`;
  return new Rejection(`${named} ${problem}`, `${named}: ${kind}`);
}

/**
 * The field a setting names is not in the record. Field names are the commonest mistake here
 * (`Email` for `email`, `email` for `customer.email`), so the reason says how names are read.
 */
export function missingField(setting: string, field: string): Rejection {
  return fieldRejection(setting, field, 'is missing from the record (names are case-sensitive; dot paths read nested objects)', 'missing');
}

/** The kind of a JSON value, for reasons ("is a boolean"); never the value itself. */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      if (value instanceof ExactNumber) return value.overflows ? 'a number too large for a double' : value.decimal ? 'a number' : 'an integer';
      return 'an object';
    case 'boolean':
      return 'a boolean';
    case 'number':
      // An infinity is what JSON.parse makes of a number that overflows a double (`1e400`).
      return value === Infinity || value === -Infinity ? 'a number too large for a double' : 'a number';
    case 'string':
      return 'a string';
    default:
      return `a ${typeof value}`;
  }
}
