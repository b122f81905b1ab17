/**
 * Items waiting for one Heap bulk endpoint, and how a batch is cut from them.
 *
 * - Events: any order is fine, but each batch must fit the app's and each identity's rate budget;
 *   an identity out of budget waits while other identities go ahead.
 * - User and account upserts: for one key (identity / account id) the last record read must win.
 *   A batch never takes an item whose key is in flight, nor one queued behind a skipped item of
 *   the same key; repeats inside a batch are merged in input order (later values win).
 */
import type { RecordTicket } from '../state/ledger.js';
import type { ReceivedRecord } from '../rejected/kept-record.js';
import type { Endpoint, HeapProperties, MappedItem } from '../mapping/types.js';
import type { KeyedSlidingWindows } from './keyed-sliding-windows.js';
import type { SlidingWindow } from './rate-limiter.js';

/** Where a record came from, to report it without its values. */
export interface RecordRef {
  ticket: RecordTicket;
  stream: string;
  line: number;
  /** The record as received, kept only when rejected records are kept (src/rejected/): a refused record is stored with it. */
  received?: ReceivedRecord;
}

export interface QueueEntry {
  /**
   * The Heap item as JSON text (for upserts possibly the merge of several records): a queued
   * record holds a short string, not an object graph, and a request body is these texts joined
   * (request-body.ts). A cut batch keeps the body, not the entries (batch.ts).
   */
  json: string;
  /** identity (events, users) or account id (accounts). */
  key: string;
  refs: RecordRef[];
  /**
   * A merged upsert only: each record's own item as JSON text, in input order, so that when Heap
   * refuses the merged item its records can be judged one by one.
   */
  parts?: string[];
  /** Approximate size in bytes, for the memory bound. */
  size: number;
  /** When it was queued (ms), for the linger timer. */
  queuedAt: number;
}

export interface EndpointShape {
  path: string;
  /** The body's array of items; undefined when the item is the body (identify). */
  bodyKey: 'events' | 'users' | 'accounts' | undefined;
  /** Whether the body carries app_id (user deletion does not: its Bearer token names the app). */
  appIdInBody: boolean;
  /** Items per request, when Heap fixes it (otherwise `batch_size`). */
  maxItems?: number;
}

export const ENDPOINTS: Record<Endpoint, EndpointShape> = {
  track: { path: '/api/track', bodyKey: 'events', appIdInBody: true },
  users: { path: '/api/add_user_properties', bodyKey: 'users', appIdInBody: true },
  accounts: { path: '/api/add_account_properties', bodyKey: 'accounts', appIdInBody: true },
  deletions: { path: '/api/public/v0/user_deletion', bodyKey: 'users', appIdInBody: false, maxItems: 10_000 },
  identify: { path: '/api/v1/identify', bodyKey: undefined, appIdInBody: true, maxItems: 1 },
};

/** Whether a queued item may be sent now with respect to per-identity order (identity-order.ts). */
export type MayGo = (entry: QueueEntry) => boolean;

const ALWAYS: MayGo = () => true;

export interface Budgets {
  app?: SlidingWindow | undefined;
  identity?: KeyedSlidingWindows | undefined;
}

export type CutResult =
  | { batch: QueueEntry[] }
  /**
   * Nothing to send now; `retryAt` (ms) is when rate budgets allow more, if that is why, and
   * `sendableSince` when the oldest item that could go now was queued.
   */
  | { batch: undefined; retryAt?: number; sendableSince?: number };

/**
 * When a batch that is not full goes out anyway: `true` at once (end of input, input gone quiet),
 * a time (ms) once its oldest item was queued at or before it, `false` never.
 */
export type Flush = boolean | number;

export class EndpointQueue {
  entries: QueueEntry[] = [];
  /** Keys of upserts in flight, with how many requests carry each. */
  readonly inFlightKeys = new Map<string, number>();
  /** Do not dispatch before this time (ms): Heap asked us to slow down. */
  pausedUntil = 0;
  /** Try to cut a batch when the queue reaches this length (avoids rescanning a blocked queue on every push). */
  nextScanLength: number;
  readonly path: string;
  readonly bodyKey: EndpointShape['bodyKey'];
  readonly appIdInBody: boolean;
  readonly batchSize: number;

  constructor(
    readonly endpoint: Endpoint,
    batchSize: number,
  ) {
    ({ path: this.path, bodyKey: this.bodyKey, appIdInBody: this.appIdInBody } = ENDPOINTS[endpoint]);
    this.batchSize = ENDPOINTS[endpoint].maxItems ?? batchSize;
    this.nextScanLength = this.batchSize;
  }

  /** When the last item arrived (ms): the input for this endpoint is quiet when that is long ago. */
  lastQueuedAt = 0;

  push(entry: QueueEntry): void {
    this.entries.push(entry);
    this.lastQueuedAt = entry.queuedAt;
  }

  /** When the oldest waiting item arrived, or undefined when the queue is empty. */
  get oldestQueuedAt(): number | undefined {
    return this.entries[0]?.queuedAt;
  }

