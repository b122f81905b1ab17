/**
 * Latency for faults, as timers the sandbox can cancel on close: otherwise a test that injects a
 * 30-second latency would keep the process alive for 30 seconds after `close()`.
 * A cancelled delay never resolves; its request's socket is already destroyed by then.
 */
export class Delays {
  private readonly timers = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
