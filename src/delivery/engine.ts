/**
 * The delivery engine: queues mapped records per endpoint, cuts batches, keeps up to
 * `maxConcurrent` requests in flight, retries by the retry policy, isolates refused items by
 * splitting, and reports each record as delivered or rejected.
 *
 * Memory is bounded: `hasRoom()` turns false once the items or bytes waiting or in flight reach
 * their limits, and the reader then stops reading stdin until `waitForRoom()` resolves.
 */
import { toConnectorError, type ConnectorError } from '../errors.js';
import type { Endpoint } from '../mapping/types.js';
import { AuthToken, tokenRefused } from './auth-token.js';
import { deletionRequestId } from './deletion-request.js';
import { IdentityOrder, orderOf } from './identity-order.js';
import type { ItemText } from './item-text.js';
import { Batch, type BatchOptions, type BatchRecords } from './batch.js';
import { Cancellation } from './cancellation.js';
import { EndpointQueue, type QueueEntry, type RecordRef } from './endpoint-queue.js';
import { EventBudgets } from './event-budgets.js';
import type { HeapClient } from './heap-client.js';
import { redactRecordValues } from './redact.js';
import { bodyItems, RequestBodies } from './request-body.js';
import { decideRetry, type AttemptOutcome, type RetryPolicyOptions } from './retry-policy.js';
import { DeliveryStats } from './stats.js';
import { probeIndices, PROBES, RefusalStreak, STREAK_ALONE, STREAK_TO_PROBE, wholesaleRefusal } from './wholesale-refusal.js';

export interface DeliveryEngineOptions {
  appId: string;
  client: Pick<HeapClient, 'post'>;
  batchSize: number;
  maxConcurrent: number;
  /** Tracked events per window for the app; 0 = no limit. */
  eventsPerWindow: number;
  /** Tracked events per window per identity; 0 = no limit. */
  eventsPerIdentityPerWindow: number;
  /** Heap's rate window (ms), normally 60 000. */
  windowMs: number;
  /** Send a partial batch once no item has arrived for this long (ms). */
  lingerMs: number;
  /** ... or once its oldest item has waited this long (ms), even while items keep arriving. */
  maxLingerMs: number;
  maxBufferedItems: number;
  maxBufferedBytes: number;
  retry: RetryPolicyOptions;
  /** Heap's base URL, named in messages about connection failures. */
  baseUrl?: string;
  now?: () => number;
  random?: () => number;
  /** A batch's records are in Heap. */
  onDelivered: (records: BatchRecords) => void;
  /** A batch's records were refused (a batch of one, or one Heap would not take and not say why). */
  onRejected: (records: BatchRecords, reason: string) => void;
  onFatal: (error: ConnectorError) => void;
  /** Needed by user deletions: the auth token is requested with it (auth-token.ts). */
  apiKey?: string | undefined;
  /**
   * Keep per-identity order between deletions, identifies and other items (identity-order.ts);
   * set it when the run has deletions or identifies. Default false.
   */
  ordered?: boolean;
  /** Heap accepted a user deletion request of `users` users. */
  onDeletionRequest?: (deletionRequestId: string | undefined, users: number) => void;
}

/**
 * A refused batch being split (src/delivery/wholesale-refusal.ts): until something of it is
 * accepted, or probes clear the suspicion of a wholesale refusal, its rejections are held back.
 */
interface SplitTree {
  readonly top: Batch;
  /** Something of the batch was accepted, or the probes said the refusals are about records. */
  cleared: boolean;
  probed: boolean;
  readonly held: Array<{ records: BatchRecords; reason: string }>;
}

/** How often a batch waiting for budget held by requests in flight looks again (ms). */
const BUDGET_POLL_MS = 25;

export class DeliveryEngine {
  readonly stats = new DeliveryStats();
  readonly #options: DeliveryEngineOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #queues: Record<Endpoint, EndpointQueue>;
  readonly #order: EndpointQueue[];
  readonly #budgets: EventBudgets;
  /** Cancels every wait and request of the engine at once (abandon, failure, close). */
  readonly #cancellation = new Cancellation();
  #inFlight = 0;
  #bufferedItems = 0;
  #bufferedBytes = 0;
  #draining = false;
  #stopped = false;
  #failure: ConnectorError | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #nextQueue = 0;
  /** Callbacks waiting for room in the buffers, or for everything to settle. */
  #roomWaiters: Array<() => void> = [];
  #idleWaiters: Array<() => void> = [];
  readonly #jobs = new Set<Promise<void>>();
  readonly #bodies: RequestBodies;
  readonly #streaks = new Map<Endpoint, RefusalStreak>();
  readonly #identityOrder: IdentityOrder | undefined;
  readonly #auth: AuthToken;

