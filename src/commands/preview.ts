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
import { StreamRouter } from '../catalog/streams.js';
import { loadConfig } from '../config/load.js';
import { ENDPOINTS } from '../delivery/endpoint-queue.js';
import { ConfigError, toConnectorError } from '../errors.js';
import { bareRecordParser, singleStreamCatalog } from '../input/bare.js';
import { DEFAULT_MAX_LINE_LENGTH, describeLineLimit, readLines, type Line } from '../input/lines.js';
import { parseLine } from '../input/parse.js';
import { mapRecord } from '../mapping/map-record.js';
import { streamLabel } from '../protocol/messages.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';
import { announceTerminalInput, describeForPerson } from '../output/human.js';
import { EXIT, signalExitCode } from './write.js';

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
    const router = new StreamRouter(catalog, config.mappings, { syntheticCatalog: options.stream !== undefined });
    const parse = options.stream !== undefined ? bareRecordParser(options.stream, options.namespace) : parseLine;
    announceTerminalInput(context.stdin, context.stderr, 'preview', options.stream !== undefined ? 'JSON objects' : 'AirbyteMessages');
    const { writer } = context;
    const summary = { records: 0, mapped: 0, rejected: 0, invalid: 0 };

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
        const parsed = parse(line.text);
        if (parsed.kind === 'invalid') {
          summary.invalid += 1;
          writer.writeJson({ line: line.number, invalid: parsed.reason });
        } else if (parsed.kind === 'record') {
          const { stream, namespace, data } = parsed.message.record;
          const label = streamLabel(stream, namespace);
          const routed = router.route(stream, namespace);
          summary.records += 1;
          if (routed === undefined) {
            summary.rejected += 1;
            writer.writeJson({ line: line.number, stream: label, rejected: 'the stream is not in the catalog (write would stop here with a config_error)' });
          } else {
            const result = mapRecord(routed.mapper, data, line.text, parse);
            if (result.ok) {
              summary.mapped += 1;
              writer.writeJson({ line: line.number, stream: label, endpoint: ENDPOINTS[result.mapped.endpoint].path, item: result.mapped.item });
            } else {
              summary.rejected += 1;
              writer.writeJson({ line: line.number, stream: label, rejected: result.reason });
            }
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
    writer.writeJson({ summary });
    if (context.shutdown.aborted) return signalExitCode(context);
    return EXIT.ok;
  } catch (error) {
    context.stderr.write(`destination-heap preview: ${describeForPerson(toConnectorError(error))}\n`);
    return EXIT.failed;
  }
}
