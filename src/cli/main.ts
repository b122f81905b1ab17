#!/usr/bin/env node
/**
 * The entry file: the only place that touches `process` (argv, streams, signals, exit code).
 *
 * The process is never ended with `process.exit()` while stdout may hold data: the exit code is
 * set and the process ends by itself once stdout is flushed and the work is done.
 */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './run-cli.js';
import { MessageWriter } from '../output/writer.js';
import { createLogger } from '../output/logger.js';
import { toConnectorError } from '../errors.js';
import { traceError } from '../protocol/output-messages.js';

// undici parses HTTP with a WebAssembly module. V8 tiers it up in the background, and Node waits
// for that compile before the process can exit: 0.5-1 s added to every run. Heap's answers are a
// few bytes, so the baseline (Liftoff) code is all the parser needs. Must run before undici loads.
setFlagsFromString('--liftoff-only');
// Memory stays bounded by the pipeline's buffers, but V8 lets the heap grow to several times the
// live data before collecting; a slower growth keeps peak RSS near what is really in use (the
// container's launcher also caps the young generation, which only works as a command-line flag).
setFlagsFromString('--heap-growing-percent=50');

const shutdown = new AbortController();
let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    signals += 1;
    // A second signal means "now": leave without waiting for requests in flight.
    if (signals > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    shutdown.abort(signal);
  });
}

const writer = new MessageWriter(process.stdout);
const context = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  writer,
  logger: createLogger(writer, { debug: process.env.DESTINATION_HEAP_DEBUG === '1' }),
  env: process.env,
  shutdown: shutdown.signal,
  now: Date.now,
};

try {
  process.exitCode = await runCli(process.argv.slice(2), context);
} catch (error) {
  // A crash: report it as a TRACE so the host sees it, and exit non-zero.
  const failure = toConnectorError(error);
  writer.write(traceError({ ...failure, message: failure.message, internalMessage: failure.internalMessage, stack: (error as Error)?.stack }, Date.now()));
  process.exitCode = 1;
}

// Stop reading stdin (a run can end before its input does), then let the process end by itself
// once stdout is flushed; an unref'd timer is the safety net for a handle left open.
process.stdin.destroy();
await writer.flushed();
setTimeout(() => process.exit(), 2_000).unref();
