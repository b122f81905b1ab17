/** The Heap items a record maps to, exactly as they go into a bulk request body. */
export type HeapPropertyValue = string | number;
export type HeapProperties = Record<string, HeapPropertyValue>;

export interface HeapEvent {
  identity: string;
  event: string;
  /** ISO 8601 UTC with milliseconds; absent when the mapping has no timestamp_field. */
  timestamp?: string;
  idempotency_key: string;
  properties: HeapProperties;
}

export interface HeapUser {
  identity: string;
  properties: HeapProperties;
}

export interface HeapAccount {
  account_id: string;
  properties: HeapProperties;
}

/** One user of a deletion request: by identity, or by Heap's numeric user id (a JSON number, as Heap's page shows). */
export type HeapDeletionUser = ({ identity: string } | { user_id: number }) & NoProperties;

/** Deletion and identify bodies carry no properties. */
interface NoProperties {
  properties?: never;
}

/** An identify request's item, without the app_id the body adds. */
export interface HeapIdentify extends NoProperties {
  /** Heap's numeric user id as a string of digits. */
  user_id: string;
  identity: string;
  /** ISO 8601 UTC with milliseconds; absent when the mapping has no timestamp_field. */
  timestamp?: string;
}

/**
 * The endpoints, named after what they carry: the three bulk ingestion endpoints, user deletion
 * (bulk, Bearer token) and identify (one item per request).
 */
export type Endpoint = 'track' | 'users' | 'accounts' | 'deletions' | 'identify';

export type MappedItem =
  | { endpoint: 'track'; item: HeapEvent }
  | { endpoint: 'users'; item: HeapUser }
  | { endpoint: 'accounts'; item: HeapAccount }
  | { endpoint: 'deletions'; item: HeapDeletionUser }
  | { endpoint: 'identify'; item: HeapIdentify };

/** What mapping one record did to its values, for the run summary. */
export interface ValueAdjustments {
  /** String values cut to 1023 characters. */
  truncatedValues: number;
  /** Properties left out because their key has 1024 or more characters. */
  droppedLongKeys: number;
  /** User properties left out because their key is `id` in some casing. */
  droppedIdKeys: number;
  /** Numbers left out because they overflow a double (`1e400`). */
  overflowingNumbers: number;
  /** The field, when the identity or account id has leading or trailing spaces (kept as is, counted, warned of once per stream). */
  paddedIdentifier?: string;
}

export type MapResult =
  | { ok: true; mapped: MappedItem; adjustments: ValueAdjustments }
  /**
   * `reason` names the field and the problem, never the value (values may be personal data);
   * `category` is the same for every record rejected for the same reason (src/mapping/rejection.ts).
   */
  | {
      ok: false;
      reason: string;
      category?: string;
      /**
       * The mapping met a number JSON.parse may have rounded and was not told the data is exact
       * (src/mapping/rounded-numbers.ts): not a rejection. The caller reads the line again with
       * the exact reader and maps that with `exact` set (src/mapping/map-record.ts).
       */
      inexact?: true;
    };

/** The catalog's view of a stream that a mapper needs. */
export interface StreamInfo {
  name: string;
  namespace?: string | null | undefined;
  /** The catalog's `primary_key`: a list of field paths, each a list of keys. */
  primaryKey?: string[][] | undefined;
}

export interface RecordMapper {
  /**
   * `exact`: the data comes from the exact reader (src/input/exact-json.ts), so a number beyond
   * ±(2^53 − 1) is taken as it is; unset, the data is JSON.parse's reading and the result is
   * `inexact` when the mapping uses a number it may have rounded.
   */
  map(data: Record<string, unknown>, exact?: boolean): MapResult;
}
