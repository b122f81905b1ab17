/**
 * How a run ends before its input does, kept in one place. Every wait of a run (stdin, room in
 * the delivery buffers, room on stdout, the final drain, the grace period for requests in
 * flight) races against the signals here, so a stop is seen wherever the run happens to wait.
 *
 * A run creates its RunStop before anything else, and the constructor looks at `aborted` first:
 * a shutdown signal that came during start-up (config files, catalog) is never missed, which an
 * `addEventListener('abort')` alone would do, since it never fires for a signal already aborted.
 */
import type { ConnectorError } from '../errors.js';

export type StopCause =
  /** SIGTERM or SIGINT. */
  | { kind: 'signal' }
  /** The reader of stdout went away (EPIPE): no state could reach the host any more. */
  | { kind: 'output-closed' }
  /** A fatal error: reading stops, what was read is still delivered. */
  | { kind: 'failed'; error: ConnectorError };

export interface StopSources {
  /** Aborted by the first SIGTERM / SIGINT. */
  shutdown: AbortSignal;
  /** Aborted by a second one: cut the grace period short. */
  shutdownNow?: AbortSignal | undefined;
}

export class RunStop {
  /** Aborted by any cause: reading ends. */
  readonly #reading = new AbortController();
  /** Aborted by a signal or a closed stdout: every wait ends, delivery too. */
  readonly #interrupt = new AbortController();
  readonly #shutdownNow: AbortSignal | undefined;
  readonly #detach: () => void;
  #cause: StopCause | undefined;

  constructor(sources: StopSources) {
    this.#shutdownNow = sources.shutdownNow;
    const onSignal = () => this.interrupt('signal');
    if (sources.shutdown.aborted) onSignal();
    else sources.shutdown.addEventListener('abort', onSignal, { once: true });
    this.#detach = () => sources.shutdown.removeEventListener('abort', onSignal);
  }

  /** The first cause, or undefined while the run goes on. */
  get cause(): StopCause | undefined {
    return this.#cause;
  }

  /** Aborted once reading must end, whatever the cause. */
  get reading(): AbortSignal {
    return this.#reading.signal;
  }

  /** True once a signal or a closed stdout stopped the run. */
  get interrupted(): boolean {
    return this.#interrupt.signal.aborted;
  }

  /** A fatal error: stop reading; what was read before is still delivered. */
  fail(error: ConnectorError): void {
    this.#cause ??= { kind: 'failed', error };
    this.#reading.abort();
  }

  /** Stop everything: reading, delivery, the final drain. */
  interrupt(kind: 'signal' | 'output-closed'): void {
    this.#cause ??= { kind };
    this.#reading.abort();
    this.#interrupt.abort();
  }

  /** Waits for `wait` while reading goes on; false when reading was stopped first. */
  whileReading(wait: Promise<unknown>): Promise<boolean> {
    return raceAbort(wait, this.#reading.signal);
  }

  /** Waits for `wait` unless the run is interrupted first (then false). */
  unlessInterrupted(wait: Promise<unknown>): Promise<boolean> {
    return raceAbort(wait, this.#interrupt.signal);
  }

  /**
   * The grace period after an interruption: waits for `wait` at most `graceMs`, less when a
   * second signal asks to stop now. False when the wait was cut short.
   */
  async grace(wait: Promise<unknown>, graceMs: number): Promise<boolean> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), graceMs);
    const cut = this.#shutdownNow === undefined ? timer.signal : AbortSignal.any([timer.signal, this.#shutdownNow]);
    try {
      return await raceAbort(wait, cut);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Stops listening to the shutdown signal (the run is over). */
  dispose(): void {
    this.#detach();
  }
}

/** Resolves true when `wait` settles, false when `signal` aborts first; leaves no listener behind. */
function raceAbort(wait: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    };
    wait.then(settle, settle);
  });
}
