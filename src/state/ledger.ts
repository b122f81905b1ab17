/**
 * The state ledger: decides when each STATE may be echoed and with which counts.
 *
 * Records are read in one order across all streams. Each STATE closes a *segment*: the records
 * read since the previous STATE. A state may be echoed only when every record of its segment and
 * of all earlier segments is resolved (delivered to Heap or rejected); since states are echoed in
 * the order received, it is enough that the oldest waiting state's segment has nothing
 * outstanding — earlier segments were emptied before their own states went out, and a closed
 * segment never gains records.
 *
 * The counts follow the protocol: a STREAM state counts the records of its stream since that
 * stream's previous state; GLOBAL and LEGACY states count all records since the previous state.
 * Each record therefore feeds two tallies, its stream's and the global one, and a state takes
 * (and replaces) the tally it reports.
 *
 * A segment can also be *held*: while it is, neither its state nor any later one is echoed, even
 * once its records are resolved. A rejected record under `invalid_record_policy: "fail"` holds its
 * segment for good (the host resumes before the record); the first rejections of a stream that
 * may have a broken mapping hold theirs until the stream proves otherwise (src/sync/broken-mapping.ts).
 *
 * The ledger reads a state's stream descriptor from its parsed message and hands back, with the
 * counts, the payload it was given for it (the run passes the received line's text, echoed as is).
 */
import type { StateMessage } from '../protocol/messages.js';
import { streamKey } from '../protocol/messages.js';
import type { DestinationStats } from './state-echo.js';

interface Tally {
  read: number;
  delivered: number;
  rejected: number;
}

interface Segment {
  outstanding: number;
  /** Holds taken and not released: the segment's state waits while this is above 0. */
  holds: number;
}

/**
 * A record's place in the ledger: its segment and its stream's tally. Records of one stream in
 * one segment share a ticket (it holds no per-record data), so a batch waiting for Heap's answer
 * holds references to a few tickets, not an object per record. Resolve it once per record read.
 */
export interface RecordTicket {
  readonly segment: Segment;
  readonly streamTally: Tally;
  readonly globalTally: Tally;
}

interface WaitingState<P> {
  payload: P;
  segment: Segment;
  tally: Tally;
  bytes: number;
}

export class StateLedger<P> {
  #segment: Segment = newSegment();
  #globalTally: Tally = newTally();
  readonly #streamTallies = new Map<string, Tally>();
  readonly #waiting: WaitingState<P>[] = [];
  /** The tickets of the open segment, by stream key; emptied when a state closes the segment. */
  readonly #tickets = new Map<string, RecordTicket>();
  #unresolved = 0;
  #waitingBytes = 0;

  /** @param sizeOf the bytes a waiting payload holds (the read backpressure counts them) */
  constructor(
    private readonly echo: (payload: P, stats: DestinationStats) => void,
    private readonly sizeOf: (payload: P) => number = () => 0,
  ) {}

  /** Registers a record read from `stream`; resolve the ticket once Heap has it or it was rejected. */
  recordRead(stream: string, namespace: string | null | undefined): RecordTicket {
    const key = streamKey(stream, namespace);
    let ticket = this.#tickets.get(key);
    if (ticket === undefined) {
      let streamTally = this.#streamTallies.get(key);
      if (streamTally === undefined) {
        streamTally = newTally();
        this.#streamTallies.set(key, streamTally);
      }
      ticket = { segment: this.#segment, streamTally, globalTally: this.#globalTally };
      this.#tickets.set(key, ticket);
    }
    ticket.streamTally.read += 1;
    ticket.globalTally.read += 1;
    this.#segment.outstanding += 1;
    this.#unresolved += 1;
    return ticket;
  }

  delivered(ticket: RecordTicket): void {
    ticket.streamTally.delivered += 1;
    ticket.globalTally.delivered += 1;
    this.#resolve(ticket);
  }

  rejected(ticket: RecordTicket): void {
    ticket.streamTally.rejected += 1;
    ticket.globalTally.rejected += 1;
    this.#resolve(ticket);
  }

  /**
   * Keeps the ticket's segment, and so every later one, from being echoed until `release`; take
   * it before resolving the ticket. A hold never released means no state from that segment on
   * is ever echoed.
   */
  hold(ticket: RecordTicket): void {
    ticket.segment.holds += 1;
  }

  /** Gives back one `hold` of the ticket's segment; its state goes out once nothing else keeps it. */
  release(ticket: RecordTicket): void {
    ticket.segment.holds -= 1;
    if (ticket.segment.holds === 0 && ticket.segment.outstanding === 0) this.#drain();
  }

  /** Registers a STATE; `payload` is echoed as soon as every record before it is resolved (maybe now). */
  stateRead(message: StateMessage, payload: P): void {
    const bytes = this.sizeOf(payload);
    this.#waiting.push({ payload, segment: this.#segment, tally: this.#takeTally(message), bytes });
    this.#waitingBytes += bytes;
    this.#segment = newSegment();
    // A new segment, and the tally just taken was replaced: later records get new tickets.
    this.#tickets.clear();
    this.#drain();
  }

  /** States received but not yet echoed. */
  get waitingStates(): number {
    return this.#waiting.length;
  }

  /** Bytes the states received but not yet echoed hold (by `sizeOf`). */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** Records read but neither delivered nor rejected yet. */
  get unresolvedRecords(): number {
    return this.#unresolved;
  }

  #takeTally(message: StateMessage): Tally {
    const descriptor = message.state.type === 'STREAM' ? message.state.stream?.stream_descriptor : undefined;
    if (descriptor === undefined) {
      const tally = this.#globalTally;
      this.#globalTally = newTally();
      return tally;
    }
    const key = streamKey(descriptor.name, descriptor.namespace);
    const tally = this.#streamTallies.get(key) ?? newTally();
    this.#streamTallies.set(key, newTally());
    return tally;
  }

  #resolve(ticket: RecordTicket): void {
    ticket.segment.outstanding -= 1;
    this.#unresolved -= 1;
    if (ticket.segment.outstanding === 0 && ticket.segment.holds === 0) this.#drain();
  }

  #drain(): void {
    while (this.#waiting.length > 0 && isFree(this.#waiting[0]!.segment)) {
      const { payload, tally, bytes } = this.#waiting.shift()!;
      this.#waitingBytes -= bytes;
      this.echo(payload, { recordCount: tally.delivered, rejectedRecordCount: tally.rejected });
    }
  }
}

function newSegment(): Segment {
  return { outstanding: 0, holds: 0 };
}

function isFree(segment: Segment): boolean {
  return segment.outstanding === 0 && segment.holds === 0;
}

function newTally(): Tally {
  return { read: 0, delivered: 0, rejected: 0 };
}
