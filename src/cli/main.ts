#!/usr/bin/env node
/**
 * The entry file: the only place that touches `process` (argv, streams, signals, exit code).
 *
 * The process is never ended with `process.exit()` while stdout may hold data: the exit code is
 * set and the process ends once stdout is flushed and the work is done.
 *
 * V8 tuning (heap growth, young generation) is not set here: `v8.setFlagsFromString` after
 * start-up is unsupported (https://nodejs.org/api/v8.html#v8setflagsfromstringflags). The
 * container's launcher passes such flags on node's command line (see Dockerfile).
 */
import { runCli } from './run-cli.js';
import { MessageWriter } from '../output/writer.js';
import { createLogger } from '../output/logger.js';
import { toConnectorError } from '../errors.js';
import { traceError } from '../protocol/output-messages.js';
import { DEFAULT_SYNC_SETTINGS } from '../sync/settings.js';

// The first SIGTERM / SIGINT asks the command to stop (a sync gives requests in flight a grace
// period); a second one cuts the grace period short. Neither ends the process at once: the last
// STATE or TRACE must still reach stdout.
// The AWS SDK (the S3 store of rejected records) warns on stderr, once, that its releases from
// 2027 on need Node 22; stderr is for what cannot be a message, and the image runs Node 24.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const shutdown = new AbortController();
const shutdownNow = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (shutdown.signal.aborted) {
      shutdownNow.abort(signal);
      return;
    }
    shutdown.abort(signal);
    endBy(signalDeadlineMs(process.argv[2]), signal === 'SIGINT' ? 130 : 143);
  });
}

/**
 * How long the process may go on after a signal: a sync gives requests in flight its grace period,
 * every other command stops at once; both then have under 2 s to write what they still can.
 */
function signalDeadlineMs(command: string | undefined): number {
  const writing = 1_500;
  return command === 'write' ? DEFAULT_SYNC_SETTINGS.shutdownGraceMs + writing : writing;
}

/**
 * The safety net of a stop: a command normally ends well before this, by itself. One that is
 * still waiting at the deadline waits on something that will not come in time: the reader of
 * stdout has stalled (what is not written yet would never be read; the host resumes from the last
 * state it read), or a server that does not answer. Then, and only then, the process is ended
 * with process.exit(), with the signal's exit code.
 */
function endBy(deadlineMs: number, code: number): void {
  setTimeout(() => {
    process.exitCode = code;
    process.exit();
  }, deadlineMs).unref();
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
  shutdownNow: shutdownNow.signal,
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

// Stop reading stdin (a run can end before its input does).
process.stdin.destroy();
await writer.flushed();
if (writer.closed) {
  // The reader of stdout left (EPIPE, e.g. `| head`): what was printed after that is lost. Not a
  // signal, so not 143: a failure, told where a person can still see it.
  process.stderr.write('destination-heap: stdout was closed by its reader before all output was written; stopped.\n');
  process.exitCode = 1;
}
// Let the process end by itself once stdout and stderr are flushed; an unref'd timer is the safety
// net for a handle left open. (Outside the container, whose launcher runs node with
// --liftoff-only, a natural exit also waits for V8 to finish optimising undici's WebAssembly HTTP
// parser on worker threads: 0.2-0.6 s.)
await flushed(process.stderr);
setTimeout(() => process.exit(), 2_000).unref();

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) resolve();
    else stream.write('', () => resolve());
  });
}
