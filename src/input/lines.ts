/**
 * stdin → numbered lines: `lineLimit` (line-limit.ts) drops each line over the limit (reported
 * through `onOverlong` with its line number) and hands on whole lines; split2, through its public
 * mapper only, splits them and numbers them; reading goes on past a dropped line.
 */
import type { Readable } from 'node:stream';
import split2 from 'split2';
import { lineLimit } from './line-limit.js';

export interface Line {
  /** 1-based position in the input, counting every line (empty and dropped ones too). */
  number: number;
  text: string;
}

const CR = 0x0d;
/** U+FEFF, which a UTF-8 byte-order mark (EF BB BF) decodes to; editors on Windows write one. */
const BOM = 0xfeff;

/** Lines up to this many characters are read; the contract asks for at least 32 MiB. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024;

/** The line limit for a person: "64 MiB (67,108,864 characters)", or "100 characters". */
export function describeLineLimit(maxLineLength: number): string {
  const characters = `${maxLineLength.toLocaleString('en-US')} character${maxLineLength === 1 ? '' : 's'}`;
  const mib = maxLineLength / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${characters})` : characters;
}

export interface LineReaderOptions {
  maxLineLength?: number;
  onOverlong?: (lineNumber: number) => void;
}

/**
 * Returns a readable stream of `Line` objects; empty and whitespace-only lines are skipped, and so
 * is a UTF-8 byte-order mark at the start of the input.
 */
export function readLines(input: Readable, options: LineReaderOptions = {}): Readable {
  const maxLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let lineNumber = 0;
  // lineLimit has replaced every overlong line by an empty one (and reported it), so split2 sees
  // only lines within the limit and needs none of its own overflow handling.
  // Split at "\n" (a string splits faster than split2's default /\r?\n/) and drop a "\r" before it.
  const splitter = split2('\n', (line: string): Line | undefined => {
    lineNumber += 1;
    // A byte-order mark before the first line is not part of it (JSON.parse would refuse the line).
    if (lineNumber === 1 && line.charCodeAt(0) === BOM) line = line.slice(1);
    const text = line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
    if (text.length === 0 || text.trim().length === 0) return undefined;
    return { number: lineNumber, text };
  });
  input.on('error', (error) => splitter.destroy(error));
  return input.pipe(lineLimit(maxLength, (number) => options.onOverlong?.(number))).pipe(splitter);
}
