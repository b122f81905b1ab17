/**
 * Realistic sample input for the demo: a SaaS app's users, accounts and page views, as a source
 * would send them, with a few records that cannot be mapped so the report shows rejections; and
 * one data-activation stream, `purchases`, whose catalog entry names the `events` destination
 * object, so its records carry Heap's field names and need no mapping in the config.
 */
export const DEMO_APP_ID = '1234567890';

export function demoConfig(baseUrl: string) {
  return {
    app_id: DEMO_APP_ID,
    base_url: baseUrl,
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
  record('page_views', { view_id: 122, user: { email: 'user2@example.com' }, path: '/', viewed_at: 'yesterday' }, 'web');
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
  return lines;
}
