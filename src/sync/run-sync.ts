/**
 * The sync: stdin lines → messages → mapped Heap items → delivery engine, with the state ledger
 * echoing each STATE once its records are resolved. Returns how the run ended; the caller turns
 * that into a TRACE and an exit code.
 *
 * A run has four phases, and every wait in them races against one RunStop (stop.ts):
 * - start: the stop first (a signal during start-up is not missed), then the pipeline's parts;
 * - read: stdin until it ends or the run stops (read-input.ts);
 * - drain: deliver what was read, unless interrupted;
 * - stop: after an interruption, requests in flight get the grace period, then are abandoned.
 */
import type { Readable } from 'node:stream';
import type { ConfiguredCatalog } from '../catalog/catalog.js';
import type { LoadedConfig } from '../config/load.js';
import { DeliveryEngine } from '../delivery/engine.js';
import { ENDPOINTS } from '../delivery/endpoint-queue.js';
import type { HeapClient } from '../delivery/heap-client.js';
import { DEFAULT_RETRY_POLICY } from '../delivery/retry-policy.js';
import type { ConnectorError } from '../errors.js';
import { DEFAULT_MAX_LINE_LENGTH, readLines, type Line } from '../input/lines.js';
import { AIRBYTE_LINES, type LineFormat } from '../input/line-format.js';
import type { Logger } from '../output/logger.js';
import type { MessageWriter } from '../output/writer.js';
import { VERSION } from '../cli/version.js';
import { RejectedKeeper } from '../rejected/keeper.js';
import { describeKept } from '../rejected/kept-summary.js';
import type { PartStore } from '../rejected/part-store.js';
import { hasSyncId, newRunId, syncIds } from '../rejected/sync-id.js';
import { StateLedger } from '../state/ledger.js';
import { echoStateText } from '../state/state-echo.js';
import { BrokenMappingWatch, NoMessagesWatch } from './broken-mapping.js';
import { deletionAccepted, formatProgress, formatSummary, RunCounters, snapshot, type RunSnapshot } from './counters.js';
import { privacySetup } from './privacy-setup.js';
import { intake } from './intake.js';
import { lineMapper, OVERLONG, type MappingSetup } from './map-line.js';
import { reportProgress, type ProgressListener } from './progress.js';
import { readInput } from './read-input.js';
import { ReadRoom } from './read-room.js';
import { DROPPED_LINES_WORDING, RejectionLog, RejectionTally } from './rejection-log.js';
import { Rejections } from './rejections.js';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from './settings.js';
import { RunStop } from './stop.js';

export { DEFAULT_SYNC_SETTINGS, type SyncSettings } from './settings.js';

export interface SyncIO {
  input: Readable;
  writer: MessageWriter;
  logger: Logger;
  client: Pick<HeapClient, 'post'>;
  /** Aborted when the host asks the run to stop (SIGTERM / SIGINT). */
  shutdown: AbortSignal;
  /** Aborted when it asks again: requests in flight are abandoned without the grace period. */
  shutdownNow?: AbortSignal;
  now?: () => number;
  /** What an input line is; default: an AirbyteMessage (shell mode passes bare objects). */
  lineFormat?: LineFormat;
  /** The catalog was made from --stream (shell mode), not read from a file; default false. */
  syntheticCatalog?: boolean;
  /** Called every `progressIntervalMs`; default: a LOG INFO progress line. */
  onProgress?: ProgressListener;
  /** Where rejected records are kept (src/rejected/); none by default. */
  store?: PartStore;
  /** Names the SYNC_ID folder of kept records when the catalog has no sync_id; default: a new run id. */
  runId?: string;
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
  /**
   * Stopped by a signal, or because the reader of stdout went away; `complete` when nothing was
   * left to deliver.
   */
  | { kind: 'interrupted'; by: 'signal' | 'output-closed'; complete: boolean }
) & { report: SyncReport };

