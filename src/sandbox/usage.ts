/**
 * The sandbox's help text: its flags and its admin endpoints. Shown by `destination-heap sandbox
 * --help` and `node dist/src/sandbox/main.js --help`. No imports: the CLI's help loads this
 * without loading the sandbox.
 */
export const SANDBOX_HELP = `Usage: destination-heap sandbox [--port N] [--host HOST] [--faults FILE] [--no-store-events]
                              [--api-key APP_ID=KEY ...] [--window-ms N] [--events-per-app N] [--events-per-identity N]
                              [--token-ttl-seconds N]

Runs a local stand-in for Heap's API on loopback (bulk track, user and account properties, auth
token, user deletion, identify) that validates like Heap, rate-limits like Heap and can inject faults. Prints {"url": ...}
on stdout once listening; point a config's base_url at that URL. Stop it with Ctrl-C.

Options:
  --port N                 port to listen on (default 0: any free port; the URL is printed)
  --host HOST              interface (default 127.0.0.1)
  --faults FILE            a JSON fault plan (rules, latencyMs, poisonIdentities, seed)
  --no-store-events        count and deduplicate events without keeping them (large benchmarks)
  --api-key APP_ID=KEY     a pair /api/public/v0/auth_token accepts; repeat for more apps
  --window-ms N            rate-limit window in ms (default 60000)
  --events-per-app N       track events per window per app_id (default 15000; 0 = unlimited)
  --events-per-identity N  track events per window per identity (default 1000; 0 = unlimited)
  --token-ttl-seconds N    lifetime of auth_token's access tokens (default 300, Heap's 5 minutes)

Admin endpoints (not Heap's; never counted, logged or faulted):
  GET  /_sandbox/summary                     counters (requests, answers by status, empty
                                             requests such as check's probe), users, accounts, events
  GET  /_sandbox/users/APP_ID/IDENTITY       a user's merged properties, or 404
  GET  /_sandbox/accounts/APP_ID/ACCOUNT_ID  an account's merged properties, or 404
  GET  /_sandbox/events?limit=N              the last N stored events (default 100)
  GET  /_sandbox/requests?limit=N            the last N requests: path, status, item count
  GET  /_sandbox/deletions?limit=N           the last N accepted user deletions: id, app_id, users
  GET  /_sandbox/identifies?limit=N          the last N accepted identifies: app_id, user_id, identity
  POST /_sandbox/faults                      body: a fault plan; replaces the current one
  POST /_sandbox/reset                       clears events, users, accounts, deletions,
                                             identifies, tokens, counters and faults

Example: curl -s http://127.0.0.1:8080/_sandbox/summary`;
