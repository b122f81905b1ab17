/**
 * `send`: shell mode. Bare JSON objects on stdin (one per line, e.g. from `jq -c`), delivered as
 * records of the stream named by --stream through the same pipeline as `write`. Progress and the
 * summary go to stderr for a person; the exit code is for a script:
 * 0 all delivered, 1 failed, 3 some records rejected or lines not JSON objects, 130/143 interrupted.
 */
import { parseCatalog } from '../catalog/catalog.js';
import { loadConfig } from '../config/load.js';
import { HeapClient } from '../delivery/heap-client.js';
import { ConfigError, toConnectorError } from '../errors.js';
import { bareRecordParser, singleStreamCatalog } from '../input/bare.js';
import { humanLogger, StatusLine } from '../output/human.js';
import { runSync, type SyncReport } from '../sync/run-sync.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';
import { EXIT, syncSettings } from './write.js';

/** Exit code when the run finished but some input was not delivered (rejected or not a JSON object). */
export const EXIT_PARTIAL = 3;

export async function sendCommand(options: CliOptions, context: CommandContext): Promise<number> {
  const logger = humanLogger(context.stderr);
  const status = new StatusLine(context.stderr);
  let client: HeapClient | undefined;
  try {
    if (options.config === undefined || options.stream === undefined) {
      throw new ConfigError('USAGE', 'send needs --config FILE and --stream NAME, e.g. destination-heap send --config config.json --stream users < users.jsonl');
    }
    const config = await loadConfig(options.config);
    const catalog = parseCatalog(singleStreamCatalog(options.stream, options.namespace));
    client = new HeapClient({ baseUrl: config.heapUrl, timeoutMs: config.request_timeout_seconds * 1000, connections: config.max_concurrent_requests });
    const settings = syncSettings(context.env);
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
        now: context.now,
        parse: bareRecordParser(options.stream, options.namespace),
        syntheticCatalog: true,
        onProgress: (current, rate) =>
          status.update(
            `sent ${current.delivered} of ${current.read} read, ${current.rejected} rejected, ${Math.round(rate)}/s` +
              (current.throttled + current.retries > 0 ? `, ${current.retries} retries` : ''),
          ),
        onSummary: (report) => {
          status.done();
          context.stderr.write(`${describe(report)}\n`);
        },
      },
      { ...settings, progressIntervalMs: status.live ? 500 : settings.progressIntervalMs },
    );
    if (outcome.kind === 'failed') {
      logger.error(outcome.error.message);
      return EXIT.failed;
    }
    if (outcome.kind === 'interrupted' && !outcome.complete) {
      return context.shutdown.reason === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    }
    const { totals, counters } = outcome.report;
    return totals.rejected + counters.invalidLines + counters.overlongLines > 0 ? EXIT_PARTIAL : EXIT.ok;
  } catch (error) {
    status.done();
    logger.error(toConnectorError(error).message);
    return EXIT.failed;
  } finally {
    await client?.close();
  }
}

function describe(report: SyncReport): string {
  const { totals, counters } = report;
  const parts = [`Delivered ${totals.delivered} of ${totals.read} records to Heap in ${(report.elapsedMs / 1000).toFixed(1)} s`];
  if (totals.rejected > 0) parts.push(`${totals.rejected} rejected (see warnings above)`);
  if (counters.invalidLines + counters.overlongLines > 0) parts.push(`${counters.invalidLines + counters.overlongLines} lines were not JSON objects`);
  if (totals.pending > 0) parts.push(`${totals.pending} not delivered`);
  if (counters.truncatedValues > 0) parts.push(`${counters.truncatedValues} values cut to 1023 characters`);
  return `${parts.join('; ')}.`;
}
