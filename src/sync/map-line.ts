/**
 * The work one input line takes before it joins the run: parse it, route a record to its
 * stream's mapper, map it (numbers exact, mapping/map-record.ts) and write the Heap item's JSON
 * text. It touches nothing of the run: the outcome is plain data, and what the run does with it
 * is intake.ts.
 */
import { StreamRouter } from '../catalog/streams.js';
import type { ConfiguredCatalog } from '../catalog/catalog.js';
import type { LoadedConfig } from '../config/load.js';
import type { SyncType } from '../config/schema.js';
import { lineParser, type LineFormat } from '../input/line-format.js';
import type { ParsedLine } from '../input/parse.js';
import { mapRecord } from '../mapping/map-record.js';
import type { ValueAdjustments } from '../mapping/types.js';
import { itemText, type ItemText } from '../delivery/item-text.js';

/** Where a record came from. */
export interface RecordSource {
  stream: string;
  namespace: string | null | undefined;
}

export type LineOutcome =
  | (RecordSource & ItemText & { kind: 'mapped'; adjustments: ValueAdjustments | undefined })
  /** The mapping refused the record: `reason` names the field and the problem, never the value. */
  | (RecordSource & { kind: 'rejected'; reason: string; category: string })
  /** A record of a stream the catalog does not have. */
  | (RecordSource & { kind: 'unrouted' })
  /** A line over the line limit: dropped unread (lines.ts). */
  | { kind: 'overlong' }
  | Exclude<ParsedLine, { kind: 'record' }>;

export const OVERLONG: LineOutcome = { kind: 'overlong' };

/** What the mapping of lines is set up from. */
export interface MappingSetup {
  config: LoadedConfig;
  catalog: ConfiguredCatalog;
  format: LineFormat;
  /** The catalog was made from --stream (see StreamRouterOptions). */
  syntheticCatalog: boolean;
}

export type MapLine = ((text: string) => LineOutcome) & {
  /** The kinds of item the catalog's streams map to (user deletions need an api_key, privacy-setup.ts). */
  readonly syncTypes: ReadonlySet<SyncType>;
};

export function lineMapper(setup: MappingSetup): MapLine {
  const parse = lineParser(setup.format);
  const router = new StreamRouter(setup.catalog, setup.config.mappings, { syntheticCatalog: setup.syntheticCatalog });
  const map = (text: string): LineOutcome => {
    const parsed = parse(text);
    if (parsed.kind !== 'record') return parsed;
    const { stream, namespace, data } = parsed.message.record;
    const routed = router.route(stream, namespace);
    if (routed === undefined) return { kind: 'unrouted', stream, namespace };
    const result = mapRecord(routed.mapper, data, text, parse);
    if (!result.ok) return { kind: 'rejected', stream, namespace, reason: result.reason, category: result.category ?? result.reason };
    const adjustments = anyAdjusted(result.adjustments) ? result.adjustments : undefined;
    return { kind: 'mapped', stream, namespace, ...itemText(result.mapped), adjustments };
  };
  return Object.assign(map, { syncTypes: router.syncTypes });
}

function anyAdjusted(adjustments: ValueAdjustments): boolean {
  return (
    adjustments.truncatedValues + adjustments.droppedLongKeys + adjustments.droppedIdKeys + adjustments.overflowingNumbers > 0 ||
    adjustments.paddedIdentifier !== undefined
  );
}
