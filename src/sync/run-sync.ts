/**
 * The sync: stdin lines → messages → mapped Heap items → delivery engine, with the state ledger
 * echoing each STATE once its records are resolved. Returns how the run ended; the caller turns
 * that into a TRACE and an exit code.
 */
import type { Readable } from 'node:stream';
import type { ConfiguredCatalog } from '../catalog/catalog.js';
import { StreamRouter, type RoutedStream } from '../catalog/streams.js';
import type { LoadedConfig } from '../config/load.js';
import { DeliveryEngine } from '../delivery/engine.js';
import type { RecordRef } from '../delivery/endpoint-queue.js';
import { DEFAULT_RETRY_POLICY } from '../delivery/retry-policy.js';
import { ConfigError, RecordRejectedError, type ConnectorError } from '../errors.js';
import { DEFAULT_MAX_LINE_LENGTH, describeLineLimit, readLines, type Line } from '../input/lines.js';
import { parseLine, type ParsedLine } from '../input/parse.js';
import type { Logger } from '../output/logger.js';
import type { MessageWriter } from '../output/writer.js';
import { streamLabel, type RecordMessage } from '../protocol/messages.js';
import { StateLedger } from '../state/ledger.js';
import { echoStateText } from '../state/state-echo.js';
import { formatProgress, formatSummary, RunCounters, snapshot, type RunSnapshot } from './counters.js';
import type { HeapClient } from '../delivery/heap-client.js';

export interface SyncSettings {
  /** Heap's rate window (ms); 60 000 except in tests. */
  windowMs: number;
  /** Partial batches go out once the input has been quiet this long (ms)... */
  lingerMs: number;
  /** ... or once their oldest item waited this long (ms). */
  maxLingerMs: number;
  /** Grace period for requests in flight after a shutdown signal (ms). */
  shutdownGraceMs: number;
  /** Interval between progress lines (ms). */
  progressIntervalMs: number;
  maxLineLength?: number;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  windowMs: 60_000,
  lingerMs: 500,
  maxLingerMs: 3_000,
  shutdownGraceMs: 5_000,
  progressIntervalMs: 10_000,
};

export interface SyncIO {
  input: Readable;
  writer: MessageWriter;
  logger: Logger;
  client: Pick<HeapClient, 'post'>;
  /** Aborted when the host asks the run to stop (SIGTERM / SIGINT). */
  shutdown: AbortSignal;
  now?: () => number;
  /** Turns an input line into a message; default: an AirbyteMessage (shell mode passes bare objects). */
  parse?: (text: string) => ParsedLine;
  /** The catalog was made from --stream (shell mode), not read from a file; default false. */
  syntheticCatalog?: boolean;
  /** Called every `progressIntervalMs`; default: a LOG INFO progress line. */
  onProgress?: (current: RunSnapshot, recordsPerSecond: number) => void;
  /** Called once at the end; default: a LOG INFO summary line. */
  onSummary?: (report: SyncReport) => void;
}

export interface SyncReport {
  totals: RunSnapshot;
  counters: RunCounters;
  elapsedMs: number;
}

export type SyncOutcome = (
  | { kind: 'completed' }
  | { kind: 'failed'; error: ConnectorError }
  /** Stopped by a signal; `complete` when nothing was left to deliver. */
  | { kind: 'interrupted'; complete: boolean }
) & { report: SyncReport };

