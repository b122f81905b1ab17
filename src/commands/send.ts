/**
 * `send`: shell mode. Bare JSON objects on stdin (one per line, e.g. from `jq -c`), delivered as
 * records of the stream named by --stream through the same pipeline as `write`. Progress and the
 * summary go to stderr for a person; the exit code is for a script:
 * 0 all delivered, 1 failed, 3 some records rejected or lines not JSON objects, 130/143 interrupted.
 */
import { parseCatalog } from '../catalog/catalog.js';
import { HEAP_LIMITS } from '../config/defaults.js';
import { loadConfig } from '../config/load.js';
import type { HeapClient } from '../delivery/heap-client.js';
import { ConfigError, toConnectorError } from '../errors.js';
import { singleStreamCatalog } from '../input/bare.js';
import { announceTerminalInput, describeForPerson, humanLogger, StatusLine } from '../output/human.js';
import { plural } from '../sync/counters.js';
import { describeRejections } from '../sync/rejection-log.js';
import { openStore } from '../rejected/open-store.js';
import type { PartStore } from '../rejected/part-store.js';
import { runSync, type SyncReport } from '../sync/run-sync.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';
import { EXIT, signalExitCode, syncClient, syncSettings } from './write.js';

/** Exit code when the run finished but some input was not delivered (rejected or not a JSON object). */
export const EXIT_PARTIAL = 3;

export async function sendCommand(options: CliOptions, context: CommandContext): Promise<number> {
  const logger = humanLogger(context.stderr, 'send');
  const status = new StatusLine(context.stderr);
  let client: HeapClient | undefined;
  let store: PartStore | undefined;
  try {
    if (options.config === undefined || options.stream === undefined) {
      throw new ConfigError('USAGE', 'send needs --config FILE and --stream NAME, e.g. destination-heap send --config config.json --stream users < users.jsonl');
    }
    const config = await loadConfig(options.config);
    const catalog = parseCatalog(singleStreamCatalog(options.stream, options.namespace));
    announceTerminalInput(context.stdin, context.stderr, 'send', `JSON objects (records of "${options.stream}")`);
    client = syncClient(config);
    store = await openStore(config.object_storage_config);
    const settings = syncSettings({ env: context.env, logger }, config);
    const outcome = await runSync(
      config,
      catalog,
      {
        input: context.stdin,
        writer: context.writer,
        logger: {
          ...logger,
          // Warnings interrupt the live line; keep them readable.
          warn: (message) => {
            status.done();
            logger.warn(message);
          },
        },
        client,
        shutdown: context.shutdown,
        shutdownNow: context.shutdownNow,
        now: context.now,
        ...(store === undefined ? {} : { store }),
        lineFormat: { kind: 'bare', stream: options.stream, namespace: options.namespace },
        syntheticCatalog: true,
        onProgress: (current, rate, retryText) =>
          status.update(
            `sent ${current.delivered} of ${current.read} read, ${current.rejected} rejected, ${Math.round(rate)}/s` +
              (current.throttled + current.retries > 0 ? `, ${plural(current.retries, 'retry', 'retries')}` : '') +
              (retryText === undefined ? '' : `; ${retryText}`),
          ),
        onSummary: (report) => {
          status.done();
          context.stderr.write(`${describeSendSummary(report)}\n`);
        },
      },
      { ...settings, progressIntervalMs: status.live ? 500 : settings.progressIntervalMs },
    );
    if (outcome.kind === 'failed') {
      logger.error(outcome.error.message);
      return EXIT.failed;
    }
    if (outcome.kind === 'interrupted' && outcome.by === 'output-closed') return EXIT.failed;
    if (outcome.kind === 'interrupted' && !outcome.complete) {
      return signalExitCode(context);
    }
    const { totals, counters } = outcome.report;
    return totals.rejected + counters.invalidLines + counters.overlongLines > 0 ? EXIT_PARTIAL : EXIT.ok;
  } catch (error) {
    status.done();
    logger.error(describeForPerson(toConnectorError(error)));
    return EXIT.failed;
  } finally {
    store?.close();
    await client?.close();
  }
}

/** The summary line for a person on stderr. */
export function describeSendSummary(report: SyncReport): string {
  const { totals, counters } = report;
  const parts = [`Delivered ${totals.delivered} of ${count(totals.read, 'record')} to Heap in ${(report.elapsedMs / 1000).toFixed(1)} s`];
  if (totals.rejected > 0) parts.push(`${totals.rejected} rejected (${describeRejections(counters.rejections)})`);
  if (counters.invalidLines > 0) {
    parts.push(counters.invalidLines === 1 ? '1 line was not a JSON object' : `${counters.invalidLines} lines were not JSON objects`);
  }
  if (counters.overlongLines > 0) {
    parts.push(`${count(counters.overlongLines, 'line')} over the line limit ${counters.overlongLines === 1 ? 'was' : 'were'} dropped`);
  }
  if (totals.pending > 0) parts.push(`${totals.pending} not delivered`);
  const deletionIds = totals.deletionRequestIds ?? [];
  if (deletionIds.length > 0) {
    parts.push(`${count(totals.usersDeleted ?? 0, 'user')} deleted in ${count(deletionIds.length, 'request')} (irreversible; deletion_request_id ${deletionIds.join(', ')})`);
  }
  if ((totals.identified ?? 0) > 0) parts.push(`${count(totals.identified ?? 0, 'identify', 'identifies')} accepted`);
  const max = HEAP_LIMITS.maxPropertyLength;
  if (counters.truncatedValues > 0) parts.push(`${count(counters.truncatedValues, 'value')} cut to ${max} characters`);
  if (counters.droppedIdKeys > 0) {
    parts.push(
      `${count(counters.droppedIdKeys, '"id" user property', '"id" user properties')} left out (Heap refuses "id" in any casing; rename ${counters.droppedIdKeys === 1 ? 'it' : 'them'} with rename_fields)`,
    );
  }
  if (counters.droppedLongKeys > 0) {
    parts.push(`${count(counters.droppedLongKeys, 'property', 'properties')} left out because the key is longer than ${max} characters`);
  }
  return `${parts.join('; ')}.`;
}

/** "1 record", "2 records". */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
