/** The event name: the mapping's constant `event_name`, or the value of its `event_name_field`. */
import { HEAP_LIMITS } from '../config/defaults.js';
import { ExactNumber } from '../input/exact-number.js';
import type { EventsMapping } from '../config/schema.js';
import { exceedsCodePoints } from './characters.js';
import { compileField, resolveField } from './fields.js';
import { describeKind, fieldRejection, missingField, Rejection } from './rejection.js';
import { checkNumber } from './rounded-numbers.js';

export type EventNameReader = (data: Record<string, unknown>) => string | Rejection;

export function compileEventName(mapping: Pick<EventsMapping, 'event_name' | 'event_name_field'>): EventNameReader {
  if (mapping.event_name_field !== undefined) {
    const name = mapping.event_name_field;
    const field = compileField(name);
    return (data) => readEventName(resolveField(data, field), name);
  }
  // The schema validates the constant; checking it once here keeps the mapper total.
  const constant = mapping.event_name ?? '';
  const problem = problemWith(constant);
  const result = problem === undefined ? constant : new Rejection(`event_name ${problem}`);
  return () => result;
}

/**
 * The event name `value` stands for (a string, or a number as its decimal text), or why it cannot
 * be one. `field` and `setting` (what named the field) only name it in the reason.
 */
export function readEventName(value: unknown, field: string, setting = 'event_name_field'): string | Rejection {
  if (value === undefined) return missingField(setting, field);
  if (typeof value === 'number') checkNumber(value);
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (value instanceof ExactNumber && !value.overflows) text = value.text;
  else return fieldRejection(setting, field, `is ${describeKind(value)}; expected a non-empty string or a number`, 'wrong type');
  const problem = problemWith(text);
  return problem === undefined ? text : fieldRejection(setting, field, problem, problem === 'is empty' ? 'empty' : 'too long');
}

function problemWith(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (exceedsCodePoints(name, HEAP_LIMITS.maxEventNameLength)) {
    return `is longer than ${HEAP_LIMITS.maxEventNameLength} characters`;
  }
  return undefined;
}
