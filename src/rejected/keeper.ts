/**
 * The keeper of rejected records: each record rejected (by the mapping or by Heap) becomes a kept
 * line (kept-record.ts), waits in memory briefly, and is written to the store in parts
 * (part-cutter.ts, part-name.ts). Nothing is lost: the record's ledger segment is held from the
 * moment it is rejected until its line is durable in the store, so no state past an unstored
 * rejection is ever echoed.
 *
 * Writes go one at a time, in order. Lines are written once they have waited `flushDelayMs`, at
 * once when `flushBytes` wait, and all of them at `drain()`. A write that fails is tried again by
 * the retry policy (store-retry.ts); when it still fails, the run fails and the held segments stay
 * held. While `maxBufferedBytes` of lines wait or are being written, `hasRoom()` is false and the
 * reader stops reading stdin (read-room.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RejectedStoreError, type ConnectorError } from '../errors.js';
import type { RecordRef } from '../delivery/endpoint-queue.js';
import type { RecordTicket, StateLedger } from '../state/ledger.js';
import { streamKey } from '../protocol/messages.js';
import { keptRecordLine, type ReceivedRecord, type RejectedBy } from './kept-record.js';
import { cutParts } from './part-cutter.js';
import { partPath } from './part-name.js';
import type { PartStore } from './part-store.js';
import { DEFAULT_STORE_RETRY, storeRetryDelay, type StoreRetryOptions } from './store-retry.js';

export interface KeeperOptions {
  store: PartStore;
  ledger: Pick<StateLedger<unknown>, 'hold' | 'release'>;
  /** The SYNC_ID folder of a stream's parts: the catalog's sync_id, or the run id. */
  syncIdOf: (stream: string, namespace: string | null | undefined) => string;
  version: string;
  fail: (error: ConnectorError) => void;
  now?: () => number;
  retry?: StoreRetryOptions;
  maxPartBytes?: number;
  maxBufferedBytes?: number;
  flushBytes?: number;
  flushDelayMs?: number;
}

export const KEEPER_DEFAULTS = {
  maxPartBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  flushBytes: 4 * 1024 * 1024,
  flushDelayMs: 1_000,
};

interface PendingLine {
  text: string;
  bytes: number;
  ticket: RecordTicket;
}

interface StreamParts {
  stream: string;
  namespace: string | null | undefined;
  pending: PendingLine[];
  /** The part open for appends (appendable stores): its path and bytes. */
  open?: { path: string; bytes: number };
  nextPart: number;
}

/** A part written in this run: its full name and how many records it holds. */
export interface KeptPart {
  name: string;
  records: number;
}

export class RejectedKeeper {
  readonly #options: Required<Omit<KeeperOptions, 'retry'>> & { retry: StoreRetryOptions };
  readonly #streams = new Map<string, StreamParts>();
  readonly #parts = new Map<string, KeptPart>();
  readonly #abort = new AbortController();
  #bufferedBytes = 0;
  #pendingBytes = 0;
  #unstored = 0;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failed = false;
  #roomWaiters: Array<() => void> = [];

  constructor(options: KeeperOptions) {
    this.#options = { now: Date.now, retry: DEFAULT_STORE_RETRY, ...KEEPER_DEFAULTS, ...options };
  }

