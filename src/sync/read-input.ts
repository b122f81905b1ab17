/**
 * The read phase of a run: stdin lines, one at a time, to `handle`. Reading pauses while the
 * delivery buffers are full (Heap is slow), too many states wait for their records, or stdout is
 * full (its reader is slow), so memory stays
 * bounded whatever the input and however much output it causes. Every wait races against the
 * run's stop, so a stop ends reading wherever it waits: for stdin, for room, or for stdout.
 */
import { addAbortSignal, type Readable } from 'node:stream';
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
  // A stop destroys the line stream, which ends a wait for the next line (also when the stop came first).
  addAbortSignal(stop.reading, lines);
  try {
    for await (const line of lines as AsyncIterable<Line>) {
      handle(line);
      while (!room.hasRoom()) {
        if (!(await stop.whileReading(room.waitForRoom()))) break;
      }
      if (writer.full) await stop.whileReading(writer.drained());
      if (stop.reading.aborted) break;
    }
  } catch (error) {
    // A stopped line stream ends the loop with an AbortError; anything else is a real failure.
    if (!stop.reading.aborted) throw error;
  }
  return !stop.reading.aborted;
}
