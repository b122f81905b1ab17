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
  /** identity (events, users, identify, deletions by identity), account id (accounts), `user_id:<digits>` (deletions by user_id). */
  key: string;
  /** Heap's numeric user id (identify, deletions by user_id). */
  userId?: string;
}

/** The engine's form of a mapped item. */
export function itemText(mapped: MappedItem): ItemText {
  const json = JSON.stringify(mapped.item);
  switch (mapped.endpoint) {
    case 'accounts':
      return { endpoint: mapped.endpoint, json, key: mapped.item.account_id };
    case 'deletions':
      if ('user_id' in mapped.item) {
        const userId = String(mapped.item.user_id);
        return { endpoint: mapped.endpoint, json, key: `user_id:${userId}`, userId };
      }
      return { endpoint: mapped.endpoint, json, key: mapped.item.identity };
    case 'identify':
      return { endpoint: mapped.endpoint, json, key: mapped.item.identity, userId: mapped.item.user_id };
    default:
      return { endpoint: mapped.endpoint, json, key: mapped.item.identity };
  }
}