  /** Every part written so far, in the order written. */
  get parts(): KeptPart[] {
    return [...this.#parts.values()];
  }

  /** Records kept but not (yet) stored: after a failure, those the store never took. */
  get unstored(): number {
    return this.#unstored;
  }

  get store(): PartStore {
    return this.#options.store;
  }

  /** Call before the record's ticket is resolved as rejected: its segment is held until the line is stored. */
  keep(ref: RecordRef, received: ReceivedRecord, reason: string, by: RejectedBy): void {
    const { ledger, version, now } = this.#options;
    ledger.hold(ref.ticket);
    const text = keptRecordLine(received, { reason, by, input_line: ref.line, rejected_at: new Date(now()).toISOString(), connector_version: version });
    const key = streamKey(received.stream, received.namespace);
    let parts = this.#streams.get(key);
    if (parts === undefined) {
      parts = { stream: received.stream, namespace: received.namespace, pending: [], nextPart: 0 };
      this.#streams.set(key, parts);
    }
    const bytes = Buffer.byteLength(text) + 1;
    parts.pending.push({ text, bytes, ticket: ref.ticket });
    this.#unstored += 1;
    this.#bufferedBytes += bytes;
    this.#pendingBytes += bytes;
    if (this.#failed) return;
    if (this.#pendingBytes >= this.#options.flushBytes) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.#options.flushDelayMs);
  }

  hasRoom(): boolean {
    return this.#failed || this.#bufferedBytes < this.#options.maxBufferedBytes;
  }

  waitForRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Writes every waiting line; resolves once all are stored, or the store failed. */
  async drain(): Promise<void> {
    while (!this.#failed && (this.#pendingBytes > 0 || this.#writing !== undefined)) {
      this.#flush();
      await this.#writing;
    }
  }

  /** Stops writing: a write in flight is abandoned, and what is not stored stays held. */
  abandon(): void {
    this.#failed = true;
    this.#abort.abort();
    this.close();
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wakeReaders();
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#writing !== undefined || this.#failed || this.#pendingBytes === 0) return;
    this.#writing = this.#writeAll().finally(() => {
      this.#writing = undefined;
      // Lines that came while writing: at once when enough wait, else after the delay.
      if (this.#pendingBytes >= this.#options.flushBytes) this.#flush();
      else if (this.#pendingBytes > 0 && !this.#failed) this.#timer ??= setTimeout(() => this.#flush(), this.#options.flushDelayMs);
    });
  }

  async #writeAll(): Promise<void> {
    for (const parts of this.#streams.values()) {
      const lines = parts.pending.splice(0);
      if (lines.length === 0) continue;
      const taken = lines.reduce((sum, line) => sum + line.bytes, 0);
      this.#pendingBytes -= taken;
      const { store } = this.#options;
      const plans = cutParts(store.appendable ? parts.open?.bytes : undefined, lines.map((line) => line.bytes), this.#options.maxPartBytes);
      let at = 0;
      for (const plan of plans) {
        const chunk = lines.slice(at, at + plan.count);
        at += plan.count;
        const path = await this.#writeChunk(parts, chunk, plan.fresh);
        if (path === undefined) return;
        const name = store.name(path);
        const part = this.#parts.get(name) ?? { name, records: 0 };
        part.records += chunk.length;
        this.#parts.set(name, part);
        this.#bufferedBytes -= plan.bytes;
        this.#unstored -= chunk.length;
        for (const line of chunk) this.#options.ledger.release(line.ticket);
        this.#wakeReaders();
      }
    }
  }

  /** Writes one part's lines, trying again by the retry policy; the part's path, or undefined once the run failed. */
  async #writeChunk(parts: StreamParts, chunk: PendingLine[], fresh: boolean): Promise<string | undefined> {
    const { store, retry } = this.#options;
    const text = chunk.map((line) => `${line.text}\n`).join('');
    const bytes = Buffer.byteLength(text);
    for (let attempt = 1; ; attempt++) {
      const path = fresh || parts.open === undefined ? this.#newPath(parts) : parts.open.path;
      try {
        const result = await store.write(path, text, fresh || parts.open === undefined, this.#abort.signal);
        if (result === 'exists') {
          // Another run (an earlier attempt of this sync) wrote a part of that name: take the next one.
          attempt -= 1;
          fresh = true;
          continue;
        }
        parts.open = { path, bytes: fresh || parts.open?.path !== path ? bytes : parts.open.bytes + bytes };
        return path;
      } catch (error) {
        if (this.#failed) return undefined;
        const delay = storeRetryDelay(attempt, retry);
        if (delay === undefined) {
          this.#fail(error, attempt);
          return undefined;
        }
        // A write that failed may have left part of its text behind: the next attempt starts a new part.
        fresh = true;
        parts.open = undefined;
        // Abandoning the keeper (a stop) ends the wait at once.
        await sleep(delay, undefined, { signal: this.#abort.signal }).catch(() => undefined);
        if (this.#failed) return undefined;
      }
    }
  }

  #newPath(parts: StreamParts): string {
    const part = parts.nextPart;
    parts.nextPart += 1;
    return partPath({ syncId: this.#options.syncIdOf(parts.stream, parts.namespace), stream: parts.stream, namespace: parts.namespace, openedAt: this.#options.now(), part });
  }

  #fail(error: unknown, attempts: number): void {
    this.#failed = true;
    const detail = error instanceof Error ? error.message : String(error);
    this.#options.fail(
      new RejectedStoreError(
        `Rejected records could not be stored in ${this.#options.store.where} (${attempts} attempts; last: ${detail}). No state past the first record not stored was echoed, so the next sync sends those records again. Check that the store is reachable and writable (destination-heap check proves it), then run the sync again.`,
      ),
    );
    this.#wakeReaders();
  }

  #wakeReaders(): void {
    if (!this.hasRoom() && !this.#abort.signal.aborted) return;
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
  }
}