export async function runSync(
  config: LoadedConfig,
  catalog: ConfiguredCatalog,
  io: SyncIO,
  settings: SyncSettings = DEFAULT_SYNC_SETTINGS,
): Promise<SyncOutcome> {
  const now = io.now ?? Date.now;
  const startedAt = now();
  const { logger, writer } = io;
  const router = new StreamRouter(catalog, config.mappings, { syntheticCatalog: io.syntheticCatalog ?? false });
  const counters = new RunCounters();
  let failure: ConnectorError | undefined;

  const ledger = new StateLedger<string>((text, stats) => {
    counters.statesEchoed += 1;
    writer.writeText(echoStateText(text, stats));
  });

  /** `by` says who refused the record: the mapping (it was never sent) or Heap (a 400 for it alone). */
  const reject = (ref: RecordRef, reason: string, by: 'mapping' | 'heap') => {
    ledger.rejected(ref.ticket);
    logger.warn(`Rejected a record of stream "${ref.stream}" at input line ${ref.line}: ${reason}.`);
    if (config.invalid_record_policy === 'fail') {
      const record = `A record of stream "${ref.stream}" at input line ${ref.line}`;
      // Heap's reason is a sentence of its own ("Heap refused this record even when sent alone ...").
      const what = by === 'mapping' ? `${record} could not be mapped: ${reason}.` : `${record} was refused by Heap. ${reason}.`;
      fail(new RecordRejectedError(`${what} invalid_record_policy is "fail"; fix the data or the mapping, or set it to "skip".`));
    }
  };

  const engine = new DeliveryEngine({
    appId: config.app_id,
    client: io.client,
    batchSize: config.batch_size,
    maxConcurrent: config.max_concurrent_requests,
    eventsPerWindow: config.events_per_minute,
    eventsPerIdentityPerWindow: config.events_per_identity_per_minute,
    windowMs: settings.windowMs,
    lingerMs: settings.lingerMs,
    maxLingerMs: settings.maxLingerMs,
    maxBufferedItems: config.batch_size * (config.max_concurrent_requests + 4),
    maxBufferedBytes: 64 * 1024 * 1024,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetryMs: config.max_retry_seconds * 1000 },
    now,
    onDelivered: (refs) => {
      for (const ref of refs) ledger.delivered(ref.ticket);
    },
    onRejected: (refs, reason) => {
      for (const ref of refs) reject(ref, reason, 'heap');
    },
    onFatal: (error) => fail(error),
  });

  const maxLineLength = settings.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const lines = readLines(io.input, {
    maxLineLength,
    onOverlong: (number) => {
      counters.overlongLines += 1;
      logger.warn(`Dropped input line ${number}: it is longer than ${describeLineLimit(maxLineLength)}.`);
    },
  });

  function fail(error: ConnectorError): void {
    failure ??= error;
    lines.destroy();
  }
  const onShutdown = () => lines.destroy();
  io.shutdown.addEventListener('abort', onShutdown, { once: true });
  io.writer.onClose(onShutdown);

  const parse = io.parse ?? parseLine;
  const onProgress = io.onProgress ?? ((current, rate) => logger.info(formatProgress(current, rate)));
  const progress = setInterval(() => {
    const elapsed = Math.max(1, now() - startedAt) / 1000;
    const current = snapshot(counters, engine.stats, engine.inFlight);
    onProgress(current, current.delivered / elapsed);
  }, settings.progressIntervalMs);
  progress.unref();

  const handleRecord = (line: Line, message: RecordMessage) => {
    const { stream, namespace, data } = message.record;
    const routed: RoutedStream | undefined = router.route(stream, namespace);
    if (routed === undefined) {
      fail(
        new ConfigError(
          'STREAM_NOT_IN_CATALOG',
          `Input line ${line.number} is a record of stream "${streamLabel(stream, namespace)}", which is not in the configured catalog. The input and the catalog disagree: add the stream to the catalog (with a mapping) or remove its records.`,
        ),
      );
      return;
    }
    counters.recordsRead += 1;
    const ticket = ledger.recordRead(stream, namespace);
    const ref: RecordRef = { ticket, stream: streamLabel(stream, namespace), line: line.number };
    const result = routed.mapper.map(data);
    if (!result.ok) {
      counters.rejectedByMapping += 1;
      reject(ref, result.reason, 'mapping');
      return;
    }
    counters.addAdjustments(result.adjustments);
    engine.add(result.mapped, ref, line.text.length);
  };

  let inputEnded = false;
  try {
    for await (const line of lines as AsyncIterable<Line>) {
      const parsed = parse(line.text);
      switch (parsed.kind) {
        case 'record':
          handleRecord(line, parsed.message);
          break;
        case 'state':
          counters.statesRead += 1;
          ledger.stateRead(parsed.message, parsed.text);
          break;
        case 'ignored':
          counters.ignoredMessages += 1;
          break;
        case 'invalid':
          if (parsed.state) {
            // Never echoed; its records count toward the next valid state.
            counters.invalidStates += 1;
            logger.warn(`Dropped the STATE at input line ${line.number}, its records count toward the next state: ${parsed.reason}.`);
          } else {
            counters.invalidLines += 1;
            logger.warn(`Dropped input line ${line.number}: ${parsed.reason}.`);
          }
          break;
      }
      if (failure !== undefined) break;
      if (!engine.hasRoom()) await engine.waitForRoom();
      if (failure !== undefined) break;
    }
    inputEnded = failure === undefined && !io.shutdown.aborted && !writer.closed;
  } catch (error) {
    // A destroyed line stream (shutdown, failure) ends the loop with a premature-close error.
    if (failure === undefined && !io.shutdown.aborted && !writer.closed) throw error;
  }

  const interrupted = () => io.shutdown.aborted || writer.closed;
  if (!interrupted()) {
    // Deliver what was read before the end or the failure, so the states before it are echoed.
    // A signal during this wait cuts it short.
    const stopRequested = new Promise<void>((resolve) => {
      io.shutdown.addEventListener('abort', () => resolve(), { once: true });
      writer.onClose(resolve);
    });
    await Promise.race([engine.drain(), stopRequested]);
  }
  let ending: { kind: 'completed' } | { kind: 'failed'; error: ConnectorError } | { kind: 'interrupted'; complete: boolean };
  if (interrupted()) {
    await engine.stop(settings.shutdownGraceMs);
    const complete = inputEnded && ledger.unresolvedRecords === 0 && ledger.waitingStates === 0;
    ending = { kind: 'interrupted', complete };
  } else {
    failure ??= engine.failure;
    ending = failure === undefined ? { kind: 'completed' } : { kind: 'failed', error: failure };
  }
  engine.close();
  clearInterval(progress);
  const report: SyncReport = { totals: snapshot(counters, engine.stats, 0), counters, elapsedMs: now() - startedAt };
  (io.onSummary ?? ((r: SyncReport) => logger.info(formatSummary(r.totals, r.counters, r.elapsedMs))))(report);
  return { ...ending, report };
}
