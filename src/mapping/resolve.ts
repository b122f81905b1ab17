/**
 * Which mapping serves a record: the most specific one. In order:
 * 1. the mapping for the record's stream whose `namespace` equals the record's namespace;
 * 2. the mapping for the record's stream without a `namespace`;
 * 3. a `"*"` mapping whose `namespace` equals the record's namespace;
 * 4. a `"*"` mapping without a `namespace`.
 * A mapping with a `namespace` never serves a record of another namespace, nor one without.
 */
import type { Mapping } from '../config/schema.js';

export const ANY_STREAM = '*';

export function findMapping(
  mappings: readonly Mapping[],
  stream: string,
  namespace: string | null | undefined,
): Mapping | undefined {
  let best: Mapping | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const mapping of mappings) {
    const rank = rankOf(mapping, stream, namespace);
    if (rank < bestRank) {
      best = mapping;
      bestRank = rank;
    }
  }
  return best;
}

/** 1 (best) to 4, as listed above; Infinity when the mapping does not serve the record. */
function rankOf(mapping: Mapping, stream: string, namespace: string | null | undefined): number {
  let rank: number;
  if (mapping.stream === stream) rank = 1;
  else if (mapping.stream === ANY_STREAM) rank = 3;
  else return Number.POSITIVE_INFINITY;
  if (mapping.namespace === undefined) return rank + 1;
  return mapping.namespace === namespace ? rank : Number.POSITIVE_INFINITY;
}
