/**
 * `preview`: reads the same input as `write` (or bare objects with --stream) and prints, per
 * record, the Heap item it maps to or why it would be rejected. Sends nothing to Heap.
 *
 * Output lines (JSON): `{"line", "stream", "endpoint", "item"}` for a mapped record,
 * `{"line", "stream", "rejected"}` for a rejected one, `{"line", "invalid"}` for a line that is
 * not a record; a last line `{"summary": {...}}`.
 */
import { addAbortSignal } from 'node:stream';
import { loadCatalog, parseCatalog } from '../catalog/catalog.js';
import { checkFieldsAgainstCatalog } from '../catalog/field-check.js';
import { loadConfig } from '../config/load.js';
import { ENDPOINTS } from '../delivery/endpoint-queue.js';
import { ConfigError, toConnectorError } from '../errors.js';
import { singleStreamCatalog } from '../input/bare.js';
import { AIRBYTE_LINES } from '../input/line-format.js';
import { DEFAULT_MAX_LINE_LENGTH, describeLineLimit, readLines, type Line } from '../input/lines.js';
import { streamLabel } from '../protocol/messages.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';
import { announceTerminalInput, describeForPerson } from '../output/human.js';
import { EXIT, signalExitCode } from './write.js';
import { lineMapper } from '../sync/map-line.js';
import { DELETIONS_NEED_API_KEY } from '../sync/privacy-setup.js';

interface PreviewSummary {
  records: number;
  mapped: number;
  rejected: number;
  invalid: number;
  /** Mapped records that write would send as user deletions / identifies (present only when there are some). */
  user_deletions?: number;
  identifies?: number;
  note?: string;
}

export const NOTHING_DELETED =
  'Nothing was deleted: preview sends nothing to Heap. write would delete the users shown above, irreversibly, in every environment of the Heap account.';

/** --limit N: the number of records to preview; all of them without it. */
export function parseLimit(given: string | undefined): number {
  if (given === undefined) return Number.POSITIVE_INFINITY;
  const limit = /^\s*\d+\s*$/.test(given) ? Number(given) : Number.NaN;
  if (!(limit >= 1) || !Number.isSafeInteger(limit)) throw new ConfigError('USAGE', '--limit must be a positive whole number, e.g. --limit 20.');
  return limit;
}

export async function previewCommand(options: CliOptions, context: CommandContext): Promise<number> {
  try {
    if (options.config === undefined || (options.catalog === undefined && options.stream === undefined)) {
      throw new ConfigError('USAGE', 'preview needs --config FILE and either --catalog FILE or --stream NAME.');
    }
    const limit = parseLimit(options.limit);
    const config = await loadConfig(options.config);
    const catalog =
      options.stream !== undefined ? parseCatalog(singleStreamCatalog(options.stream, options.namespace)) : await loadCatalog(options.catalog!);
    for (const warning of checkFieldsAgainstCatalog(config, catalog).warnings) context.stderr.write(`destination-heap preview: warning: ${warning}\n`);
    const mapLine = lineMapper({
      config,
      catalog,
      format: options.stream !== undefined ? { kind: 'bare', stream: options.stream, namespace: options.namespace } : AIRBYTE_LINES,
      syntheticCatalog: options.stream !== undefined,
    });
    announceTerminalInput(context.stdin, context.stderr, 'preview', options.stream !== undefined ? 'JSON objects' : 'AirbyteMessages');
    const { writer } = context;
    const summary: PreviewSummary = { records: 0, mapped: 0, rejected: 0, invalid: 0 };
    if (mapLine.syncTypes.has('user_deletions') && config.api_key === undefined) {
      context.stderr.write(`destination-heap preview: warning: ${DELETIONS_NEED_API_KEY} write would stop here with a config_error.\n`);
    }

    const lines = readLines(context.stdin, {
      onOverlong: (number) => {
        summary.invalid += 1;
        writer.writeJson({ line: number, invalid: `longer than ${describeLineLimit(DEFAULT_MAX_LINE_LENGTH)}` });
      },
    });
    // A signal stops the preview at once, also while it waits for input, and also when it came
    // while the preview was starting (addAbortSignal looks at `aborted` first).
    addAbortSignal(context.shutdown, lines);
    try {
      for await (const line of lines as AsyncIterable<Line>) {
        // The same work as write's (sync/map-line.ts): the item shown is the text write would send.
        const outcome = mapLine(line.text);
        if (outcome.kind === 'invalid') {
          summary.invalid += 1;
          writer.writeJson({ line: line.number, invalid: outcome.reason });
        } else if (outcome.kind === 'mapped' || outcome.kind === 'rejected' || outcome.kind === 'unrouted') {
          const label = streamLabel(outcome.stream, outcome.namespace);
          summary.records += 1;
          if (outcome.kind === 'mapped') {
            summary.mapped += 1;
            if (outcome.endpoint === 'deletions') summary.user_deletions = (summary.user_deletions ?? 0) + 1;
            if (outcome.endpoint === 'identify') summary.identifies = (summary.identifies ?? 0) + 1;
            const item = JSON.parse(outcome.json) as object;
            writer.writeJson({ line: line.number, stream: label, endpoint: ENDPOINTS[outcome.endpoint].path, item });
          } else {
            summary.rejected += 1;
            const rejected =
              outcome.kind === 'rejected' ? outcome.reason : 'the stream is not in the catalog (write would stop here with a config_error)';
            writer.writeJson({ line: line.number, stream: label, rejected });
          }
          if (summary.records >= limit) break;
        }
        if (context.shutdown.aborted || writer.closed) break;
        await writer.drained();
      }
    } catch (error) {
      // A signal destroys the line stream, which ends the loop with an AbortError.
      if (!context.shutdown.aborted) throw error;
    }
    lines.destroy();
    if (summary.user_deletions !== undefined) summary.note = NOTHING_DELETED;
    writer.writeJson({ summary });
    if (summary.user_deletions !== undefined) context.stderr.write(`destination-heap preview: ${NOTHING_DELETED}\n`);
    if (context.shutdown.aborted) return signalExitCode(context);
    return EXIT.ok;
  } catch (error) {
    context.stderr.write(`destination-heap preview: ${describeForPerson(toConnectorError(error))}\n`);
    return EXIT.failed;
  }
}
