/**
 * What an input line is: an AirbyteMessage (write), or a bare JSON object taken as a record of
 * one stream named on the command line (send).
 */
import { bareRecordParser } from './bare.js';
import { parseLine, type LineParser } from './parse.js';

export type LineFormat = { kind: 'airbyte' } | { kind: 'bare'; stream: string; namespace: string | undefined };

export const AIRBYTE_LINES: LineFormat = { kind: 'airbyte' };

export function lineParser(format: LineFormat): LineParser {
  return format.kind === 'airbyte' ? parseLine : bareRecordParser(format.stream, format.namespace);
}
