/**
 * What every command gets from the entry file: streams, environment, clock and the shutdown
 * signal. Commands never touch `process`; they return the exit code.
 */
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../output/logger.js';
import type { MessageWriter } from '../output/writer.js';

export interface CommandContext {
  stdin: Readable;
  /** For human-readable output (help, shell-mode progress); AirbyteMessages go through `writer`. */
  stderr: Writable;
  /** Raw stdout, for commands that print text rather than AirbyteMessages (help, preview). */
  stdout: Writable;
  writer: MessageWriter;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGTERM / SIGINT. */
  shutdown: AbortSignal;
  /** Aborted on a second SIGTERM / SIGINT: stop now, without a grace period (still flushing stdout). */
  shutdownNow?: AbortSignal;
  now: () => number;
}
