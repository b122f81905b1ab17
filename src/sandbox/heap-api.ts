/**
 * Serves Heap's paths. One request goes through, in order:
 *
 *   method → body (size cap) → fault plan (delay, then status or reset) → Content-Type → JSON →
 *   envelope and items → poison identities → rate limits (track only) → store
 *
 * Every step before "store" refuses the request whole, as Heap does, so a refused or faulted
 * request never changes the store. Each request is logged once, with the status it got.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBasicAuth } from './auth.js';
import { readBody } from './body.js';
import type { FaultInjector } from './fault-injector.js';
import { type IngestEndpoint, type IngestRequest, parseIngestRequest } from './ingest-request.js';
import { isPlainObject } from './items.js';
import { HEAP_PATHS, type HeapPath } from './limits.js';
import type { TrackRateLimiter } from './rate-limit.js';
import { parseDeletionRequest, parseIdentifyRequest } from './privacy-request.js';
import { sendEmpty, sendError, sendJson, sendText } from './responses.js';
import type { MemoryStore } from './store.js';
import type { TokenRegistry } from './tokens.js';

export interface HeapApiContext {
  store: MemoryStore;
  limiter: TrackRateLimiter;
  /** The current plan's injector; replaced when the plan changes. */
  faults(): FaultInjector;
  apiKeys: Readonly<Record<string, string>>;
  maxBodyBytes: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  tokens: TokenRegistry;
  /** A new deletion_request_id. */
  newDeletionId(): string;
}

const ENDPOINT_OF: Record<string, IngestEndpoint> = {
  [HEAP_PATHS.track]: 'track',
  [HEAP_PATHS.users]: 'users',
  [HEAP_PATHS.accounts]: 'accounts',
};

interface Summary {
  itemCount: number;
  identities: string[];
  /** The body's item list is there and empty (`check`'s reachability probe sends one). */
  emptyList?: boolean;
}
const NO_ITEMS: Summary = { itemCount: 0, identities: [] };

export async function handleHeapRequest(
  ctx: HeapApiContext,
  path: HeapPath,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const log = (status: number, summary: Summary = NO_ITEMS) =>
    ctx.store.recordRequest(
      { path, status, receivedAt: ctx.now(), itemCount: summary.itemCount, identities: summary.identities },
      summary.emptyList === true,
    );

  if (req.method !== 'POST') {
    log(405);
    return sendError(res, 405, `method: ${path} accepts POST only`, { Allow: 'POST' });
  }
  const body = await readBody(req, ctx.maxBodyBytes);
  if (body.tooLarge) {
    log(413);
    return sendError(res, 413, `body: larger than ${ctx.maxBodyBytes} bytes`);
  }
  const endpoint = ENDPOINT_OF[path];
  const json = path === HEAP_PATHS.authToken ? undefined : parseJson(body.text);
  const summary = endpoint === undefined ? summarizePrivacy(path, json?.value) : summarize(endpoint, json?.value);

  const faults = ctx.faults();
  const decision = faults.decide(path);
  if (decision.delayMs > 0) await ctx.sleep(decision.delayMs);
  const action = decision.action;
  if (action?.kind === 'reset') {
    log(0, summary);
    req.socket.destroy();
    return;
  }
  if (action?.kind === 'answer') {
    log(action.status, summary);
    const headers: Record<string, string> =
      action.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(action.retryAfterSeconds) };
    if (action.body === undefined) return sendError(res, action.status, `sandbox fault: injected ${action.status}`, headers);
    return sendText(res, action.status, action.body, isJson(action.body) ? 'application/json' : 'text/plain', headers);
  }

  if (path === HEAP_PATHS.authToken) return answerAuthToken(ctx, req, res, log);

  const refuse = (status: number, message: string, headers?: Record<string, string>) => {
    log(status, summary);
    sendError(res, status, message, headers);
  };
  let appId: string | undefined;
  if (path === HEAP_PATHS.userDeletion) {
    const token = ctx.tokens.check(req.headers.authorization);
    if (!token.ok) return refuse(401, token.message, { 'WWW-Authenticate': 'Bearer realm="heap-sandbox"' });
    appId = token.appId;
  }
  if (!isJsonContentType(req.headers['content-type'])) return refuse(400, 'headers.content-type: must be application/json');
  if (json === undefined) return refuse(400, 'body: must be valid JSON');
  if (path === HEAP_PATHS.userDeletion) {
    const users = parseDeletionRequest(json.value);
    if (!users.ok) return refuse(400, users.message);
    const id = ctx.newDeletionId();
    ctx.store.addDeletion({ deletion_request_id: id, app_id: appId as string, users: users.value, receivedAt: ctx.now() });
    log(200, summary);
    return sendJson(res, 200, { deletion_request_id: id });
  }
  if (path === HEAP_PATHS.identify) {
    const item = parseIdentifyRequest(json.value);
    if (!item.ok) return refuse(400, item.message);
    const linked = ctx.store.linkedIdentity(item.value.app_id, item.value.user_id);
    // Heap: one identity per user_id. The same pair again is a no-op that succeeds.
    if (linked !== undefined && linked !== item.value.identity) {
      return refuse(400, 'identity: this user_id is already identified as another identity');
    }
    ctx.store.addIdentify(item.value, ctx.now());
    log(200, summary);
    return sendJson(res, 200, {});
  }
  if (endpoint === undefined) return refuse(404, 'path: no Heap endpoint here');
  const parsed = parseIngestRequest(endpoint, json.value);
  if (!parsed.ok) return refuse(400, parsed.message);
  const request = parsed.request;
  // For a valid request the summary's identities are exactly the items' ids, in order.
  const poisoned = faults.hasPoison ? findPoison(request, summary.identities, faults) : undefined;
  if (poisoned !== undefined) return refuse(400, `${poisoned.path}: refused by the sandbox's fault plan (${poisoned.kind})`);

  const now = ctx.now();
  if (request.endpoint === 'track') {
    const admission = ctx.limiter.admit(request.appId, request.items, request.list, now);
    if (!admission.ok) {
      ctx.store.recordThrottled();
      return refuse(429, `rate limit: ${admission.reason}`, { 'Retry-After': String(admission.retryAfterSeconds) });
    }
    ctx.store.addEvents(request.appId, request.items, now);
    log(200, summary);
    // Heap documents no body for a successful track; the sandbox sends none.
    return sendEmpty(res, 200);
  }
  if (request.endpoint === 'users') ctx.store.mergeUsers(request.appId, request.items);
  else ctx.store.mergeAccounts(request.appId, request.items);
  log(200, summary);
  sendJson(res, 200, {});
}

