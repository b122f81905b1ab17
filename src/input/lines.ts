/**
 * stdin → numbered lines. split2 does the splitting with a `maxLength`; a line over the limit is
 * dropped (reported through `onOverlong` with its line number) and reading goes on.
 *
 * split2 appends each chunk to the pending line and re-splits it, which costs O(n²) on a line of
 * tens of megabytes arriving in 64 KiB pipe chunks (a 40 MB line took a minute). `coalesce`
 * therefore joins chunks that hold no newline before split2 sees them, so a long line reaches
 * split2 in one piece; the join is capped at the line limit, so memory stays bounded.
 */
import { Transform, type Readable } from 'node:stream';
import split2 from 'split2';

export interface Line {
  /** 1-based position in the input, counting every line (empty and dropped ones too). */
  number: number;
  text: string;
}

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

/** Returns a readable stream of `Line` objects; empty and whitespace-only lines are skipped. */
export function readLines(input: Readable, options: LineReaderOptions = {}): Readable {
  const maxLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let lineNumber = 0;
  // split2 flips `overflow` to true when it starts skipping a line that outgrew maxLength.
  let overflowing = false;
  const splitter = split2(
    (text: string): Line | undefined => {
      // split2 hands the flushed remnant of an overlong last line to the mapper: drop it.
      if (overflowing) return undefined;
      lineNumber += 1;
      // split2 measures only the unfinished remainder of a chunk, so a line that arrives whole
      // (its newline in the same chunk, e.g. after `coalesce` joined its pieces) is never held
      // against maxLength there: drop it here.
      if (text.length > maxLength) {
        options.onOverlong?.(lineNumber);
        return undefined;
      }
      if (text.length === 0 || text.trim().length === 0) return undefined;
      return { number: lineNumber, text };
    },
    // skipOverflow is split2's own option; its type definitions lag behind.
    { maxLength, skipOverflow: true } as split2.Options,
  );
  Object.defineProperty(splitter, 'overflow', {
    get: () => overflowing,
    set: (value: boolean) => {
      if (value && !overflowing) {
        lineNumber += 1;
        options.onOverlong?.(lineNumber);
      }
      overflowing = value;
    },
  });
  input.on('error', (error) => splitter.destroy(error));
  return input.pipe(coalesce(maxLength)).pipe(splitter);
}

function coalesce(limit: number): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(10) === -1 && size + chunk.length <= limit) {
        pending.push(chunk);
        size += chunk.length;
        callback();
        return;
      }
      if (pending.length > 0) {
        pending.push(chunk);
        chunk = Buffer.concat(pending);
        pending = [];
        size = 0;
      }
      callback(null, chunk);
    },
    flush(callback) {
      callback(null, pending.length > 0 ? Buffer.concat(pending) : undefined);
    },
  });
}
