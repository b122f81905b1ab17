/**
 * The read phase of a run: stdin lines, one at a time, to `handle`. Reading pauses while the
 * delivery buffers are full (Heap is slow), too many states wait for their records, or stdout is
 * full (its reader is slow), so memory stays
 * bounded whatever the input and however much output it causes. Every wait races against the
 * run's stop, so a stop ends reading wherever it waits: for stdin, for room, or for stdout.
 *
 * The lines already split from stdin are taken in one synchronous loop (`read()` until it returns
 * null), and only then does reading wait for more: a promise per chunk of input, not per line.
 */
import { addAbortSignal, finished, type Readable } from 'node:stream';
import type { Line } from '../input/lines.js';
import type { MessageWriter } from '../output/writer.js';
import type { RunStop } from './stop.js';

export interface ReadWaits {
  stop: RunStop;
  /** Room to read on (read-room.ts): `hasRoom()`, else wait for `waitForRoom()` and look again. */
  room: { hasRoom(): boolean; waitForRoom(): Promise<void> };
  /** stdout: while `full`, wait for `drained()`. */
  writer: Pick<MessageWriter, 'full' | 'drained'>;
}

/** Reads `lines` until they end or the run stops; true when the input ended without a stop. */
export async function readInput(lines: Readable, handle: (line: Line) => void, waits: ReadWaits): Promise<boolean> {
  const { stop, room, writer } = waits;
  // A stop destroys the line stream, which ends a wait for more lines (also when the stop came first).
  addAbortSignal(stop.reading, lines);
  const more = new MoreLines(lines);
  try {
    for (;;) {
      let line: Line | null;
      while ((line = lines.read() as Line | null) !== null) {
        handle(line);
        while (!room.hasRoom()) {
          if (!(await stop.whileReading(room.waitForRoom()))) break;
        }
        if (writer.full) await stop.whileReading(writer.drained());
        if (stop.reading.aborted) return false;
      }
      if (!(await more.next())) break;
    }
  } catch (error) {
    // A stopped line stream ends reading with an AbortError; anything else is a real failure.
    if (!stop.reading.aborted) throw error;
  } finally {
    more.dispose();
  }
  return !stop.reading.aborted;
}

/** Waits for a line stream to have more to read: true when it may have, false when it ended. */
class MoreLines {
  #wake: (() => void) | undefined;
  #ended = false;
  #error: Error | undefined;
  readonly #stream: Readable;
  readonly #stopWatching: () => void;
  readonly #onReadable = () => this.#wakeUp();

  constructor(stream: Readable) {
    this.#stream = stream;
    stream.on('readable', this.#onReadable);
    this.#stopWatching = finished(stream, { writable: false }, (error) => {
      this.#ended = true;
      this.#error = error ?? undefined;
      this.#wakeUp();
    });
  }

  /** Call after `read()` returned null. Rejects when the stream failed (or was destroyed by a stop). */
  async next(): Promise<boolean> {
    if (!this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#error !== undefined) throw this.#error;
    // Ended: lines pushed before the end are still in the buffer; the caller reads them first.
    return !this.#ended || this.#stream.readableLength > 0;
  }

  dispose(): void {
    this.#stream.off('readable', this.#onReadable);
    this.#stopWatching();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
