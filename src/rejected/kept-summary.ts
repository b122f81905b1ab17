/**
 * The summary line of kept records: where they are and how many each part holds (names and
 * counts only, never a value).
 */
import type { KeptPart } from './keeper.js';

/** Parts named at most in the summary line; the rest are counted. */
export const MAX_NAMED_PARTS = 100;

export function describeKept(where: string, syncIdNote: string, parts: readonly KeptPart[], unstored: number): string {
  const records = parts.reduce((sum, part) => sum + part.records, 0);
  const lost = unstored === 0 ? '' : ` ${unstored} rejected record${unstored === 1 ? ' was' : 's were'} not stored (no state past the first of them was echoed).`;
  if (parts.length === 0) return `Rejected records kept: none (store: ${where}; ${syncIdNote}).${lost}`;
  const named = parts.slice(0, MAX_NAMED_PARTS).map((part) => `${part.name} (${part.records})`);
  const more = parts.length > MAX_NAMED_PARTS ? `, and ${parts.length - MAX_NAMED_PARTS} more` : '';
  const files = parts.length === 1 ? 'part' : 'parts';
  return `Rejected records kept: ${records} in ${parts.length} ${files} (${syncIdNote}), records per part: ${named.join(', ')}${more}.${lost}`;
}
