/**
 * Whether the reader may take the next input line: the delivery buffers have room, and not too
 * many STATEs wait for their records. A waiting STATE is held in memory until every record before
 * it is delivered, so a long run of states behind one slow record would otherwise grow without
 * bound, and then be printed all at once.
 */
import type { DeliveryEngine } from '../delivery/engine.js';
import type { StateLedger } from '../state/ledger.js';

/** STATEs held at most while their records are delivered, before the reader pauses. */
export const MAX_WAITING_STATES = 10_000;

export class ReadRoom {
  #stateWaiters: Array<() => void> = [];

  constructor(
    private readonly engine: Pick<DeliveryEngine, 'hasRoom' | 'waitForRoom'>,
    private readonly ledger: Pick<StateLedger<unknown>, 'waitingStates'>,
    private readonly maxWaitingStates = MAX_WAITING_STATES,
  ) {}

  hasRoom(): boolean {
    return this.engine.hasRoom() && this.ledger.waitingStates < this.maxWaitingStates;
  }

  /** Resolves when there may be room again (the caller looks again). */
  waitForRoom(): Promise<void> {
    if (!this.engine.hasRoom()) return this.engine.waitForRoom();
    if (this.ledger.waitingStates < this.maxWaitingStates) return Promise.resolve();
    return new Promise((resolve) => this.#stateWaiters.push(resolve));
  }

  /** Tell the room a state was echoed (it no longer waits). */
  stateEchoed(): void {
    if (this.#stateWaiters.length > 0 && this.ledger.waitingStates < this.maxWaitingStates) {
      for (const resolve of this.#stateWaiters.splice(0)) resolve();
    }
  }
}
