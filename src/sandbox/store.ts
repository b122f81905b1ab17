/**
 * What the sandbox received and accepted, in memory, with Heap's semantics for applying it:
 * events are deduplicated per (app_id, idempotency_key); user and account properties merge into
 * one record per id, last write wins per key.
 */
import type { DeletionUser, IdentifyItem } from './privacy-request.js';
import type { AccountItem, EventItem, Properties, PropertyValue, UserItem } from './items.js';

export interface StoredEvent {
  app_id: string;
  identity: string;
  event: string;
  timestamp?: string;
  idempotency_key?: string;
  properties: Record<string, string | number>;
  /** The sandbox clock (ms) when the event was accepted. */
  receivedAt: number;
}

export interface ReceivedRequest {
  path: string;
  /** The status answered; 0 when the sandbox reset the connection instead. */
  status: number;
  receivedAt: number;
  itemCount: number;
  /** identity (or account_id) of each item, in order; '' where an invalid item had none. */
  identities: string[];
}

export interface DeletionRequest {
  deletion_request_id: string;
  /** The app_id of the token that sent it. */
  app_id: string;
  users: DeletionUser[];
  receivedAt: number;
}

export interface IdentifyRecord extends IdentifyItem {
  receivedAt: number;
}

export interface SandboxCounters {
  /** Requests to Heap's paths (admin requests excluded), whatever the answer. */
  requests: number;
  /** Answers per status code, e.g. `{ "200": 10, "429": 1 }`; "0" counts connection resets. */
  byStatus: Record<string, number>;
  /**
   * Requests whose item list was empty, refused with 400 as Heap does and counted in `byStatus`.
   * `destination-heap check` sends one to see that the host answers: after a check and a clean
   * write, `"400": 1` in `byStatus` is this probe.
   */
  emptyRequests: number;
  /** Events stored (or, with storeEvents=false, that would have been): duplicates excluded. */
  eventsAccepted: number;
  /** Events in accepted requests whose idempotency_key this app had already accepted. */
  eventsDeduplicated: number;
  /** User items merged. */
  userUpdates: number;
  /** Account items merged. */
  accountUpdates: number;
  /** Requests refused with 429 by the sandbox's rate limits (injected 429 faults excluded). */
  throttled: number;
  /** User deletion requests accepted. */
  deletionRequests: number;
  /** Stored users (properties or events, any app_id) removed by accepted deletions. */
  usersDeleted: number;
  /** Identify requests accepted. */
  identifies: number;
}

export interface SandboxStore {
  /** Every request, including refused, faulted and reset ones. */
  readonly requests: ReceivedRequest[];
  /** Accepted events after deduplication, in arrival order; empty when storeEvents=false. */
  readonly events: StoredEvent[];
  /** `${app_id}:${identity}` -> merged properties. */
  readonly users: Map<string, Record<string, string | number>>;
  /** `${app_id}:${account_id}` -> merged properties. */
  readonly accounts: Map<string, Record<string, string | number>>;
  readonly counters: SandboxCounters;
  /** Accepted user deletion requests, in arrival order. */
  readonly deletions: DeletionRequest[];
  /** Accepted identifies, in arrival order. */
  readonly identifies: IdentifyRecord[];
  user(appId: string, identity: string): Record<string, string | number> | undefined;
  account(appId: string, accountId: string): Record<string, string | number> | undefined;
}

export interface MemoryStoreOptions {
  storeEvents: boolean;
  /** Keep at most this many latest entries in `requests`; undefined = all. */
  requestLogCap: number | undefined;
}

export class MemoryStore implements SandboxStore {
  readonly requests: ReceivedRequest[] = [];
  readonly events: StoredEvent[] = [];
  readonly users = new Map<string, Record<string, string | number>>();
  readonly accounts = new Map<string, Record<string, string | number>>();
  readonly counters: SandboxCounters = zeroCounters();
  readonly deletions: DeletionRequest[] = [];
  readonly identifies: IdentifyRecord[] = [];
  /** `${app_id}:${user_id}` -> the identity identify linked it to (one identity per user_id). */
  private readonly links = new Map<string, string>();
  /** app_id -> idempotency keys accepted. Kept even with storeEvents=false: dedupe is behaviour. */
  private readonly acceptedKeys = new Map<string, Set<string>>();

  constructor(private readonly options: MemoryStoreOptions) {}

  user(appId: string, identity: string): Record<string, string | number> | undefined {
    return this.users.get(`${appId}:${identity}`);
  }

  account(appId: string, accountId: string): Record<string, string | number> | undefined {
    return this.accounts.get(`${appId}:${accountId}`);
  }

