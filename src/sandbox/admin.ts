/**
 * `/_sandbox/*`: a window into a sandbox that runs in another process (benchmarks, demos), and
 * control over it. These requests are not Heap traffic: they are never counted, logged or faulted.
 *
 *   GET  /_sandbox/summary                     {counters, users, accounts, events} (counts)
 *   GET  /_sandbox/users/:appId/:identity      merged properties, or 404
 *   GET  /_sandbox/accounts/:appId/:accountId  merged properties, or 404
 *   GET  /_sandbox/events?limit=N              the last N stored events (default 100)
 *   GET  /_sandbox/requests?limit=N            the last N logged requests (default 100)
 *   GET  /_sandbox/deletions?limit=N           the last N accepted user deletion requests, in order
 *   GET  /_sandbox/identifies?limit=N          the last N accepted identifies, in order
 *   POST /_sandbox/faults                      body: a FaultPlan; replaces the current plan
 *   POST /_sandbox/reset                       clears store, counters, rate windows and faults
 *
 * Path segments are URL-decoded, so an identity containing "/" is sent as %2F.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body.js';
import { type FaultPlan, parseFaultPlan } from './faults.js';
import { SANDBOX_DEFAULTS } from './limits.js';
import { sendError, sendJson } from './responses.js';
import type { SandboxStore } from './store.js';

export const ADMIN_PREFIX = '/_sandbox/';

export interface AdminTarget {
  readonly store: SandboxStore;
  setFaults(plan: FaultPlan): void;
  reset(): void;
}

/** A fault plan is small; this only bounds what a stray upload can make the sandbox buffer. */
const MAX_PLAN_BYTES = 1024 * 1024;

export async function handleAdminRequest(
  target: AdminTarget,
  pathname: string,
  search: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const segments = decodeSegments(pathname.slice(ADMIN_PREFIX.length));
  if (segments === undefined) return sendError(res, 400, 'path: malformed percent-encoding');
  const [resource, ...rest] = segments;
  const method = req.method ?? 'GET';
  const expect = (allowed: 'GET' | 'POST'): boolean => {
    if (method === allowed) return true;
    sendError(res, 405, `method: ${ADMIN_PREFIX}${resource ?? ''} accepts ${allowed} only`, { Allow: allowed });
    return false;
  };
  const store = target.store;

  if (resource === 'summary' && rest.length === 0) {
    if (!expect('GET')) return;
    const { counters, users, accounts, events } = store;
    return sendJson(res, 200, { counters, users: users.size, accounts: accounts.size, events: events.length });
  }
  if ((resource === 'users' || resource === 'accounts') && rest.length === 2) {
    if (!expect('GET')) return;
    const [appId, id] = rest as [string, string];
    const record = resource === 'users' ? store.user(appId, id) : store.account(appId, id);
    if (record === undefined) return sendError(res, 404, `${resource}: none with this id for app_id ${appId}`);
    return sendJson(res, 200, record);
  }
  const lists: Record<string, readonly unknown[]> = {
    events: store.events,
    requests: store.requests,
    deletions: store.deletions,
    identifies: store.identifies,
  };
  if (resource !== undefined && Object.hasOwn(lists, resource) && rest.length === 0) {
    if (!expect('GET')) return;
    const limit = parseLimit(search.get('limit'));
    if (limit === undefined) return sendError(res, 400, 'limit: must be a non-negative integer');
    const list = lists[resource] as readonly unknown[];
    return sendJson(res, 200, limit === 0 ? [] : list.slice(-limit));
  }
  if (resource === 'faults' && rest.length === 0) {
    if (!expect('POST')) return;
    const body = await readBody(req, MAX_PLAN_BYTES);
    if (body.tooLarge) return sendError(res, 413, `body: larger than ${MAX_PLAN_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return sendError(res, 400, 'body: must be valid JSON');
    }
    const plan = parseFaultPlan(json);
    if (!plan.ok) return sendError(res, 400, plan.message);
    target.setFaults(plan.plan);
    return sendJson(res, 200, {});
  }
  if (resource === 'reset' && rest.length === 0) {
    if (!expect('POST')) return;
    target.reset();
    return sendJson(res, 200, {});
  }
  // The path is not echoed: it may carry an identity.
  sendError(res, 404, 'path: no such sandbox admin endpoint');
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null) return SANDBOX_DEFAULTS.adminListLimit;
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}
