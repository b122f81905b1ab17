/**
 * One record line through its mapper, numbers exact. The record as JSON.parse read it is mapped
 * first; only when that mapping uses a number JSON.parse may have rounded (src/mapping/rounded-numbers.ts)
 * is the line read again by the exact reader and mapped again, with `exact` set, which never
 * asks a second time. Most records are read once.
 */
import type { LineParser } from '../input/parse.js';
import type { MapResult, RecordMapper } from './types.js';

/** `data` is the record's data as `parse(text)` read it; `parse` is what read the line. */
export function mapRecord(mapper: RecordMapper, data: Record<string, unknown>, text: string, parse: LineParser): MapResult {
  const result = mapper.map(data);
  if (result.ok || result.inexact !== true) return result;
  const exact = parse(text, 'exact');
  // The two readings differ only in numbers, which no check of a record's shape looks at.
  if (exact.kind !== 'record') throw new Error(`The exact reading of a record line gave a ${exact.kind} line.`);
  return mapper.map(exact.message.record.data, true);
}