export async function runSync(
  config: LoadedConfig,
  catalog: ConfiguredCatalog,
  io: SyncIO,
  settings: SyncSettings = DEFAULT_SYNC_SETTINGS,
): Promise<SyncOutcome> {
  // Start. The stop comes first: from here on no signal can be missed.
  const stop = new RunStop({ shutdown: io.shutdown, shutdownNow: io.shutdownNow });
  io.writer.onClose(() => stop.interrupt('output-closed'));
  const now = io.now ?? Date.now;
  const startedAt = now();
  const { logger, writer } = io;
  const counters = new RunCounters();
  let room: ReadRoom | undefined;
  // A waiting state holds its received text: its length counts toward the read room (read-room.ts).
  const ledger = new StateLedger<string>(
    (text, stats) => {
      counters.statesEchoed += 1;
      writer.writeText(echoStateText(text, stats));
      room?.stateEchoed();
    },
    (text) => text.length,
  );
  const fail = (error: ConnectorError) => stop.fail(error);
  const rejectionLog = new RejectionLog({ warn: (message) => logger.warn(message), now, tally: counters.rejections });
  const runId = io.runId ?? newRunId(startedAt);
  const keeper =
    io.store === undefined ? undefined : new RejectedKeeper({ store: io.store, ledger, syncIdOf: syncIds(catalog, runId), version: VERSION, fail, now });
  const rejections = new Rejections(ledger, rejectionLog, config.invalid_record_policy, fail, keeper);
  const setup: MappingSetup = { config, catalog, format: io.lineFormat ?? AIRBYTE_LINES, syntheticCatalog: io.syntheticCatalog ?? false };
  // Before stdin is read: a catalog stream no mapping serves, or deletions without an api_key, fail the run here.
  const mapLine = lineMapper(setup);
  const { ordered } = privacySetup(mapLine.syncTypes, config);
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
    // The batches in flight and one more ready to go: a deeper buffer raises peak memory (items
    // waiting long enough are promoted to V8's old generation and die there) without adding
    // throughput.
    maxBufferedItems: config.batch_size * (config.max_concurrent_requests + 1) + (mapLine.syncTypes.has('user_deletions') ? ENDPOINTS.deletions.maxItems! : 0),
    maxBufferedBytes: 64 * 1024 * 1024,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetryMs: config.max_retry_seconds * 1000 },
    baseUrl: config.heapUrl,
    now,
    onDelivered: (records) => {
      for (const ticket of records.tickets) ledger.delivered(ticket);
    },
    onRejected: (records, reason) => {
      for (const ref of records) rejections.reject(ref, reason, 'heap');
    },
    onFatal: fail,
    apiKey: config.api_key,
    ordered,
    onDeletionRequest: (id, users) => logger.info(deletionAccepted(id, users)),
  });
  room = new ReadRoom(engine, ledger, undefined, keeper);
  const maxLineLength = settings.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const brokenMapping = new BrokenMappingWatch(ledger, fail);
  const noMessages = setup.format === AIRBYTE_LINES ? new NoMessagesWatch(fail) : undefined;
  const droppedLines = new RejectionLog({ warn: (message) => logger.warn(message), now, tally: new RejectionTally(), wording: DROPPED_LINES_WORDING });
  const keepReceived = keeper === undefined ? undefined : { bare: setup.format.kind === 'bare' };
  const handleLine = intake({ ledger, engine, rejections, brokenMapping, noMessages, counters, logger, fail, maxLineLength, droppedLines, keepReceived });
  const stopProgress = reportProgress(
    settings.progressIntervalMs,
    { startedAt, now, sample: () => snapshot(counters, engine.stats, engine.inFlight), heapUrl: config.heapUrl },
    io.onProgress ?? ((current, rate, retryText) => logger.info(formatProgress(current, rate, retryText))),
  );

  const lines = readLines(io.input, { maxLineLength, onOverlong: (number) => handleLine(number, 0, OVERLONG) });
  const handleText = (line: Line) => handleLine(line.number, line.text.length, mapLine(line.text), line.text);
  let inputEnded = false;
  try {
    // Read.
    inputEnded = await readInput(lines, handleText, { stop, room, writer });
    if (inputEnded && counters.inputLines === 0) logger.info('No input was read: stdin was empty (or held only blank lines).');
    // The input ended (or the run stopped) before a suspect stream reached the threshold: its states may go.
    if (stop.cause === undefined) brokenMapping.settle();
    // Drain: deliver what was read before the end or a failure, so the states before it are echoed.
    if (!stop.interrupted) await stop.unlessInterrupted(engine.drain());
    // Then store the rejected records (a failed run's too: they are what the user will fix).
    if (keeper !== undefined && !stop.interrupted) await stop.unlessInterrupted(keeper.drain());
    // Stop: requests in flight may finish within the grace period; the rest is abandoned.
    if (stop.interrupted) {
      engine.halt();
      await stop.grace(
        engine.settled().then(() => keeper?.drain()),
        settings.shutdownGraceMs,
      );
      await engine.abandon();
    }
  } finally {
    keeper?.abandon();
    engine.close();
    stopProgress();
    stop.dispose();
  }

  const report: SyncReport = { totals: snapshot(counters, engine.stats, 0), counters, elapsedMs: now() - startedAt };
  (io.onSummary ?? ((r: SyncReport) => logger.info(formatSummary(r.totals, r.counters, r.elapsedMs))))(report);
  if (keeper !== undefined) logger.info(describeKept(keeper.store.where, syncIdNote(catalog, runId), keeper.parts, keeper.unstored));
  const cause = stop.cause;
  if (cause === undefined) return { kind: 'completed', report };
  if (cause.kind === 'failed') return { kind: 'failed', error: cause.error, report };
  const complete = inputEnded && ledger.unresolvedRecords === 0 && ledger.waitingStates === 0;
  return { kind: 'interrupted', by: cause.kind, complete, report };
}

/** How the summary names the SYNC_ID folder of kept records. */
function syncIdNote(catalog: ConfiguredCatalog, runId: string): string {
  return hasSyncId(catalog) ? "sync id: the catalog's sync_id" : `run id ${runId}: the catalog has no sync_id`;
}
