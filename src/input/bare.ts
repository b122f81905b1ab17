/**
 * Shell mode: each input line is a bare JSON object (no Airbyte envelope), taken as a record of
 * the stream named on the command line.
 */
import { parseExactJson } from './exact-json.js';
import type { LineParser } from './parse.js';

/** `reading: 'exact'` reads the numbers exactly, as parseLine does (src/input/parse.ts). */
export function bareRecordParser(stream: string, namespace: string | undefined): LineParser {
  return (text, reading) => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'invalid', reason: 'not valid JSON' };
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return { kind: 'invalid', reason: 'not a JSON object (with --stream, each line must be one JSON object, e.g. from jq -c)' };
    }
    if (reading === 'exact') data = parseExactJson(text);
    return {
      kind: 'record',
      message: { type: 'RECORD', record: { stream, namespace: namespace ?? null, data: data as Record<string, unknown> } },
    };
  };
}

/** The catalog a shell-mode run implies: one append stream, no primary key. */
export function singleStreamCatalog(stream: string, namespace: string | undefined) {
  return {
    streams: [{ stream: { name: stream, namespace: namespace ?? null }, destination_sync_mode: 'append', primary_key: null }],
  };
}
