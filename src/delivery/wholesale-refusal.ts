/**
 * A refusal that is not about records: Heap (or a proxy in front of it) answering 400 to every
 * request, because the app_id is wrong, the base_url points elsewhere or the API changed. Splitting
 * such a batch down to single records would cost 2n − 1 requests and reject every record, and the
 * sync would end "successfully" with nothing in Heap. Instead the sync fails (docs/heap.md, "When
 * Heap refuses everything").
 *
 * How it is told apart from bad records, within about 25 requests for a batch of 1000:
 * - isolation goes depth first, so the first single records are reached after about log2(n)
 *   requests; a streak of `STREAK_TO_PROBE` single records refused with the same answer, with
 *   nothing of the batch accepted yet, is a suspicion, not a verdict (the bad records may all sit
 *   at the start of the batch);
 * - the suspicion is checked with `PROBES` single records spread evenly over the whole batch: when
 *   every one is refused with that same answer, at least most of the batch is refused alone, and
 *   the sync fails; when any is accepted (or the answer differs), isolation goes on as usual. The
 *   probes only inform: their records are judged by the isolation, as every other record;
 * - batches of one record (batch_size 1) have no batch to sample: `STREAK_ALONE` single records
 *   refused in a row with the same answer, with none accepted in between, fail the sync.
 *
 * Until the suspicion is cleared, the rejections of a batch are held back, so a failure leaves the
 * batch's records unresolved and no state past them is echoed.
 */
import { WholesaleRefusalError } from '../errors.js';

/** Single records refused in a row, with the same answer and nothing of their batch accepted, before probing. */
export const STREAK_TO_PROBE = 4;
/** Single records, spread over the batch, that must all be refused alike for the sync to fail. */
export const PROBES = 8;
/** Batches of one refused in a row with the same answer, none accepted between them, that fail the sync. */
export const STREAK_ALONE = 100;

/** One endpoint's run of single records refused with the same answer; any delivery ends it. */
export class RefusalStreak {
  #count = 0;
  #reason: string | undefined;

  /** Counts a single record refused for `reason`; returns how many in a row were refused for it. */
  refused(reason: string): number {
    if (reason !== this.#reason) {
      this.#reason = reason;
      this.#count = 0;
    }
    this.#count += 1;
    return this.#count;
  }

  delivered(): void {
    this.#count = 0;
    this.#reason = undefined;
  }

  get reason(): string | undefined {
    return this.#reason;
  }
}

/** `count` distinct item indices spread evenly over a batch of `items` (all of them when it is small). */
export function probeIndices(items: number, count: number): number[] {
  if (items <= count) return Array.from({ length: items }, (_, i) => i);
  const step = items / count;
  return Array.from({ length: count }, (_, i) => Math.floor(i * step + step / 2));
}

/** The sync's failure: Heap's answer (already shortened and redacted) and what to check. */
export function wholesaleRefusal(path: string, reason: string, baseUrl: string | undefined): WholesaleRefusalError {
  const where = baseUrl === undefined ? '' : ` at ${baseUrl}`;
  return new WholesaleRefusalError(
    `Heap${where} refused every record sent to POST ${path}, each one alone as well, with the same answer, so the cause is not in the records. ` +
      `${reason}. Check that app_id is your Heap environment ID, that region / base_url point at Heap's ingestion API, and that no proxy in ` +
      'between answers for Heap. No state past the refused records was echoed: the next sync sends them again.',
    { internalMessage: `wholesale refusal on POST ${path}: ${reason}` },
  );
}
