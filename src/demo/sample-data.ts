/**
 * Realistic sample input for the demo: a SaaS app's users, accounts and page views, as a source
 * would send them, with a few records that cannot be mapped so the report shows rejections; and
 * one data-activation stream, `purchases`, whose catalog entry names the `events` destination
 * object, so its records carry Heap's field names and need no mapping in the config. Two privacy
 * streams end it: `heap_identities` links anonymous Heap users to emails (identify), and
 * `erasure_requests` deletes users (user deletions, which need the api_key). The rejected records
 * are kept in an S3-compatible store, and one of them (DEMO_FIX) is fixed and replayed.
 */
export const DEMO_APP_ID = '1234567890';
/** The api_key the demo's sandbox accepts for DEMO_APP_ID: user deletions need one. */
export const DEMO_API_KEY = 'demo-api-key';
/** The users the demo's erasure_requests stream deletes (after their page views were sent). */
export const DEMO_DELETED_USERS = ['user19@example.com', 'user20@example.com'];

/** The bucket of the demo's S3-compatible store, where rejected records are kept for replay. */
export const DEMO_BUCKET = 'demo-rejected-records';

/**
 * The rejected record the demo fixes and replays: page view 122, whose `viewed_at` is a word, not
 * a date. The fix edits the kept line's text (as docs/heap.md, "Rejected records kept for replay",
 * does with sed), so every other value stays exactly as received.
 */
export const DEMO_FIX = { stream: 'page_views', idField: 'view_id', id: 122, field: 'viewed_at', bad: 'yesterday', fixed: '2025-11-27T10:05:00Z' } as const;

export function demoConfig(baseUrl: string, objectStorage: Record<string, unknown>) {
  return {
    app_id: DEMO_APP_ID,
    base_url: baseUrl,
    api_key: DEMO_API_KEY,
    object_storage_config: objectStorage,
    mappings: [
      {
        stream: 'page_views',
        namespace: 'web',
        sync_type: 'events',
        identity_field: 'user.email',
        event_name: 'Page Viewed',
        timestamp_field: 'viewed_at',
        exclude_fields: ['session_token'],
        rename_fields: [{ from: 'path', to: 'page_path' }],
      },
      { stream: 'users', sync_type: 'user_properties', identity_field: 'email', include_fields: ['email', 'name', 'plan', 'signed_up_at', 'is_admin', 'roles'] },
      { stream: 'accounts', sync_type: 'account_properties', account_id_field: 'account_id', exclude_fields: ['internal_notes'] },
      { stream: 'heap_identities', sync_type: 'identify', user_id_field: 'heap_user_id', identity_field: 'email', timestamp_field: 'identified_at' },
      { stream: 'erasure_requests', sync_type: 'user_deletions', identity_field: 'email' },
    ],
    batch_size: 50,
  };
}

export const DEMO_CATALOG = {
  streams: [
    configured('page_views', 'web', [['view_id']]),
    configured('users', null, [['email']]),
    configured('accounts', null, [['account_id']]),
    // Data activation: the host mapped warehouse columns onto the events object's fields.
    { ...configured('purchases', null, []), destination_object_name: 'events' },
    configured('heap_identities', null, [['heap_user_id']]),
    configured('erasure_requests', null, [['request_id']]),
  ],
};

/** The data-activation stream of the demo and the object it writes to. */
export const DEMO_ACTIVATION_STREAM = { stream: 'purchases', object: 'events' } as const;