  /** Logs one request to a Heap path; `emptyList`: its item list was empty (see `emptyRequests`). */
  recordRequest(entry: ReceivedRequest, emptyList = false): void {
    this.counters.requests++;
    if (emptyList) this.counters.emptyRequests++;
    const status = String(entry.status);
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    this.requests.push(entry);
    const cap = this.options.requestLogCap;
    if (cap !== undefined && this.requests.length > cap) this.requests.shift();
  }

  recordThrottled(): void {
    this.counters.throttled++;
  }

  addEvents(appId: string, items: EventItem[], now: number): void {
    let keys = this.acceptedKeys.get(appId);
    for (const item of items) {
      const key = item.idempotency_key;
      if (key !== undefined) {
        keys ??= this.newKeySet(appId);
        if (keys.has(key)) {
          this.counters.eventsDeduplicated++;
          continue;
        }
        keys.add(key);
      }
      this.counters.eventsAccepted++;
      if (this.options.storeEvents) this.events.push(toStoredEvent(appId, item, now));
    }
  }

  mergeUsers(appId: string, items: UserItem[]): void {
    for (const item of items) merge(this.users, `${appId}:${item.identity}`, item.properties);
    this.counters.userUpdates += items.length;
  }

  mergeAccounts(appId: string, items: AccountItem[]): void {
    for (const item of items) merge(this.accounts, `${appId}:${item.account_id}`, item.properties);
    this.counters.accountUpdates += items.length;
  }

  /** The identity a user_id is already linked to in this app, if any. */
  linkedIdentity(appId: string, userId: string): string | undefined {
    return this.links.get(`${appId}:${userId}`);
  }

  addIdentify(item: IdentifyItem, now: number): void {
    this.links.set(`${item.app_id}:${item.user_id}`, item.identity);
    this.identifies.push({ ...item, receivedAt: now });
    this.counters.identifies++;
  }

  /**
   * Records a deletion and applies it at once (Heap takes days; the sandbox needs no wait):
   * every app_id's properties and events of each identity, or of the identity a user_id was
   * identified as, are removed. A user_id never identified matches nothing the sandbox stores.
   */
  addDeletion(request: DeletionRequest): void {
    this.deletions.push(request);
    this.counters.deletionRequests++;
    const identities = new Set<string>();
    for (const user of request.users) {
      if ('identity' in user) identities.add(user.identity);
      else {
        const suffix = `:${user.user_id}`;
        for (const [key, identity] of this.links) if (key.endsWith(suffix)) identities.add(identity);
      }
    }
    const deleted = new Set<string>();
    for (const key of [...this.users.keys()]) {
      const identity = key.slice(key.indexOf(':') + 1);
      if (identities.has(identity)) {
        this.users.delete(key);
        deleted.add(key);
      }
    }
    let kept = 0;
    for (const stored of this.events) {
      if (identities.has(stored.identity)) deleted.add(`${stored.app_id}:${stored.identity}`);
      else this.events[kept++] = stored;
    }
    this.events.length = kept;
    this.counters.usersDeleted += deleted.size;
  }

  /** Empties everything in place, so references to the arrays, maps and counters stay valid. */
  clear(): void {
    this.requests.length = 0;
    this.events.length = 0;
    this.users.clear();
    this.accounts.clear();
    this.acceptedKeys.clear();
    this.deletions.length = 0;
    this.identifies.length = 0;
    this.links.clear();
    Object.assign(this.counters, zeroCounters());
  }

  private newKeySet(appId: string): Set<string> {
    const keys = new Set<string>();
    this.acceptedKeys.set(appId, keys);
    return keys;
  }
}

function zeroCounters(): SandboxCounters {
  return {
    requests: 0,
    byStatus: {},
    emptyRequests: 0,
    eventsAccepted: 0,
    eventsDeduplicated: 0,
    userUpdates: 0,
    accountUpdates: 0,
    throttled: 0,
    deletionRequests: 0,
    usersDeleted: 0,
    identifies: 0,
  };
}

function toStoredEvent(appId: string, item: EventItem, now: number): StoredEvent {
  const stored: StoredEvent = { app_id: appId, identity: item.identity, event: item.event, properties: {}, receivedAt: now };
  if (item.timestamp !== undefined) stored.timestamp = item.timestamp;
  if (item.idempotency_key !== undefined) stored.idempotency_key = item.idempotency_key;
  if (item.properties !== undefined) stored.properties = item.properties;
  return stored;
}

function merge(records: Map<string, Record<string, PropertyValue>>, key: string, properties: Properties): void {
  let record = records.get(key);
  if (record === undefined) {
    record = {};
    records.set(key, record);
  }
  for (const name in properties) {
    const value = properties[name] as PropertyValue;
    // A plain assignment to "__proto__" would replace the record's prototype instead of storing it.
    if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
    else record[name] = value;
  }
}
