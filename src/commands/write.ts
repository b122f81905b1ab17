/**
 * `write`: the sync. Reads config and catalog (a problem with either is a TRACE config_error
 * before stdin is read), runs the pipeline, and turns its outcome into a TRACE and an exit code.
 */
import { loadCatalog } from '../catalog/catalog.js';
import { checkFieldsAgainstCatalog } from '../catalog/field-check.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { isLoopbackHost } from '../config/loopback.js';
import { HeapClient } from '../delivery/heap-client.js';
import { ConfigError, toConnectorError, type ConnectorError } from '../errors.js';
import { announceTerminalInput } from '../output/human.js';
import { traceError } from '../protocol/output-messages.js';
import { rateWindow } from '../sync/rate-window.js';
import { openStore } from '../rejected/open-store.js';
import type { PartStore } from '../rejected/part-store.js';
import { runSync, type SyncOutcome } from '../sync/run-sync.js';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../sync/settings.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';

export const EXIT = { ok: 0, failed: 1, sigint: 130, sigterm: 143 } as const;

/**
 * Test aid: progress lines more often than every 10 s, so tests can read them in seconds; honoured
 * only against a Heap stand-in on a loopback base_url, like the rate window (src/sync/rate-window.ts).
 */
export const PROGRESS_INTERVAL_ENV = 'DESTINATION_HEAP_PROGRESS_INTERVAL_MS';

export async function writeCommand(options: CliOptions, context: CommandContext): Promise<number> {
  if (options.config === undefined || options.catalog === undefined) {
    const missing = options.config === undefined ? '--config FILE' : '--catalog FILE';
    return reportFailure(new ConfigError('USAGE', `write needs ${missing}: run write --config FILE --catalog FILE.`), context);
  }
  let client: HeapClient | undefined;
  let store: PartStore | undefined;
  try {
    const config = await loadConfig(options.config);
    const catalog = await loadCatalog(options.catalog);
    announceTerminalInput(context.stdin, context.stderr, 'write', 'AirbyteMessages');
    for (const warning of checkFieldsAgainstCatalog(config, catalog).warnings) context.logger.warn(warning);
    client = syncClient(config);
    store = await openStore(config.object_storage_config);
    const outcome = await runSync(
      config,
      catalog,
      {
        input: context.stdin,
        writer: context.writer,
        logger: context.logger,
        client,
        shutdown: context.shutdown,
        shutdownNow: context.shutdownNow,
        now: context.now,
        ...(store === undefined ? {} : { store }),
      },
      syncSettings(context, config),
    );
    return exitCodeFor(outcome, context);
  } catch (error) {
    return reportFailure(toConnectorError(error), context);
  } finally {
    store?.close();
    await client?.close();
  }
}

function exitCodeFor(outcome: SyncOutcome, context: CommandContext): number {
  switch (outcome.kind) {
    case 'completed':
      return EXIT.ok;
    case 'failed':
      return reportFailure(outcome.error, context);
    case 'interrupted':
      // The entry file tells the person on stderr; nothing on stdout can reach the host any more.
      if (outcome.by === 'output-closed') return EXIT.failed;
      if (outcome.complete) return EXIT.ok;
      context.logger.warn('Stopped by a signal before the end of the input; states of records not delivered were not echoed.');
      return signalExitCode(context);
  }
}

export function reportFailure(error: ConnectorError, context: CommandContext): number {
  const stack = error.failureType === 'system_error' ? ((error.cause as Error | undefined)?.stack ?? error.stack) : undefined;
  context.writer.write(traceError({ ...error, message: error.message, internalMessage: `${error.code}: ${error.internalMessage}`, stack }, context.now()));
  return EXIT.failed;
}

/** The Heap client of a sync: one connection per request allowed in flight. */
export function syncClient(config: LoadedConfig): HeapClient {
  return new HeapClient({ baseUrl: config.heapUrl, timeoutMs: config.request_timeout_seconds * 1000, connections: config.max_concurrent_requests });
}

/** 130 after SIGINT, 143 after SIGTERM: a run stopped before its end. */
export function signalExitCode(context: CommandContext): number {
  return context.shutdown.reason === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
}

/** The run's timings: the defaults, with the rate window the environment may shorten against a stand-in. */
export function syncSettings(context: Pick<CommandContext, 'env' | 'logger'>, config: Pick<LoadedConfig, 'heapUrl'>): SyncSettings {
  const window = rateWindow(context.env, config.heapUrl);
  if (window.ignored !== undefined) context.logger.warn(`${window.ignored}.`);
  const progress = Number(context.env[PROGRESS_INTERVAL_ENV]);
  const standIn = isLoopbackHost(new URL(config.heapUrl).hostname);
  return {
    ...DEFAULT_SYNC_SETTINGS,
    windowMs: window.windowMs,
    ...(standIn && Number.isInteger(progress) && progress > 0 ? { progressIntervalMs: progress } : {}),
  };
}
