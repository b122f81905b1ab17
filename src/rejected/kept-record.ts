/**
 * A kept record: one JSON line that is itself a RECORD AirbyteMessage, plus a `rejection` object,
 * so the file can be fed back to `write` as it is (the extra field is ignored on input).
 *
 * `data` (and `emitted_at`) are copied from the received line's text, never re-serialized from a
 * parsed value: a 20-digit integer or `1.0` stays as written.
 */
import { objectMembers, skipSpace } from '../input/json-scan.js';

export type RejectedBy = 'mapping' | 'heap';

export interface Rejection {
  reason: string;
  by: RejectedBy;
  input_line: number;
  /** ISO-8601. */
  rejected_at: string;
  connector_version: string;
}

/** The record as it came in: the received line, and how to read it. */
export interface ReceivedRecord {
  stream: string;
  namespace: string | null | undefined;
  /** The input line's text: an AirbyteMessage, or (`bare`) the record's data alone (send). */
  text: string;
  bare: boolean;
}

/** The kept line, without its newline. */
export function keptRecordLine(record: ReceivedRecord, rejection: Rejection): string {
  const { data, emittedAt } = record.bare ? { data: record.text.trim(), emittedAt: undefined } : recordSpans(record.text);
  const emitted = emittedAt ?? String(Date.parse(rejection.rejected_at));
  return (
    `{"type":"RECORD","record":{"stream":${JSON.stringify(record.stream)},${namespaceMember(record.namespace)}` +
    `"data":${data},"emitted_at":${emitted}},"rejection":${JSON.stringify(rejection)}}`
  );
}

/** The protocol's `namespace` is a string: a record without one is kept without the member. */
function namespaceMember(namespace: string | null | undefined): string {
  return namespace === null || namespace === undefined ? '' : `"namespace":${JSON.stringify(namespace)},`;
}

/** The texts of `record.data` and `record.emitted_at` in a RECORD message's line (already parsed once, so valid). */
function recordSpans(text: string): { data: string; emittedAt: string | undefined } {
  const top = objectMembers(text, skipSpace(text, 0)).members;
  const record = top.findLast((member) => member.key === 'record');
  if (record === undefined) throw new Error('a RECORD line without a record');
  const members = objectMembers(text, record.valueStart).members;
  const span = (key: string) => {
    const member = members.findLast((m) => m.key === key);
    return member === undefined ? undefined : text.slice(member.valueStart, member.end);
  };
  const data = span('data');
  if (data === undefined) throw new Error('a RECORD line without data');
  const emittedAt = span('emitted_at');
  // emitted_at is a number (the protocol's epoch ms); anything else was already refused on input.
  return { data, emittedAt: emittedAt !== undefined && /^-?[0-9]/.test(emittedAt) ? emittedAt : undefined };
}