function answerAuthToken(
  ctx: HeapApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  log: (status: number) => void,
): void {
  const auth = checkBasicAuth(req.headers.authorization, ctx.apiKeys);
  if (!auth.ok) {
    log(401);
    return sendError(res, 401, auth.message, { 'WWW-Authenticate': 'Basic realm="heap-sandbox"' });
  }
  log(200);
  sendJson(res, 200, { access_token: ctx.tokens.issue(auth.appId) });
}

/** The log's view of a deletion or identify body: its users' identities ('' for a user_id). */
function summarizePrivacy(path: HeapPath, body: unknown): Summary {
  if (!isPlainObject(body)) return NO_ITEMS;
  const idOf = (item: unknown) => (isPlainObject(item) && typeof item.identity === 'string' ? item.identity : '');
  if (path === HEAP_PATHS.identify) return { itemCount: 1, identities: [idOf(body)] };
  if (path === HEAP_PATHS.userDeletion && Array.isArray(body.users)) {
    return { itemCount: body.users.length, identities: body.users.map(idOf) };
  }
  return NO_ITEMS;
}

/** The path of the first item whose id or a property value the plan poisons (the path, never the value). */
function findPoison(request: IngestRequest, ids: readonly string[], faults: FaultInjector): { path: string; kind: string } | undefined {
  const field = request.endpoint === 'accounts' ? 'account_id' : 'identity';
  const index = ids.findIndex((id) => faults.isPoisoned(id));
  if (index >= 0) return { path: request.list === undefined ? field : `${request.list}[${index}].${field}`, kind: 'poison identity' };
  const items: readonly { properties?: Record<string, unknown> | undefined }[] = request.items;
  const valueAt = items.findIndex((item) => Object.values(item.properties ?? {}).some((value) => faults.isPoisonedValue(value)));
  if (valueAt < 0) return undefined;
  return { path: request.list === undefined ? 'properties' : `${request.list}[${valueAt}].properties`, kind: 'poison value' };
}

/**
 * What the request log keeps of a body: the item count and each item's id, taken before any
 * validation so faulted and refused requests are described too.
 */
function summarize(endpoint: IngestEndpoint, body: unknown): Summary {
  if (!isPlainObject(body)) return NO_ITEMS;
  const field = endpoint === 'accounts' ? 'account_id' : 'identity';
  const list = body[endpoint === 'track' ? 'events' : endpoint];
  const idOf = (item: unknown) => (isPlainObject(item) && typeof item[field] === 'string' ? item[field] : '');
  if (Array.isArray(list)) return { itemCount: list.length, identities: list.map(idOf), emptyList: list.length === 0 };
  if (list !== undefined) return NO_ITEMS;
  return { itemCount: 1, identities: [idOf(body)] };
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  return parseJson(text) !== undefined;
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}
