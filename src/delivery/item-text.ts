/**
 * A mapped record as the delivery engine queues it: the Heap item as JSON text, written once
 * where the record is mapped (sync/map-line.ts), and the key that batching and rate budgets go by.
 */
import type { Endpoint, MappedItem } from '../mapping/types.js';

/** A mapped record as the engine queues it. */
export interface ItemText {
  endpoint: Endpoint;
  /** The Heap item as JSON text. */
  json: string;
  /** identity (events, users) or account id (accounts). */
  key: string;
}

/** The engine's form of a mapped item. */
export function itemText(mapped: MappedItem): ItemText {
  const key = mapped.endpoint === 'accounts' ? mapped.item.account_id : mapped.item.identity;
  return { endpoint: mapped.endpoint, json: JSON.stringify(mapped.item), key };
}
