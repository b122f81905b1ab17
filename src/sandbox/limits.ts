/**
 * Heap's documented limits as the sandbox enforces them (see docs/heap-api.md), and the sandbox's
 * own defaults. Kept apart from the connector's `HEAP_LIMITS` on purpose: the sandbox is the
 * oracle the connector is tested against, so a mistake in one must not silently reappear in the other.
 */
export const HEAP_RULES = {
  /** Items per bulk request (events, users or accounts). */
  maxItemsPerRequest: 1000,
  /** `identity` and `account_id`: at most this many characters. */
  maxIdentityLength: 255,
  /** `event`: at most this many characters. */
  maxEventNameLength: 1024,
  /** Property keys and string values: fewer than this many characters. */
  propertyLengthBound: 1024,
  /** Users per `/api/public/v0/user_deletion` request. */
  maxUsersPerDeletion: 10_000,
} as const;

export const SANDBOX_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  /** Heap: 15,000 events per minute per app_id. */
  eventsPerAppPerWindow: 15_000,
  /** Heap: 1,000 events per minute per identity. */
  eventsPerIdentityPerWindow: 1_000,
  windowMs: 60_000,
  /** Heap documents no body limit; 20 MiB is far above 1000 maximal items and bounds memory. */
  maxBodyBytes: 20 * 1024 * 1024,
  /** With storeEvents=false, `store.requests` keeps only this many of the latest requests. */
  requestLogCapWithoutEvents: 10_000,
  /** Admin `?limit=` when absent. */
  adminListLimit: 100,
  /** Heap: an access token expires 5 minutes after it was issued. */
  tokenTtlSeconds: 300,
} as const;

/** The Heap endpoints the sandbox serves. */
export const HEAP_PATHS = {
  track: '/api/track',
  users: '/api/add_user_properties',
  accounts: '/api/add_account_properties',
  authToken: '/api/public/v0/auth_token',
  userDeletion: '/api/public/v0/user_deletion',
  identify: '/api/v1/identify',
} as const;

export type HeapPath = (typeof HEAP_PATHS)[keyof typeof HEAP_PATHS];

const ALL_PATHS: ReadonlySet<string> = new Set(Object.values(HEAP_PATHS));

export function isHeapPath(path: string): path is HeapPath {
  return ALL_PATHS.has(path);
}
