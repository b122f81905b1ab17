/**
 * stdin → lines with their outcomes, the splitting, parsing and mapping done on a second thread
 * (mapping-thread.ts), so that on a machine with more than one CPU they overlap with delivery,
 * state echoing and reading on the main thread, which is left with only the outcomes to act on.
 *
 * The input's chunks go to the thread as they come, at most `MAX_CHUNKS_SENT` of them not yet
 * taken; outcomes come back in input order. Backpressure is the stream's: while the reader
 * (read-input.ts) does not read, the readable side fills, this stage stops taking chunks, and
 * stdin is no longer read.
 */
import { availableParallelism } from 'node:os';
import { Duplex, type Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { LineOutcome, MappingSetup } from './map-line.js';
import { unpackOutcomes, type OutcomeBatch } from './outcome-batch.js';

/** One input line done: its number, its length (for the memory bound) and its outcome. */
export interface MappedLine {
  number: number;
  size: number;
  outcome: LineOutcome;
}

export interface MappingThreadSetup extends MappingSetup {
  maxLineLength: number;
}

/** What the thread says: outcomes and how many chunks they complete, or the end. */
export type ThreadAnswer = { outcomes: OutcomeBatch; chunksTaken: number } | { ended: true };

/** Chunks of input (64 KiB each from a pipe) sent to the thread and not yet taken. */
const MAX_CHUNKS_SENT = 4;
const THREAD_FILE = new URL('./mapping-thread.js', import.meta.url);

/** Whether a run maps on a second thread: only when it has a second CPU to run it on. */
export function mappingThreadPays(): boolean {
  return availableParallelism() > 1;
}

/** `input` (bytes) → a readable stream of MappedLine, split and mapped on a second thread. */
export function mapInputOnThread(input: Readable, setup: MappingThreadSetup): Readable {
  const stage = new MappingStage(setup);
  input.on('error', (error) => stage.destroy(error));
  return input.pipe(stage);
}

/** Bytes in, MappedLine out; a Duplex rather than a Transform, since outcomes come when the thread answers. */
class MappingStage extends Duplex {
  readonly #worker: Worker;
  #chunksSent = 0;
  /** The callback of the last chunk sent, held while the thread has enough to do or the reader is behind. */
  #held: (() => void) | undefined;
  /** The end of input, waiting for the thread's last outcomes. */
  #ending: ((error?: Error | null) => void) | undefined;

  constructor(setup: MappingThreadSetup) {
    super({ writableObjectMode: false, readableObjectMode: true, readableHighWaterMark: 1024 });
    this.#worker = new Worker(THREAD_FILE, { workerData: setup });
    this.#worker.on('message', (answer: ThreadAnswer) => this.#answered(answer));
    this.#worker.on('error', (error) => this.destroy(error));
    this.#worker.on('exit', (code) => {
      if (!this.destroyed) this.destroy(new Error(`The mapping thread stopped unexpectedly (exit code ${code}).`));
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // A copy of its own, moved to the thread: the chunk may be a view of a larger pooled buffer.
    const bytes = new Uint8Array(chunk);
    this.#worker.postMessage(bytes, [bytes.buffer]);
    this.#chunksSent += 1;
    this.#held = callback;
    this.#takeMore(false);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#ending = callback;
    this.#worker.postMessage(null);
  }

  override _read(): void {
    // The reader asks for more (before it takes what is buffered).
    this.#takeMore(true);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#worker.removeAllListeners('exit');
    void this.#worker.terminate();
    callback(error);
  }

  #answered(answer: ThreadAnswer): void {
    if (this.destroyed) return;
    if ('ended' in answer) {
      const ending = this.#ending;
      this.#ending = undefined;
      this.#worker.removeAllListeners('exit');
      void this.#worker.terminate().then(
        () => {
          this.push(null);
          ending?.();
        },
        (error: Error) => ending?.(error),
      );
      return;
    }
    unpackOutcomes(answer.outcomes, (number, size, outcome) => this.push({ number, size, outcome } satisfies MappedLine));
    this.#chunksSent -= answer.chunksTaken;
    this.#takeMore(false);
  }

  /**
   * Takes the next chunk unless the thread has enough to do or the outcomes are not being read
   * (`wanted`: the reader has just asked for more).
   */
  #takeMore(wanted: boolean): void {
    const held = this.#held;
    if (held === undefined || this.#chunksSent >= MAX_CHUNKS_SENT) return;
    if (!wanted && this.readableLength >= this.readableHighWaterMark) return;
    this.#held = undefined;
    held();
  }
}
