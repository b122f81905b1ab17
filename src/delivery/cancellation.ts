/**
 * Everything the engine waits on (retry backoff, rate windows, requests in flight), cut short
 * from one place: `cutSleeps()` ends the waits between requests (a halted engine sends nothing
 * new, so there is nothing to wait for), `cancel()` also aborts the requests themselves.
 *
 * Each wait registers itself here rather than listening on one shared AbortSignal: with 64
 * requests in flight, all backing off under faults, a shared signal would gather an abort listener
 * per wait and Node would print `MaxListenersExceededWarning`. Each request gets an AbortController
 * of its own, and a finished wait leaves nothing behind.
 */
export class Cancellation {
  readonly #sleepers = new Set<() => void>();
  readonly #requests = new Set<AbortController>();
  #sleepsCut = false;
  #cancelled = false;

  /** True once `cancel()` was called: requests are aborted. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Resolves after `ms`, or at once once sleeps are cut (before or during the wait). */
  sleep(ms: number): Promise<void> {
    if (this.#sleepsCut) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }

  /** Runs `task` (an HTTP request) with a signal of its own that `cancel()` aborts. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.#cancelled) controller.abort();
    this.#requests.add(controller);
    try {
      return await task(controller.signal);
    } finally {
      this.#requests.delete(controller);
    }
  }

  /** Ends every current and future sleep at once. */
  cutSleeps(): void {
    this.#sleepsCut = true;
    for (const wake of [...this.#sleepers]) wake();
  }

  /** Ends every sleep and aborts every request, now and from now on. */
  cancel(): void {
    this.#cancelled = true;
    this.cutSleeps();
    for (const controller of this.#requests) controller.abort();
    this.#requests.clear();
  }
}