function configured(name: string, namespace: string | null, primaryKey: string[][]) {
  return {
    stream: { name, namespace, json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh', 'incremental'] },
    sync_mode: 'incremental',
    destination_sync_mode: 'append',
    primary_key: primaryKey,
  };
}

const PLANS = ['free', 'team', 'business'] as const;
const PAGES = ['/', '/pricing', '/docs/getting-started', '/dashboard', '/settings/billing'];

/** AirbyteMessage lines: records of three streams interleaved, a state after each stream's batch. */
export function demoMessages(): string[] {
  const lines: string[] = [];
  const record = (stream: string, data: Record<string, unknown>, namespace?: string) =>
    lines.push(JSON.stringify({ type: 'RECORD', record: { stream, ...(namespace ? { namespace } : {}), data, emitted_at: 1764300000000 } }));
  const state = (stream: string, cursor: string, namespace?: string) =>
    lines.push(
      JSON.stringify({
        type: 'STATE',
        state: { type: 'STREAM', stream: { stream_descriptor: { name: stream, namespace: namespace ?? null }, stream_state: { cursor } } },
      }),
    );

  for (let a = 1; a <= 5; a++) {
    record('accounts', {
      account_id: `acct-${a}`,
      name: `Example Co ${a}`,
      plan: PLANS[a % 3],
      seats: 5 * a,
      mrr_usd: 49.5 * a,
      address: { country: a % 2 ? 'US' : 'DE', city: a % 2 ? 'Austin' : 'Berlin' },
      internal_notes: 'never sent',
    });
  }
  record('accounts', { name: 'No id Ltd', plan: 'free' });
  state('accounts', '2025-11-28T00:00:00Z');

  for (let u = 1; u <= 20; u++) {
    record('users', {
      email: `user${u}@example.com`,
      name: `User ${u}`,
      plan: PLANS[u % 3],
      signed_up_at: `2025-0${1 + (u % 9)}-1${u % 10}`,
      is_admin: u % 7 === 0,
      roles: u % 4 === 0 ? ['owner', 'billing'] : ['member'],
      password_hash: 'never sent',
    });
  }
  // A later update to user 1 in the same sync: last write wins.
  record('users', { email: 'user1@example.com', plan: 'business' });
  state('users', '2025-11-28T00:00:00Z');

  for (let v = 1; v <= 120; v++) {
    const user = 1 + (v % 20);
    record(
      'page_views',
      {
        view_id: v,
        user: { email: `user${user}@example.com`, account: `acct-${1 + (user % 5)}` },
        path: PAGES[v % PAGES.length],
        referrer: v % 3 ? 'https://www.google.com/' : null,
        duration_ms: 1200 + v * 37,
        viewed_at: new Date(Date.UTC(2025, 10, 27, 9, 0, v * 13)).toISOString(),
        session_token: 'never sent',
      },
      'web',
    );
  }
  record('page_views', { view_id: 121, user: {}, path: '/', viewed_at: '2025-11-27T10:00:00Z' }, 'web');
  record(DEMO_FIX.stream, { [DEMO_FIX.idField]: DEMO_FIX.id, user: { email: 'user2@example.com' }, path: '/', [DEMO_FIX.field]: DEMO_FIX.bad }, 'web');
  state('page_views', '2025-11-27T10:00:00Z', 'web');

  // Rows of a warehouse table, columns already mapped onto identity, event, timestamp and
  // idempotency_key by the host; every other column becomes an event property.
  for (let p = 1; p <= 10; p++) {
    record('purchases', {
      identity: `user${p}@example.com`,
      event: 'Purchase Completed',
      timestamp: `2025-11-2${p % 8}T12:00:00Z`,
      idempotency_key: `order-${1000 + p}`,
      amount_usd: 19.5 * p,
      currency: 'USD',
    });
  }
  // The warehouse sends order-1003 again: one idempotency key, so Heap keeps one event.
  record('purchases', { identity: 'user3@example.com', event: 'Purchase Completed', timestamp: '2025-11-23T12:00:00Z', idempotency_key: 'order-1003', amount_usd: 58.5, currency: 'USD' });
  state('purchases', '2025-11-28T00:00:00Z');

  // Anonymous Heap users (ids from Heap Connect tables) who later signed up: identify links them.
  for (let i = 1; i <= 3; i++) {
    record('heap_identities', { heap_user_id: 880_000 + i, email: `user${i}@example.com`, identified_at: `2025-11-2${i}T08:00:00Z` });
  }
  state('heap_identities', '2025-11-28T00:00:00Z');

  // GDPR erasure requests: each user is deleted after everything read about them before.
  DEMO_DELETED_USERS.forEach((email, i) => record('erasure_requests', { request_id: `dsr-${i + 1}`, email, received_at: '2025-11-27' }));
  state('erasure_requests', '2025-11-28T00:00:00Z');
  return lines;
}