  /**
   * Cuts the next batch. A batch is sent when it is full, when `force` says so (see `Flush`), or
   * when the app budget is what limits it (a smaller batch now uses the budget better than a full
   * one later).
   */
  cut(force: Flush, now: number, budgets: Budgets, mayGo: MayGo = ALWAYS): CutResult {
    switch (this.endpoint) {
      case 'track':
        return this.#cutEvents(force, now, budgets, mayGo);
      case 'users':
      case 'accounts':
        return this.#cutUpserts(force, mayGo);
      case 'deletions':
      case 'identify':
        return this.#cutInOrder(force, mayGo);
    }
  }

  /** Deletions and identifies: the items that may go now, in input order, unmerged. */
  #cutInOrder(force: Flush, mayGo: MayGo): CutResult {
    const taken: QueueEntry[] = [];
    const kept: QueueEntry[] = [];
    for (const entry of this.entries) {
      if (taken.length < this.batchSize && mayGo(entry)) taken.push(entry);
      else kept.push(entry);
    }
    if (taken.length === 0 || !(taken.length === this.batchSize || flushes(force, taken))) return { batch: undefined, ...sendableSince(taken) };
    this.entries = kept;
    return { batch: taken };
  }

  #cutEvents(force: Flush, now: number, budgets: Budgets, mayGo: MayGo): CutResult {
    const appAvailable = budgets.app ? budgets.app.available(now) : Number.POSITIVE_INFINITY;
    const cap = Math.min(this.batchSize, appAvailable);
    if (cap <= 0) return { batch: undefined, retryAt: budgets.app!.availableAt(1, now) };
    const perIdentity = new Map<string, number>();
    const taken: QueueEntry[] = [];
    const kept: QueueEntry[] = [];
    let retryAt = Number.POSITIVE_INFINITY;
    for (const entry of this.entries) {
      if (taken.length >= cap || !mayGo(entry)) {
        kept.push(entry);
        continue;
      }
      if (budgets.identity) {
        let left = perIdentity.get(entry.key);
        if (left === undefined) left = budgets.identity.available(entry.key, now);
        if (left <= 0) {
          retryAt = Math.min(retryAt, budgets.identity.availableAt(entry.key, 1, now));
          kept.push(entry);
          continue;
        }
        perIdentity.set(entry.key, left - 1);
      }
      taken.push(entry);
    }
    const limitedByApp = cap < this.batchSize && taken.length === cap;
    if (taken.length === 0 || !(taken.length === this.batchSize || flushes(force, taken) || limitedByApp)) {
      return { batch: undefined, ...(Number.isFinite(retryAt) ? { retryAt } : {}), ...sendableSince(taken) };
    }
    this.entries = kept;
    return { batch: taken };
  }

  #cutUpserts(force: Flush, mayGo: MayGo): CutResult {
    const byKey = new Map<string, QueueEntry>();
    const blocked = new Set<string>();
    const kept: QueueEntry[] = [];
    for (const entry of this.entries) {
      if (!blocked.has(entry.key) && !mayGo(entry)) blocked.add(entry.key);
      const merged = byKey.get(entry.key);
      if (merged !== undefined && !blocked.has(entry.key)) {
        mergeInto(merged, entry);
        continue;
      }
      if (byKey.size >= this.batchSize || blocked.has(entry.key) || this.inFlightKeys.has(entry.key)) {
        // Anything later with this key must wait behind this entry.
        blocked.add(entry.key);
        kept.push(entry);
        continue;
      }
      byKey.set(entry.key, { ...entry, refs: [...entry.refs] });
    }
    const batch = [...byKey.values()];
    if (batch.length === 0 || !(batch.length === this.batchSize || flushes(force, batch))) {
      return { batch: undefined, ...sendableSince(batch) };
    }
    this.entries = kept;
    return { batch };
  }
}

/** `taken` is in queue order, so its first entry is the one that has waited longest. */
function flushes(force: Flush, taken: readonly QueueEntry[]): boolean {
  return force === true || (typeof force === 'number' && taken[0] !== undefined && taken[0].queuedAt <= force);
}

function sendableSince(taken: readonly QueueEntry[]): { sendableSince?: number } {
  return taken[0] === undefined ? {} : { sendableSince: taken[0].queuedAt };
}

/** The Heap item of an entry, read back from its JSON text (merges, redaction: off the hot path). */
export function entryItem(entry: Pick<QueueEntry, 'json'>): MappedItem['item'] {
  return JSON.parse(entry.json) as MappedItem['item'];
}

/** Folds a later record for the same key into `target`: its properties win, its refs follow. */
function mergeInto(target: QueueEntry, later: QueueEntry): void {
  const item = entryItem(target) as { properties: HeapProperties };
  const laterItem = entryItem(later) as { properties: HeapProperties };
  target.parts ??= [target.json];
  target.parts.push(later.json);
  target.json = JSON.stringify({ ...item, properties: { ...item.properties, ...laterItem.properties } });
  target.refs.push(...later.refs);
  target.size += later.size;
}
