/**
 * A batch once it is cut from its queue: the request body, written at once, and where each of its
 * records came from, held in columns.
 *
 * A batch waits for Heap's answer (and its retries) for hundreds of milliseconds, long enough for
 * whatever it holds to be moved into V8's old generation and collected there. So it holds no
 * object per item: the queue entries, their texts and their record references die young, and a
 * batch of 1000 events keeps one Buffer and a few arrays of references to shared objects.
 */
import type { RecordTicket } from '../state/ledger.js';
import type { ReceivedRecord } from '../rejected/kept-record.js';
import type { QueueEntry, RecordRef } from './endpoint-queue.js';
import type { Budgeted } from './event-budgets.js';
import { bodyItems, type RequestBodies } from './request-body.js';

/** Where a batch's records came from, one column per field of `RecordRef`. */
export class BatchRecords implements Iterable<RecordRef> {
  constructor(
    /** The ledger ticket of each record (shared by the records of a stream in a segment). */
    readonly tickets: RecordTicket[] = [],
    readonly streams: string[] = [],
    readonly lines: number[] = [],
    /** Each record as received, when rejected records are kept (src/rejected/); else undefined. */
    readonly received?: (ReceivedRecord | undefined)[],
  ) {}

  get length(): number {
    return this.lines.length;
  }

  push(ref: RecordRef): void {
    this.tickets.push(ref.ticket);
    this.streams.push(ref.stream);
    this.lines.push(ref.line);
    if (this.received !== undefined) this.received.push(ref.received);
  }

  ref(index: number): RecordRef {
    const ref: RecordRef = { ticket: this.tickets[index]!, stream: this.streams[index]!, line: this.lines[index]! };
    const received = this.received?.[index];
    if (received !== undefined) ref.received = received;
    return ref;
  }

  slice(start: number, end: number): BatchRecords {
    return new BatchRecords(this.tickets.slice(start, end), this.streams.slice(start, end), this.lines.slice(start, end), this.received?.slice(start, end));
  }

  *[Symbol.iterator](): Iterator<RecordRef> {
    for (let i = 0; i < this.length; i++) yield this.ref(i);
  }
}

export interface BatchOptions {
  /** undefined: the body carries no app_id (user deletion). */
  appId: string | undefined;
  /** undefined: the one item is the body (identify). */
  bodyKey: string | undefined;
  /** Keep each item's key (upserts: keys in flight; events: identity budgets). */
  keepKeys: boolean;
}

export class Batch implements Budgeted {
  private constructor(
    /** The request body, sent as it is on every attempt. */
    readonly body: Buffer,
    /** Items in the body. */
    readonly items: number,
    /** Each item's identity or account id, when kept (`BatchOptions.keepKeys`). */
    readonly keys: readonly string[] | undefined,
    readonly records: BatchRecords,
    /**
     * Where each item's records end in `records`, when some item carries more than one (merged
     * upserts); undefined when item i is record i.
     */
    readonly recordEnds: readonly number[] | undefined,
    /** The bytes it counts against the engine's memory bound (its entries' sizes). */
    readonly size: number,
    /** Each merged item's records' own items (QueueEntry.parts); undefined when no item is merged. */
    readonly parts?: readonly (readonly string[] | undefined)[],
  ) {}

  /** Writes the body of `entries` and keeps what the answer needs; the entries can then go. */
  static cut(entries: readonly QueueEntry[], bodies: RequestBodies, options: BatchOptions): Batch {
    const texts: string[] = new Array<string>(entries.length);
    const keys: string[] | undefined = options.keepKeys ? new Array<string>(entries.length) : undefined;
    const records = entries[0]?.refs[0]?.received === undefined ? new BatchRecords() : new BatchRecords([], [], [], []);
    let recordEnds: number[] | undefined;
    let parts: (string[] | undefined)[] | undefined;
    let size = 0;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      texts[i] = entry.json;
      if (entry.parts !== undefined) (parts ??= new Array<string[] | undefined>(entries.length))[i] = entry.parts;
      if (keys !== undefined) keys[i] = entry.key;
      size += entry.size;
      for (const ref of entry.refs) records.push(ref);
      if (recordEnds === undefined && records.length !== i + 1) recordEnds = Array.from({ length: i }, (_, j) => j + 1);
      recordEnds?.push(records.length);
    }
    return new Batch(bodies.build(options.appId, options.bodyKey, texts), entries.length, keys, records, recordEnds, size, parts);
  }

  /**
   * A batch of one merged item, taken apart: one batch per record, each with that record's own
   * item, in input order (undefined when the batch is not one merged item).
   */
  separated(bodies: RequestBodies, options: BatchOptions): Batch[] | undefined {
    const parts = this.parts?.[0];
    if (this.items !== 1 || parts === undefined || parts.length !== this.records.length) return undefined;
    // Shares of the size that add up to it, as halves() does.
    const share = (i: number) => Math.round((this.size * (i + 1)) / parts.length) - Math.round((this.size * i) / parts.length);
    return parts.map((text, i) => new Batch(bodies.build(options.appId, options.bodyKey, [text]), 1, this.keys, this.records.slice(i, i + 1), undefined, share(i)));
  }

  /**
   * A batch of the one item at `index`, for a probe (src/delivery/wholesale-refusal.ts): its
   * records are judged by the isolation of this batch, not by the probe's answer.
   */
  single(index: number, bodies: RequestBodies, options: BatchOptions): Batch {
    const text = JSON.stringify(bodyItems(this.body, options.bodyKey)[index]);
    const recordStart = this.recordEnds === undefined ? index : index === 0 ? 0 : this.recordEnds[index - 1]!;
    const recordEnd = this.recordEnds === undefined ? index + 1 : this.recordEnds[index]!;
    const size = Math.round(this.size / this.items);
    const parts = this.parts?.[index];
    return new Batch(
      bodies.build(options.appId, options.bodyKey, [text]),
      1,
      this.keys?.slice(index, index + 1),
      this.records.slice(recordStart, recordEnd),
      this.recordEnds === undefined ? undefined : [recordEnd - recordStart],
      size,
      parts === undefined ? undefined : [parts],
    );
  }

  /**
   * The two halves of a batch Heap refused, each with a body of its own written from the items
   * read back from this body. The size is shared by item count, so the halves add up to it.
   */
  halves(bodies: RequestBodies, options: BatchOptions): [Batch, Batch] {
    const texts = bodyItems(this.body, options.bodyKey).map((item) => JSON.stringify(item));
    const middle = Math.ceil(this.items / 2);
    const recordMiddle = this.recordEnds === undefined ? middle : this.recordEnds[middle - 1]!;
    const firstSize = Math.round((this.size * middle) / this.items);
    const half = (start: number, end: number, recordStart: number, recordEnd: number, size: number): Batch =>
      new Batch(
        bodies.build(options.appId, options.bodyKey, texts.slice(start, end)),
        end - start,
        this.keys?.slice(start, end),
        this.records.slice(recordStart, recordEnd),
        this.recordEnds?.slice(start, end).map((recordEndOfItem) => recordEndOfItem - recordStart),
        size,
        this.parts?.slice(start, end),
      );
    return [
      half(0, middle, 0, recordMiddle, firstSize),
      half(middle, this.items, recordMiddle, this.records.length, this.size - firstSize),
    ];
  }
}
