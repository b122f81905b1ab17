/**
 * Config builders: a valid config pointed at a sandbox, and the kinds of mapping with the suite's
 * conventional field names (`user_id`, `account_id`; deletions and identify: `heap_user_id` for
 * Heap's numeric user id).
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

/** A user deletions mapping by identity (`user_id`), or by Heap's numeric user id with `{ by: 'user_id' }`. */
export function deletionsMapping(stream: string, options: { by?: 'identity' | 'user_id' } = {}): JsonObject {
  const field = options.by === 'user_id' ? { user_id_field: 'heap_user_id' } : { identity_field: 'user_id' };
  return { stream, sync_type: 'user_deletions', ...field };
}

/** An identify mapping: Heap's user id in `heap_user_id`, the identity in `user_id`. */
export function identifyMapping(stream: string, extra: JsonObject = {}): JsonObject {
  return { stream, sync_type: 'identify', user_id_field: 'heap_user_id', identity_field: 'user_id', ...extra };
}

/** The api_key the suite's sandboxes accept for APP_ID (`useSandbox({ apiKeys: API_KEYS })`). */
export const API_KEY = 'sandbox-api-key-4242';
export const API_KEYS = { [APP_ID]: API_KEY };
