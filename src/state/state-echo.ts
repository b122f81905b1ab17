/**
 * The text of an echoed STATE: the line exactly as received, with `destinationStats` added to
 * its `state` object (product contract: every field kept, every number with its exact text,
 * `12345678901234567890` and `1.0` as written). The line is never parsed into values and written
 * again, which would round big numbers, drop `.0` and recurse through deep nesting: the stats are
 * spliced into the text, found by an iterative scan of the top-level members only.
 *
 * A `destinationStats` the state already carries is replaced (no duplicate keys). Counts are
 * written with a decimal point (`2.0`), as the Airbyte protocol asks.
 */
import { objectMembers, skipSpace, type MemberSpan } from '../input/json-scan.js';

export interface DestinationStats {
  recordCount: number;
  rejectedRecordCount: number;
}

/** `text` is one STATE message that JSON.parse accepted and whose `state` is an object. */
export function echoStateText(text: string, stats: DestinationStats): string {
  const message = objectMembers(text, skipSpace(text, 0));
  // With duplicate keys the last one counts, as for JSON.parse.
  const state = lastMember(message.members, 'state');
  if (state === undefined) throw new Error('a STATE message without a "state" object reached the echo');
  const { members, close } = objectMembers(text, state.valueStart);
  const statsText = `"destinationStats":{"recordCount":${count(stats.recordCount)},"rejectedRecordCount":${count(stats.rejectedRecordCount)}}`;
  const kept = members.filter((member) => member.key !== 'destinationStats');
  if (kept.length === members.length) {
    return `${text.slice(0, close)}${members.length > 0 ? ',' : ''}${statsText}${text.slice(close)}`;
  }
  const body = kept.map((member) => `${text.slice(member.start, member.end)},`).join('');
  return `${text.slice(0, state.valueStart)}{${body}${statsText}}${text.slice(state.end)}`;
}

function lastMember(members: readonly MemberSpan[], key: string): MemberSpan | undefined {
  for (let i = members.length - 1; i >= 0; i--) if (members[i]!.key === key) return members[i];
  return undefined;
}

/** A count with a decimal point: `2.0`. */
function count(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : `${value}`;
}
