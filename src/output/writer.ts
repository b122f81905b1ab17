/**
 * The only place that writes to stdout. One AirbyteMessage per line, backpressure honoured:
 * `write` reports whether the stream wants a pause, `drained()` resolves when it has room again.
 * When the reader goes away (EPIPE), writing stops quietly and `closed` tells the pipeline.
 */
import type { Writable } from 'node:stream';
import type { OutputMessage } from '../protocol/output-messages.js';

export class MessageWriter {
  #closed = false;
  #onClose: Array<() => void> = [];

  constructor(private readonly out: Writable) {
    out.on('error', () => {
      // The reader left (EPIPE) or the stream broke: nothing more can reach the host.
      this.#closed = true;
      for (const listener of this.#onClose.splice(0)) listener();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * True while stdout holds more than its buffer's worth: the producer (the reader of stdin)
   * should wait for `drained()` before causing more output.
   */
  get full(): boolean {
    return !this.#closed && this.out.writableNeedDrain;
  }

  /** Calls `listener` once if the reader of stdout goes away. */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  /** Writes one message; returns false when the caller should wait for `drained()`. */
  write(message: OutputMessage): boolean {
    return this.writeJson(message);
  }

  /** Writes one AirbyteMessage that is already JSON text of one line (a STATE echoed as received). */
  writeText(line: string): boolean {
    if (this.#closed) return true;
    return this.out.write(`${line}\n`);
  }

  /** Writes any JSON value as one line (for commands whose output is not AirbyteMessages, e.g. preview). */
  writeJson(value: unknown): boolean {
    if (this.#closed) return true;
    return this.out.write(`${JSON.stringify(value)}\n`);
  }

  /** Resolves when stdout has room again (at once when it already has, or is closed). */
  drained(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
      this.out.on('error', done);
    });
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  flushed(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.out.write('', () => resolve());
    });
  }
}
