/**
 * The Heap sandbox: a loopback HTTP server that answers like Heap's ingestion API (docs/heap-api.md),
 * strictly, and records what it accepted. Tests start it in-process on port 0; `main.ts` runs it
 * as its own process. It never contacts any other host.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdminRequest } from './admin.js';
import { Delays } from './delays.js';
import { FaultInjector } from './fault-injector.js';
import type { FaultPlan } from './faults.js';
import { type HeapApiContext, handleHeapRequest } from './heap-api.js';
import { SANDBOX_DEFAULTS, isHeapPath } from './limits.js';
import { checkedFaultPlan, resolveOptions } from './options.js';
import { seededRandom } from './prng.js';
import { TrackRateLimiter } from './rate-limit.js';
import { sendError } from './responses.js';
import { MemoryStore, type SandboxStore } from './store.js';
import { TokenRegistry } from './tokens.js';

export type { FaultPlan, FaultRule } from './faults.js';
export type { DeletionRequest, IdentifyRecord, ReceivedRequest, SandboxCounters, SandboxStore, StoredEvent } from './store.js';

export interface SandboxOptions {
  /** Interface to listen on. Default '127.0.0.1'. */
  host?: string;
  /** Port to listen on. Default 0 (an ephemeral port; read it from `url`). */
  port?: number;
  /** app_id -> the api_key that `/api/public/v0/auth_token` accepts. Default none: every token request gets 401. */
  apiKeys?: Record<string, string>;
  /** Limits on `/api/track` events, per sliding window. */
  rateLimits?: {
    /** Default 15000 (Heap's per-app limit); 0 = unlimited. */
    eventsPerAppPerWindow?: number;
    /** Default 1000 (Heap's per-identity limit); 0 = unlimited. */
    eventsPerIdentityPerWindow?: number;
    /** Window length in ms. Default 60000. */
    windowMs?: number;
  };
  /** Faults to inject from the start. Default none. */
  faults?: FaultPlan;
  /** Lifetime of access tokens from auth_token, in seconds. Default 300 (Heap's 5 minutes). */
  tokenTtlSeconds?: number;
  /** Default true. false: count and deduplicate events but keep no bodies, and log only the last 10,000 requests. */
  storeEvents?: boolean;
  /** Clock in ms for rate windows and `receivedAt`. Default Date.now. */
  now?: () => number;
  /** Randomness (0..1) for fault probability and latency. Default: seeded from `faults.seed` when set, else Math.random. */
  random?: () => number;
}

export interface Sandbox {
  /** e.g. 'http://127.0.0.1:43123' (no trailing slash). */
  readonly url: string;
  readonly store: SandboxStore;
  /** Replaces the fault plan; its `after`/`times` counts start from zero. Throws on an invalid plan. */
  setFaults(plan: FaultPlan): void;
  /** Clears store, counters, rate windows, issued tokens and faults. */
  reset(): void;
  /** Stops listening and destroys open connections, including requests waiting on injected latency. */
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = resolveOptions(options);
  const store = new MemoryStore({
    storeEvents: settings.storeEvents,
    requestLogCap: settings.storeEvents ? undefined : SANDBOX_DEFAULTS.requestLogCapWithoutEvents,
  });
  const limiter = new TrackRateLimiter(settings.rateLimits);
  const delays = new Delays();
  const injectorFor = (plan: FaultPlan) =>
    new FaultInjector(plan, settings.random ?? (plan.seed !== undefined ? seededRandom(plan.seed) : Math.random));
  let injector = injectorFor(settings.faults);
  const tokens = new TokenRegistry(settings.tokenTtlSeconds * 1000, settings.now);

  const context: HeapApiContext = {
    store,
    limiter,
    faults: () => injector,
    apiKeys: settings.apiKeys,
    maxBodyBytes: SANDBOX_DEFAULTS.maxBodyBytes,
    now: settings.now,
    sleep: (ms) => delays.sleep(ms),
    tokens,
    newDeletionId: () => randomUUID(),
  };

  const server = createServer((req, res) => route(req, res));
  let closing: Promise<void> | undefined;

  const setFaults = (plan: FaultPlan): void => {
    injector = injectorFor(checkedFaultPlan(plan));
  };
  const reset = (): void => {
    store.clear();
    limiter.clear();
    tokens.clear();
    injector = injectorFor({});
  };
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      delays.cancelAll();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query < 0 ? url : url.slice(0, query);
    const log = (status: number) =>
      store.recordRequest({ path: pathname, status, receivedAt: settings.now(), itemCount: 0, identities: [] });
    if (pathname.startsWith(ADMIN_PREFIX)) {
      const search = new URLSearchParams(query < 0 ? '' : url.slice(query + 1));
      handleAdminRequest({ store, setFaults, reset }, pathname, search, req, res).catch(() => answerFailure(res));
    } else if (isHeapPath(pathname)) {
      handleHeapRequest(context, pathname, req, res).catch(() => answerFailure(res, log));
    } else {
      log(404);
      sendError(res, 404, 'path: no Heap endpoint here');
    }
  }

  await listen(server, settings.port, settings.host);
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return { url: `http://${host}:${port}`, store, setFaults, reset, close };
}

/**
 * A handler failed: the client went away mid-body (nobody to answer), or a sandbox bug. A bug
 * answers 500 and, on Heap paths, shows in the request log and `byStatus`, so tests notice it.
 */
function answerFailure(res: ServerResponse, log?: (status: number) => void): void {
  if (res.headersSent || res.destroyed) return;
  log?.(500);
  sendError(res, 500, 'sandbox: internal error');
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
