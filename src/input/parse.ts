/**
 * One input line → what the pipeline does with it. Never throws: a line that is not an
 * AirbyteMessage comes back as `invalid` with a reason naming what is wrong (never a value).
 *
 * A record is read by JSON.parse alone, which may round a number a double cannot hold. The mapping
 * notices when it uses such a number (src/mapping/rounded-numbers.ts); only then is the line read
 * again with `reading` set to 'exact', which reads the record with the exact reader
 * (src/input/exact-json.ts): the glue is src/mapping/map-record.ts.
 */
import type { z } from 'zod';
import { describeIssues } from '../config/issues.js';
import { parseExactJson } from './exact-json.js';
import { ExactNumber } from './exact-number.js';
import { IGNORED_TYPES, RecordMessage, StateMessage } from '../protocol/messages.js';

export type ParsedLine =
  | { kind: 'record'; message: RecordMessage }
  /** `text` is the line as received: the state is echoed with its exact text. */
  | { kind: 'state'; message: StateMessage; text: string }
  | { kind: 'ignored'; type: string }
  /** `state`: the line is a STATE that breaks the protocol's schema (dropped, never echoed). */
  | { kind: 'invalid'; reason: string; state?: true };

/** What reads input lines: parseLine, or the shell mode's bareRecordParser (src/input/bare.ts). */
export type LineParser = (text: string, reading?: 'exact') => ParsedLine;

/**
 * `reading: 'exact'` reads a record with parseExactJson, where a number a double cannot hold
 * becomes an ExactNumber (the slow path); otherwise with JSON.parse alone.
 */
export function parseLine(text: string, reading?: 'exact'): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (type === 'RECORD') {
    // The text is valid JSON (JSON.parse just read it), as the exact reader requires.
    const record = reading === 'exact' ? (parseExactJson(text) as object) : value;
    // Fast path: the shape RecordMessage accepts, checked by hand (zod copies every object it parses);
    // zod still decides, and words the reason, when the fast check fails.
    if (isPlainRecord(record)) return { kind: 'record', message: record as RecordMessage };
    return checked('record', RecordMessage.safeParse(record, { reportInput: true }));
  }
  if (type === 'STATE') {
    const state = checked('state', StateMessage.safeParse(value, { reportInput: true }));
    return state.kind === 'state' ? { ...state, text } : { ...state, state: true };
  }
  if (typeof type !== 'string') return { kind: 'invalid', reason: 'not an AirbyteMessage (no "type" field)' };
  // LOG, TRACE, CONTROL and types this connector does not know yet are not for a destination.
  return { kind: 'ignored', type: IGNORED_TYPES.has(type) ? type : 'unknown' };
}

type Checked<K extends 'record' | 'state'> = K extends 'record'
  ? { kind: 'record'; message: RecordMessage }
  : { kind: 'state'; message: StateMessage };

function checked<K extends 'record' | 'state'>(
  kind: K,
  result: { success: true; data: unknown } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } },
): Checked<K> | { kind: 'invalid'; reason: string } {
  if (result.success) return { kind, message: result.data } as Checked<K>;
  // reportInput tells a missing field from one of the wrong type; no phrase ever holds the input.
  // The first problem, in the project's words (`state.stream.stream_descriptor: is required`), not zod's.
  const [where = ''] = describeIssues(result.error.issues.slice(0, 1));
  return { kind: 'invalid', reason: `not a valid ${kind.toUpperCase()} message (${where})` };
}

function isPlainRecord(value: object): boolean {
  const record = (value as { record?: unknown }).record;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const { stream, namespace, data, emitted_at } = record as Record<string, unknown>;
  return (
    typeof stream === 'string' &&
    stream.length > 0 &&
    (namespace === undefined || namespace === null || typeof namespace === 'string') &&
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    (emitted_at === undefined || typeof emitted_at === 'number' || emitted_at instanceof ExactNumber)
  );
}
