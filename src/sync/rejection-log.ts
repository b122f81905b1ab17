/**
 * Reporting rejected records without flooding the log. A source with one bad mapping can reject
 * every record; one WARN per record would bury everything else. So, per stream and reason:
 * - the first `verbatim` rejections are logged one by one (stream, input line, reason);
 * - after that, at most one WARN per stream every `intervalMs` says how many more were rejected
 *   since the last such line, and why;
 * - the run summary gives the count per stream and reason (`RejectionTally`).
 *
 * Reasons are grouped by their category (src/mapping/rejection.ts), a label that does not vary
 * from record to record, never by the free text. The clock is injected: only the times at which
 * rejections arrive decide when a count is logged, so no timer outlives the run.
 *
 * The same bounds serve input lines dropped as not AirbyteMessages (`DROPPED_LINES_WORDING`):
 * only the sentences differ.
 */

/** The sentences of the log: what was rejected, said one by one, and said as a count. */
export interface RejectionWording {
  /** One item; `reason` names no value. */
  one(ref: RejectionRef, reason: string): string;
  /** The sentence after the last verbatim item of a stream and reason. */
  further(ref: RejectionRef, intervalS: number): string;
  /** `total` more items since the last count line, `lines` their input lines, `why` the counts per category. */
  count(stream: string, total: number, lines: string, why: string): string;
}

/** Rejected records: `Rejected a record of stream "orders" at input line 12: ...`. */
export const RECORD_WORDING: RejectionWording = {
  one: (ref, reason) => `Rejected a record of stream "${ref.stream}" at input line ${ref.line}: ${reason}.`,
  further: (ref, intervalS) =>
    ` Further records of stream "${ref.stream}" rejected for this reason are counted, and logged at most every ${intervalS} s; the summary gives the totals.`,
  count: (stream, total, lines, why) => `Rejected ${total} more record${total === 1 ? '' : 's'} of stream "${stream}" (${lines}): ${why}.`,
};

/** Input lines that are not AirbyteMessages; `stream` is unused (one group: the input). */
export const DROPPED_LINES_WORDING: RejectionWording = {
  one: (ref, reason) => `Dropped input line ${ref.line}: ${reason}.`,
  further: (_ref, intervalS) =>
    ` Further input lines dropped for this reason are counted, and logged at most every ${intervalS} s; the summary gives the total.`,
  count: (_stream, total, lines, why) => `Dropped ${total} more input line${total === 1 ? '' : 's'} (${lines}): ${why}.`,
};

export interface RejectionLogOptions {
  warn: (message: string) => void;
  now: () => number;
  /** Counts per stream and reason, for the run summary. */
  tally: RejectionTally;
  /** Rejections logged one by one per stream and reason; default 10. */
  verbatim?: number;
  /** Least time between two count lines of one stream (ms); default 10 000. */
  intervalMs?: number;
  /** The sentences; default RECORD_WORDING. */
  wording?: RejectionWording;
}

export interface RejectionRef {
  /** The stream's label (`namespace.name`). */
  stream: string;
  /** The input line of the record. */
  line: number;
}

export const DEFAULT_VERBATIM_REJECTIONS = 10;
export const DEFAULT_REJECTION_INTERVAL_MS = 10_000;

/** Category of a record Heap refused on its own (its reason quotes Heap's answer, which varies). */
export const REFUSED_BY_HEAP = 'refused by Heap';

/** How many records were rejected, per stream and reason category, in first-seen order. */
export class RejectionTally {
  readonly #counts = new Map<string, Map<string, number>>();

  /** Counts one rejection; returns how many of this stream and category there are now. */
  add(stream: string, category: string): number {
    let byCategory = this.#counts.get(stream);
    if (byCategory === undefined) this.#counts.set(stream, (byCategory = new Map()));
    const count = (byCategory.get(category) ?? 0) + 1;
    byCategory.set(category, count);
    return count;
  }

  get size(): number {
    return this.#counts.size;
  }

  entries(): { stream: string; category: string; count: number }[] {
    const rows: { stream: string; category: string; count: number }[] = [];
    for (const [stream, byCategory] of this.#counts) for (const [category, count] of byCategory) rows.push({ stream, category, count });
    return rows;
  }
}

/** `stream "orders": 19990 × identity_field "user.id": missing, 2 × refused by Heap`. */
export function describeRejections(tally: RejectionTally): string {
  const byStream = new Map<string, string[]>();
  for (const { stream, category, count } of tally.entries()) {
    const parts = byStream.get(stream) ?? [];
    parts.push(`${count} × ${category}`);
    byStream.set(stream, parts);
  }
  return [...byStream].map(([stream, parts]) => `stream "${stream}": ${parts.join(', ')}`).join('; ');
}

interface Unlogged {
  /** Rejections not logged one by one since the stream's last count line, per category. */
  counts: Map<string, number>;
  total: number;
  /** When the last count line was logged, or the first rejection went unlogged. */
  since: number;
  firstLine: number;
  lastLine: number;
}

export class RejectionLog {
  readonly #warn: (message: string) => void;
  readonly #now: () => number;
  readonly #tally: RejectionTally;
  readonly #verbatim: number;
  readonly #intervalMs: number;
  readonly #wording: RejectionWording;
  readonly #unlogged = new Map<string, Unlogged>();

  constructor(options: RejectionLogOptions) {
    this.#warn = options.warn;
    this.#now = options.now;
    this.#tally = options.tally;
    this.#verbatim = options.verbatim ?? DEFAULT_VERBATIM_REJECTIONS;
    this.#intervalMs = options.intervalMs ?? DEFAULT_REJECTION_INTERVAL_MS;
    this.#wording = options.wording ?? RECORD_WORDING;
  }

  /** One rejected record. `reason` is a sentence that names no value; `category` groups it. */
  note(ref: RejectionRef, reason: string, category: string): void {
    const count = this.#tally.add(ref.stream, category);
    if (count <= this.#verbatim) {
      const more = count === this.#verbatim ? this.#wording.further(ref, Math.round(this.#intervalMs / 1000)) : '';
      this.#warn(`${this.#wording.one(ref, reason)}${more}`);
      return;
    }
    const now = this.#now();
    let unlogged = this.#unlogged.get(ref.stream);
    if (unlogged === undefined) {
      // The first count line comes one interval after the verbatim ones stopped.
      unlogged = { counts: new Map(), total: 0, since: now, firstLine: ref.line, lastLine: ref.line };
      this.#unlogged.set(ref.stream, unlogged);
    }
    if (unlogged.total === 0) unlogged.firstLine = ref.line;
    unlogged.counts.set(category, (unlogged.counts.get(category) ?? 0) + 1);
    unlogged.total += 1;
    unlogged.lastLine = ref.line;
    if (now - unlogged.since >= this.#intervalMs) {
      this.#warn(this.#describeUnlogged(ref.stream, unlogged));
      unlogged.counts.clear();
      unlogged.total = 0;
      unlogged.since = now;
    }
  }

  #describeUnlogged(stream: string, unlogged: Unlogged): string {
    const why = [...unlogged.counts].map(([category, count]) => `${count} × ${category}`).join(', ');
    const lines = unlogged.firstLine === unlogged.lastLine ? `input line ${unlogged.firstLine}` : `input lines ${unlogged.firstLine} to ${unlogged.lastLine}`;
    return this.#wording.count(stream, unlogged.total, lines, why);
  }
}
