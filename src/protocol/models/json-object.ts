/**
 * A JSON object whose content is not ours to check (a record's `data`, a state blob, a JSON
 * schema): an object, not an array or null, never walked, so one nested arbitrarily deep
 * validates and zod copies nothing.
 */
import { z } from 'zod';

export function jsonObject(message = 'must be a JSON object') {
  return z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), message);
}
