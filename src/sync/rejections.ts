/**
 * A record that cannot go to Heap: refused by the mapping (never sent) or by Heap (a 400 for it
 * alone). It is resolved in the state ledger, reported (stream, input line, reason; never a
 * value; rejection-log.ts keeps that readable however many there are), and with `invalid_record_policy: "fail"` it fails the run.
 */
import type { RecordRef } from '../delivery/endpoint-queue.js';
import { RecordRejectedError, type ConnectorError } from '../errors.js';
import type { RejectedKeeper } from '../rejected/keeper.js';
import type { RejectedBy } from '../rejected/kept-record.js';
import type { StateLedger } from '../state/ledger.js';
import { REFUSED_BY_HEAP, type RejectionLog } from './rejection-log.js';

export class Rejections {
  constructor(
    private readonly ledger: Pick<StateLedger<unknown>, 'rejected' | 'hold'>,
    private readonly log: Pick<RejectionLog, 'note'>,
    private readonly policy: 'skip' | 'fail',
    private readonly fail: (error: ConnectorError) => void,
    /** Keeps each rejected record in the store, when one is configured (src/rejected/). */
    private readonly keeper?: Pick<RejectedKeeper, 'keep'>,
  ) {}

  /** `category` groups the reason in the log and the summary (rejection-log.ts); Heap's refusals share one. */
  reject(ref: RecordRef, reason: string, by: RejectedBy, category = REFUSED_BY_HEAP): void {
    // Under "fail", no state from this record's window on is ever echoed: the host resumes before it.
    if (this.policy === 'fail') this.ledger.hold(ref.ticket);
    // Before the ticket resolves: the keeper holds the segment until the record is stored.
    if (this.keeper !== undefined && ref.received !== undefined) this.keeper.keep(ref, ref.received, reason, by);
    this.ledger.rejected(ref.ticket);
    this.log.note(ref, reason, category);
    if (this.policy !== 'fail') return;
    const record = `A record of stream "${ref.stream}" at input line ${ref.line}`;
    // Heap's reason is a sentence of its own ("Heap refused this record even when sent alone ...").
    const what = by === 'mapping' ? `${record} could not be mapped: ${reason}.` : `${record} was refused by Heap. ${reason}.`;
    this.fail(new RecordRejectedError(`${what} invalid_record_policy is "fail"; fix the data or the mapping, or set it to "skip".`));
  }
}
