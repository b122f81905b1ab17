/**
 * `skip` never hides a broken mapping: when the first `BROKEN_MAPPING_RECORDS` records of a
 * stream are all rejected by the mapping for one reason category (a misspelt identity_field, a
 * timestamp in the wrong unit), the run fails with a config_error naming the stream and the
 * reason. While a stream's records are all rejected alike, their segments are held in the ledger,
 * so no state whose window holds them is echoed before the stream proves it maps: a record mapped,
 * a rejection of another kind, or the end of input (a stream of fewer records never fires) releases them.
 *
 * Likewise `NoMessagesWatch`: input whose first lines hold no AirbyteMessage at all is most likely
 * bare objects piped into `write`, which the `send` command takes.
 */
import { ConfigError, type ConnectorError } from '../errors.js';
import type { RecordRef } from '../delivery/endpoint-queue.js';
import type { RecordTicket, StateLedger } from '../state/ledger.js';

export const BROKEN_MAPPING_RECORDS = 100;

interface Suspect {
  category: string;
  count: number;
  /** The tickets held for the stream (one per segment it has records in). */
  held: Set<RecordTicket>;
}

export class BrokenMappingWatch {
  /** Streams still suspect, by label; a stream that proved it maps (or fired) is in `cleared`. */
  readonly #suspects = new Map<string, Suspect>();
  readonly #cleared = new Set<string>();

  constructor(
    private readonly ledger: Pick<StateLedger<unknown>, 'hold' | 'release'>,
    private readonly fail: (error: ConnectorError) => void,
    private readonly threshold = BROKEN_MAPPING_RECORDS,
  ) {}

  /** A record of `ref.stream` the mapping rejected; call before the ledger resolves its ticket. */
  rejected(ref: RecordRef, reason: string, category: string): void {
    if (this.#cleared.has(ref.stream)) return;
    let suspect = this.#suspects.get(ref.stream);
    if (suspect === undefined) {
      suspect = { category, count: 0, held: new Set() };
      this.#suspects.set(ref.stream, suspect);
    } else if (suspect.category !== category) {
      this.mapped(ref.stream);
      return;
    }
    suspect.count += 1;
    if (!suspect.held.has(ref.ticket)) {
      suspect.held.add(ref.ticket);
      this.ledger.hold(ref.ticket);
    }
    if (suspect.count < this.threshold) return;
    // Fired: the holds stay, so no state of the stream past these records is echoed.
    this.#suspects.delete(ref.stream);
    this.#cleared.add(ref.stream);
    this.fail(
      new ConfigError(
        'BROKEN_MAPPING',
        `The first ${this.threshold} records of stream "${ref.stream}" were all rejected for one reason (${category}): ${reason}. ` +
          'The mapping most likely does not fit the data: fix the field named in the mapping (or the catalog), then run the sync again.',
      ),
    );
  }

  /** A record of `stream` was mapped: the stream's mapping works, its held states may go. */
  mapped(stream: string): void {
    if (this.#cleared.has(stream)) return;
    this.#cleared.add(stream);
    this.#releaseOf(stream);
  }

  /** The input ended: a stream with fewer records than the threshold never fires. */
  settle(): void {
    for (const stream of [...this.#suspects.keys()]) this.#releaseOf(stream);
  }

  #releaseOf(stream: string): void {
    const suspect = this.#suspects.get(stream);
    if (suspect === undefined) return;
    this.#suspects.delete(stream);
    for (const ticket of suspect.held) this.ledger.release(ticket);
  }
}

export const NO_MESSAGE_LINES = 100;

/** Fails the run when the first `threshold` lines of input hold no AirbyteMessage. */
export class NoMessagesWatch {
  #lines = 0;
  #done = false;

  constructor(
    private readonly fail: (error: ConnectorError) => void,
    private readonly threshold = NO_MESSAGE_LINES,
  ) {}

  /** One input line: `message` when it was an AirbyteMessage (valid or not as a record or state). */
  line(message: boolean): void {
    if (this.#done) return;
    if (message) {
      this.#done = true;
      return;
    }
    this.#lines += 1;
    if (this.#lines < this.threshold) return;
    this.#done = true;
    this.fail(
      new ConfigError(
        'NO_AIRBYTE_MESSAGES',
        `The first ${this.threshold} lines of input hold no AirbyteMessage: write reads AirbyteMessages ({"type":"RECORD","record":{...}}). ` +
          'To send bare JSON objects, one a line, use: destination-heap send --config FILE --stream NAME',
      ),
    );
  }
}
