/**
 * Whether the reader may take the next input line: the delivery buffers have room, and the STATEs
 * waiting for their records are neither too many nor too large. A waiting STATE is held in memory
 * (its received text, echoed as is) until every record before it is delivered, so a long run of
 * states behind slow records would otherwise grow without bound, and then be printed all at once.
 *
 * Pausing never deadlocks: a state waits only for records already read, which the engine delivers
 * while reading is paused (a partial batch goes out once the input has been quiet for the linger
 * time), and each echo lets reading go on as soon as the waiting states are back under the bounds.
 */
import type { DeliveryEngine } from '../delivery/engine.js';
import type { StateLedger } from '../state/ledger.js';

/** STATEs held at most while their records are delivered, before the reader pauses. */
export const MAX_WAITING_STATES = 10_000;

/**
 * Bytes of waiting STATEs' text held at most before the reader pauses. Each byte held costs several
 * in peak RSS (the line, its parsed copy and V8's heap growth around them: README, "Benchmark"),
 * so 24 MiB keeps a sync of 200 KB states within the memory the connector is given (docs/heap.md:
 * 256 MiB) and still lets 120 of them wait for one round trip to a slow Heap, so a run of large
 * states keeps a batch in every request; one state larger than the bound is still read (it waits
 * alone).
 */
export const MAX_WAITING_STATE_BYTES = 24 * 1024 * 1024;

export interface RoomBounds {
  states: number;
  bytes: number;
}

export class ReadRoom {
  #stateWaiters: Array<() => void> = [];

  constructor(
    private readonly engine: Pick<DeliveryEngine, 'hasRoom' | 'waitForRoom'>,
    private readonly ledger: Pick<StateLedger<unknown>, 'waitingStates' | 'waitingBytes'>,
    private readonly bounds: RoomBounds = { states: MAX_WAITING_STATES, bytes: MAX_WAITING_STATE_BYTES },
    /** The store of rejected records, when one is configured: its lines waiting to be stored are bounded too. */
    private readonly keeper?: Pick<DeliveryEngine, 'hasRoom' | 'waitForRoom'>,
  ) {}

  hasRoom(): boolean {
    return this.engine.hasRoom() && this.#statesHaveRoom() && (this.keeper?.hasRoom() ?? true);
  }

  /** Resolves when there may be room again (the caller looks again). */
  waitForRoom(): Promise<void> {
    if (!this.engine.hasRoom()) return this.engine.waitForRoom();
    if (this.keeper !== undefined && !this.keeper.hasRoom()) return this.keeper.waitForRoom();
    if (this.#statesHaveRoom()) return Promise.resolve();
    return new Promise((resolve) => this.#stateWaiters.push(resolve));
  }

  /** Tell the room a state was echoed (it no longer waits). */
  stateEchoed(): void {
    if (this.#stateWaiters.length > 0 && this.#statesHaveRoom()) {
      for (const resolve of this.#stateWaiters.splice(0)) resolve();
    }
  }

  #statesHaveRoom(): boolean {
    return this.ledger.waitingStates < this.bounds.states && this.ledger.waitingBytes < this.bounds.bytes;
  }
}
