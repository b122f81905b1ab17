/**
 * Defaults shared by the runtime, spec.json and the README. A test keeps spec.json's
 * `default` values equal to these.
 */
export const DEFAULTS = {
  region: 'us',
  /** No mapping: only catalog streams that name a destination object (destination_object_name) can be synced. */
  mappings: [],
  /** Items per bulk request; Heap accepts at most 1000. */
  batch_size: 1000,
  /** Requests in flight across all endpoints. */
  max_concurrent_requests: 8,
  /** Tracked events per sliding 60-second window for the app; 0 = no limit. */
  events_per_minute: 15000,
  /** Tracked events per sliding 60-second window per identity; 0 = no limit. */
  events_per_identity_per_minute: 1000,
  invalid_record_policy: 'skip',
  send_test_event: false,
  /** Mapped fields must be declared by the stream's catalog schema, where it declares properties. */
  check_fields_against_catalog: true,
  /** Seconds one HTTP request may take. */
  request_timeout_seconds: 30,
  /** Seconds a batch may keep being retried before the sync fails. */
  max_retry_seconds: 600,
  /** Rejected records are counted and reported, not kept (src/rejected/). */
  object_storage_config: { storage_type: 'None' },
} as const;

/** Heap's ingestion hosts per region. */
export const REGION_URLS = {
  us: 'https://heapanalytics.com',
  eu: 'https://c.eu.heap-api.com',
} as const;

/** Heap's documented limits. */
export const HEAP_LIMITS = {
  maxItemsPerRequest: 1000,
  maxIdentityLength: 255,
  maxEventNameLength: 1024,
  /** Property values and keys must have fewer than 1024 characters. */
  maxPropertyLength: 1023,
} as const;
