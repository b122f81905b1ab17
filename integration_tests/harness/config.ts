/**
 * Config builders: a valid config pointed at a sandbox, and the three kinds of mapping with
 * the suite's conventional field names (`user_id`, `account_id`).
 */
import type { JsonObject } from './protocol.js';

/** The Heap app (environment) ID every test uses. */
export const APP_ID = '4242';

export function heapConfig(baseUrl: string | { url: string }, overrides: JsonObject = {}): JsonObject {
  return {
    app_id: APP_ID,
    base_url: typeof baseUrl === 'string' ? baseUrl : baseUrl.url,
    mappings: [eventsMapping('events')],
    ...overrides,
  };
}

/** An events mapping: identity `user_id`, constant event name unless `event_name_field` is given. */
export function eventsMapping(stream: string, extra: JsonObject = {}): JsonObject {
  const nameSource = 'event_name_field' in extra ? {} : { event_name: 'Test Event' };
  return { stream, sync_type: 'events', identity_field: 'user_id', ...nameSource, ...extra };
}

export function usersMapping(stream: string, extra: JsonObject = {}): JsonObject {
  return { stream, sync_type: 'user_properties', identity_field: 'user_id', ...extra };
}

export function accountsMapping(stream: string, extra: JsonObject = {}): JsonObject {
  return { stream, sync_type: 'account_properties', account_id_field: 'account_id', ...extra };
}
