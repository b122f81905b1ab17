/**
 * Shell mode: each input line is a bare JSON object (no Airbyte envelope), taken as a record of
 * the stream named on the command line.
 */
import { mayHoldInexactNumbers, parseExactJson } from './exact-json.js';
import type { ParsedLine } from './parse.js';

export function bareRecordParser(stream: string, namespace: string | undefined): (text: string) => ParsedLine {
  return (text) => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return { kind: 'invalid', reason: 'not valid JSON' };
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return { kind: 'invalid', reason: 'not a JSON object (with --stream, each line must be one JSON object, e.g. from jq -c)' };
    }
    if (mayHoldInexactNumbers(text)) data = parseExactJson(text);
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