  constructor(options: DeliveryEngineOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#queues = {
      track: new EndpointQueue('track', options.batchSize),
      users: new EndpointQueue('users', options.batchSize),
      accounts: new EndpointQueue('accounts', options.batchSize),
      deletions: new EndpointQueue('deletions', options.batchSize),
      identify: new EndpointQueue('identify', options.batchSize),
    };
    this.#order = Object.values(this.#queues);
    this.#identityOrder = options.ordered === true ? new IdentityOrder() : undefined;
    this.#auth = new AuthToken({
      client: options.client,
      appId: options.appId,
      apiKey: options.apiKey,
      retry: options.retry,
      baseUrl: options.baseUrl,
      now: this.#now,
      random: this.#random,
      sleep: (ms) => this.#sleep(ms),
      run: (request) => this.#cancellation.run(request),
      cancelled: () => this.#stopped || this.#cancellation.cancelled,
      onRequest: () => (this.stats.requests += 1),
    });
    this.#bodies = new RequestBodies(options.maxConcurrent);
    this.#budgets = new EventBudgets(options.eventsPerWindow, options.eventsPerIdentityPerWindow, options.windowMs);
  }

  get failure(): ConnectorError | undefined {
    return this.#failure;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Queues one mapped record: its Heap item as JSON text, and the item's identity or account id. */
  add(item: ItemText, ref: RecordRef, size: number): void {
    const queue = this.#queues[item.endpoint];
    this.#identityOrder?.add(orderOf(item, ref.line));
    queue.push({ json: item.json, key: item.key, refs: [ref], size, queuedAt: this.#now() });
    this.#bufferedItems += 1;
    this.#bufferedBytes += size;
    if (queue.entries.length >= queue.nextScanLength) this.#pump();
    else this.#schedule(this.#now() + this.#options.lingerMs);
  }

  hasRoom(): boolean {
    return this.#bufferedItems < this.#options.maxBufferedItems && this.#bufferedBytes < this.#options.maxBufferedBytes;
  }

  /** Resolves when the buffers have room again (or delivery has ended). */
  waitForRoom(): Promise<void> {
    if (this.hasRoom() || this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** End of input: send everything still queued and resolve when nothing is left or delivery failed. */
  drain(): Promise<void> {
    this.#draining = true;
    this.#pump();
    return this.#whenIdle();
  }

  /**
   * Shutdown: send nothing new from now on. A batch waiting to be retried (backoff, rate window)
   * is given up at once; requests on the wire go on until `abandon()`. `settled()` resolves when
   * they have all ended.
   */
  halt(): void {
    this.#stopped = true;
    this.#cancellation.cutSleeps();
    this.#wakeRoomWaiters();
    this.#clearTimer();
  }

  /** Resolves when no request is in flight (at once when none is). */
  settled(): Promise<void> {
    return Promise.allSettled([...this.#jobs]).then(() => undefined);
  }

  /**
   * Abandons whatever is still in flight or waiting to retry, and resolves when it has ended.
   * Records not delivered stay unresolved, so their states are never echoed.
   */
  async abandon(): Promise<void> {
    this.halt();
    this.#cancellation.cancel();
    await this.settled();
  }

  /** Releases timers and aborts requests; call once the run is over. */
  close(): void {
    this.#stopped = true;
    this.#cancellation.cancel();
    this.#clearTimer();
    this.#wakeRoomWaiters();
  }

  #whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#failure !== undefined || this.#stopped || (this.#inFlight === 0 && this.#bufferedItems === 0);
  }

  /** Starts as many requests as the concurrency limit, the budgets and the queues allow. */
  #pump(): void {
    if (this.#failure !== undefined || this.#stopped) return;
    const now = this.#now();
    let wakeAt = Number.POSITIVE_INFINITY;
    let progress = true;
    while (progress && this.#inFlight < this.#options.maxConcurrent) {
      progress = false;
      for (let i = 0; i < this.#order.length && this.#inFlight < this.#options.maxConcurrent; i++) {
        const queue = this.#order[(this.#nextQueue + i) % this.#order.length]!;
        const oldest = queue.oldestQueuedAt;
        if (oldest === undefined) continue;
        if (queue.pausedUntil > now) {
          wakeAt = Math.min(wakeAt, queue.pausedUntil);
          continue;
        }
        // A partial batch goes out once this endpoint's input has been quiet for lingerMs, or its
        // oldest sendable item has waited maxLingerMs. (Timing from the oldest item alone would send
        // a trickle of small batches whenever an item waits for a reason of its own, such as a hot
        // identity's budget, or whenever reading is slowed down.)
        const quietAt = queue.lastQueuedAt + this.#options.lingerMs;
        const force = this.#draining || quietAt <= now ? true : now - this.#options.maxLingerMs;
        const cut = queue.cut(force, now, this.#budgets, this.#mayGo);
        if (cut.batch === undefined) {
          // Nothing could be cut: try again when a batch's worth more has arrived, a job ends or a timer fires.
          queue.nextScanLength = queue.entries.length + queue.batchSize;
          const lingerEnds = force === true ? Number.POSITIVE_INFINITY : Math.min(quietAt, (cut.sendableSince ?? Number.POSITIVE_INFINITY) + this.#options.maxLingerMs);
          wakeAt = Math.min(wakeAt, cut.retryAt ?? Number.POSITIVE_INFINITY, lingerEnds);
          continue;
        }
        queue.nextScanLength = queue.batchSize;
        this.#nextQueue = (this.#nextQueue + i + 1) % this.#order.length;
        this.#start(queue, cut.batch);
        progress = true;
      }
    }
    if (Number.isFinite(wakeAt)) this.#schedule(wakeAt);
  }

  #start(queue: EndpointQueue, entries: QueueEntry[]): void {
    const options = this.#batchOptions(queue);
    const batch = Batch.cut(entries, this.#bodies, options);
    if (queue.endpoint === 'track') this.#budgets.reserve(batch);
    else if (keepsKeysInFlight(queue)) for (const key of batch.keys!) queue.inFlightKeys.set(key, (queue.inFlightKeys.get(key) ?? 0) + 1);
    this.#inFlight += 1;
    const job = this.#deliver(queue, batch, options, true)
      .catch((error: unknown) => this.#fail(toConnectorError(error)))
      .finally(() => {
        this.#inFlight -= 1;
        if (keepsKeysInFlight(queue)) {
          for (const key of batch.keys!) {
            const left = (queue.inFlightKeys.get(key) ?? 1) - 1;
            if (left <= 0) queue.inFlightKeys.delete(key);
            else queue.inFlightKeys.set(key, left);
          }
        }
        this.#jobs.delete(job);
        this.#settled();
      });
    this.#jobs.add(job);
  }

  /** Upserts keep their keys (keys in flight), events when identity budgets need them. */
  #batchOptions(queue: EndpointQueue): BatchOptions {
    return {
      appId: queue.appIdInBody ? this.#options.appId : undefined,
      bodyKey: queue.bodyKey,
      keepKeys: keepsKeysInFlight(queue) || (queue.endpoint === 'track' && this.#budgets.identity !== undefined),
    };
  }

  /** Per-identity order: whether a queued item may be sent now. */
  readonly #mayGo = (entry: QueueEntry): boolean => this.#identityOrder === undefined || this.#identityOrder.mayGo(entry.refs[0]!.line);

  /** The records of a batch are settled (delivered or rejected): later items of their identities may go. */
  #settleOrder(records: BatchRecords): void {
    if (this.#identityOrder === undefined) return;
    for (const line of records.lines) this.#identityOrder.settle(line);
  }

  /**
   * One POST of `body` to the queue's endpoint; a user deletion carries the Bearer token.
   * Undefined when there is no token to send it with (the run failed, or stops).
   */
  async #post(queue: EndpointQueue, body: Buffer): Promise<{ outcome: AttemptOutcome; token: string | undefined } | undefined> {
    let token: string | undefined;
    if (queue.endpoint === 'deletions') {
      token = await this.#token();
      if (token === undefined || this.#stopped || this.#cancellation.cancelled) return undefined;
    }
    const headers = token === undefined ? undefined : { authorization: `Bearer ${token}` };
    this.stats.requests += 1;
    const outcome = await this.#cancellation.run((signal) => this.#options.client.post(queue.path, body, { signal, headers }));
    return { outcome, token };
  }

  /** The access token for a deletion request, or undefined when the run failed or stops. */
  async #token(): Promise<string | undefined> {
    try {
      return await this.#auth.get();
    } catch (error) {
      if (!this.#stopped && !this.#cancellation.cancelled) this.#fail(toConnectorError(error));
      return undefined;
    }
  }

  /** Sends one batch until it is delivered, split and delivered, rejected, or the run fails. */
  async #deliver(queue: EndpointQueue, batch: Batch, options: BatchOptions, budgetTaken: boolean, tree?: SplitTree): Promise<void> {
    let firstFailureAt: number | undefined;
    const sent = batch.body;
    /** A deletion's token was refused once and renewed: a second refusal is the end. */
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      if (queue.endpoint === 'track' && !(attempt === 1 && budgetTaken)) await this.#waitForBudget(batch);
      const pause = queue.pausedUntil - this.#now();
      if (pause > 0) await this.#sleep(pause);
      // Halted or cancelled while waiting: this batch is not sent again; its records stay unresolved.
      if (this.#stopped || this.#cancellation.cancelled) return;
      const posted = await this.#post(queue, sent);
      if (posted === undefined) return;
      const { outcome, token } = posted;
      const now = this.#now();
      if (queue.endpoint === 'track') this.#budgets.settle(batch, now);
      if (this.#cancellation.cancelled) return;
      if (token !== undefined && outcome.kind === 'response' && (outcome.status === 401 || outcome.status === 403)) {
        // Expired (Heap's tokens live 5 minutes) or revoked: one new token, then a refusal is the config's fault.
        if (renewed) {
          this.#fail(tokenRefused('a fresh access token at its user deletion endpoint', outcome.status));
          return;
        }
        renewed = true;
        this.#auth.invalidate(token);
        continue;
      }
      const decision = decideRetry(outcome, this.#retryContext(queue, batch, attempt, firstFailureAt, now), this.#options.retry);
      switch (decision.action) {
        case 'done':
          // A 2xx: Heap has read the whole body, so its Buffer is free for another.
          this.#bodies.reuse(sent);
          this.#release(batch);
          this.stats.delivered += batch.records.length;
          this.#streak(queue).delivered();
          if (tree !== undefined) this.#clear(tree);
          this.#settleOrder(batch.records);
          if (queue.endpoint === 'deletions') this.#deletionAccepted(outcome, batch.items);
          if (queue.endpoint === 'identify') this.stats.identified += batch.records.length;
          this.#options.onDelivered(batch.records);
          return;
        case 'reject': {
          // A merged upsert refused: its records are judged one by one, in input order, so a bad
          // later record does not take an earlier good one with it. The key stays in flight meanwhile.
          const separated = batch.separated(this.#bodies, options);
          if (separated !== undefined) {
            for (const single of separated) {
              await this.#deliver(queue, single, options, false, tree);
              if (this.#failure !== undefined) return;
            }
            return;
          }
          this.#release(batch);
          await this.#refused(queue, batch.records, decision.reason, options, tree);
          return;
        }
        case 'split': {
          this.stats.splits += 1;
          // Depth first: the first half is settled before the second is sent, so a refusal of
          // everything shows within about log2(n) requests.
          const split = tree ?? { top: batch, cleared: false, probed: false, held: [] };
          const [first, second] = batch.halves(this.#bodies, options);
          await this.#deliver(queue, first, options, false, split);
          if (this.#failure !== undefined) return;
          await this.#deliver(queue, second, options, false, split);
          if (tree === undefined) this.#clear(split);
          return;
        }
        case 'fail':
          this.#fail(decision.error);
          return;
        case 'retry':
          firstFailureAt ??= now;
          this.stats.retries += 1;
          if (outcome.kind === 'response' && outcome.status === 429) {
            // Heap is throttling the app: hold the whole endpoint back, not just this batch.
            this.stats.throttled += 1;
            queue.pausedUntil = Math.max(queue.pausedUntil, now + decision.delayMs);
          }
          this.stats.lastRetry = { outcome, path: queue.path, nextAttemptAt: now + decision.delayMs };
          this.stats.retrying += 1;
          await this.#sleep(decision.delayMs);
          this.stats.retrying -= 1;
      }
    }
  }

  #retryContext(queue: EndpointQueue, batch: Batch, attempt: number, firstFailureAt: number | undefined, now: number) {
    return {
      path: queue.path,
      attempt,
      items: batch.items,
      firstFailureAt,
      now,
      random: this.#random(),
      baseUrl: this.#options.baseUrl,
      redact: (text: string) => redactRecordValues(text, bodyItems(batch.body, queue.bodyKey)),
    };
  }

  #streak(queue: EndpointQueue): RefusalStreak {
    let streak = this.#streaks.get(queue.endpoint);
    if (streak === undefined) {
      streak = new RefusalStreak();
      this.#streaks.set(queue.endpoint, streak);
    }
    return streak;
  }

  /** A single record refused alone: rejected, held back while a wholesale refusal is suspected, or the end of the sync. */
  async #refused(queue: EndpointQueue, records: BatchRecords, reason: string, options: BatchOptions, tree: SplitTree | undefined): Promise<void> {
    const streak = this.#streak(queue).refused(reason);
    if (tree === undefined) {
      if (streak >= STREAK_ALONE) this.#fail(wholesaleRefusal(queue.path, reason, this.#options.baseUrl));
      else this.#reject(records, reason);
      return;
    }
    if (tree.cleared) {
      this.#reject(records, reason);
      return;
    }
    tree.held.push({ records, reason });
    if (tree.probed || streak < STREAK_TO_PROBE) return;
    tree.probed = true;
    if (await this.#refusedAlike(queue, tree.top, reason, options)) this.#fail(wholesaleRefusal(queue.path, reason, this.#options.baseUrl));
    else this.#clear(tree);
  }

  /** Whether single items spread over `batch` are all refused with `reason` (src/delivery/wholesale-refusal.ts). */
  async #refusedAlike(queue: EndpointQueue, batch: Batch, reason: string, options: BatchOptions): Promise<boolean> {
    for (const index of probeIndices(batch.items, PROBES)) {
      const probe = batch.single(index, this.#bodies, options);
      if (queue.endpoint === 'track') await this.#waitForBudget(probe);
      if (this.#stopped || this.#cancellation.cancelled) return false;
      const posted = await this.#post(queue, probe.body);
      if (posted === undefined) return false;
      const { outcome } = posted;
      // A probe Heap accepted is a deletion request like any other: its id is logged and listed.
      if (queue.endpoint === 'deletions' && outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) this.#deletionAccepted(outcome, probe.items);
      const now = this.#now();
      if (queue.endpoint === 'track') this.#budgets.settle(probe, now);
      if (this.#cancellation.cancelled) return false;
      const decision = decideRetry(outcome, this.#retryContext(queue, probe, 1, undefined, now), this.#options.retry);
      if (decision.action !== 'reject' || decision.reason !== reason) return false;
    }
    return true;
  }

  /** The refusals of a split batch are about its records: reject those held back, and the later ones at once. */
  #clear(tree: SplitTree): void {
    if (this.#failure !== undefined || this.#cancellation.cancelled) return;
    tree.cleared = true;
    for (const { records, reason } of tree.held.splice(0)) this.#reject(records, reason);
  }

  #deletionAccepted(outcome: AttemptOutcome, users: number): void {
    const id = outcome.kind === 'response' ? deletionRequestId(outcome.body) : undefined;
    this.stats.usersDeleted += users;
    this.stats.deletionRequestIds.push(id ?? '(no deletion_request_id in the answer)');
    this.#options.onDeletionRequest?.(id, users);
  }

  #reject(records: BatchRecords, reason: string): void {
    this.#settleOrder(records);
    this.stats.rejected += records.length;
    this.#options.onRejected(records, reason);
  }

  /** A retried or split batch counts against the budgets again: Heap counts what it receives. */
  async #waitForBudget(batch: Batch): Promise<void> {
    for (;;) {
      const now = this.#now();
      const readyAt = this.#budgets.readyAt(batch, now);
      if (readyAt <= now || this.#stopped || this.#cancellation.cancelled) break;
      this.stats.throttleWaits += 1;
      // Infinity: the budget frees only when requests in flight are answered; look again shortly.
      await this.#sleep(Number.isFinite(readyAt) ? readyAt - now : BUDGET_POLL_MS);
    }
    this.#budgets.reserve(batch);
  }

  /** A batch's records leave the buffers (delivered or rejected). */
  #release(batch: Batch): void {
    this.#bufferedItems -= batch.records.length;
    this.#bufferedBytes -= batch.size;
  }

  #fail(error: ConnectorError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#cancellation.cancel();
    this.#clearTimer();
    this.#options.onFatal(error);
    this.#settled();
  }

  /** After any job ends: start more work, wake the reader if there is room, resolve drain(). */
  #settled(): void {
    this.#rescan();
    if (this.hasRoom() || this.#failure !== undefined) this.#wakeRoomWaiters();
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Something changed that may unblock a queue (a job ended, a timer fired): look at all of them. */
  #rescan(): void {
    for (const queue of this.#order) queue.nextScanLength = queue.batchSize;
    this.#pump();
  }

  #wakeRoomWaiters(): void {
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
    if (this.#stopped) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #sleep(ms: number): Promise<void> {
    return this.#cancellation.sleep(ms);
  }

  #schedule(at: number): void {
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#rescan();
    }, Math.max(0, at - this.#now()));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }
}

/** User and account upserts never have two requests in flight for one key (endpoint-queue.ts). */
function keepsKeysInFlight(queue: EndpointQueue): boolean {
  return queue.endpoint === 'users' || queue.endpoint === 'accounts';
}
