/**
 * The line limit, as a stage of bytes before split2: it passes on whole lines only and replaces
 * each line longer than the limit by an empty line, reporting the line's number. split2 then
 * splits lines that are all within the limit, so it needs no overflow handling of its own, and
 * the line numbers it counts stay right (an empty line is counted and skipped like any other).
 *
 * Passing whole lines also keeps split2 fast: it appends each chunk to the line it holds and
 * splits again, which costs O(n²) on a line of tens of megabytes arriving in 64 KiB pipe chunks.
 * Here a line's chunks are kept in a list until its newline comes, never more than the limit.
 *
 * The limit counts characters as JavaScript strings do (UTF-16 code units), without the line
 * ending. Counting bytes is enough while a line has no more bytes than the limit; past that, the
 * characters are counted from the UTF-8 bytes (a 4-byte sequence is 2 code units), so a line held
 * takes at most 3 bytes per character of the limit.
 */
import { Transform } from 'node:stream';

const NEWLINE = Buffer.from('\n');
const LF = 0x0a;
const CR = 0x0d;

export function lineLimit(maxLength: number, onOverlong: (lineNumber: number) => void): Transform {
  /** Bytes of the current (unfinished) line, from earlier chunks. */
  let held: Buffer[] = [];
  let heldBytes = 0;
  /** UTF-16 length of `held`; counted only once `heldBytes` passed the limit (else -1). */
  let heldChars = -1;
  /** The current line is over the limit: drop its bytes up to its newline. */
  let skipping = false;
  /** Lines finished so far; the current line is number `finished + 1`. */
  let finished = 0;

  /** True when the current line, with `more` appended, is over the limit (`ended`: `more` ends it). */
  const over = (more: Buffer, ended: boolean): boolean => {
    let bytes = heldBytes + more.length;
    if (ended && more.length > 0 && more[more.length - 1] === CR) bytes -= 1;
    if (bytes <= maxLength) return false;
    if (heldChars < 0) heldChars = held.reduce((sum, part) => sum + utf16Length(part), 0);
    const tail = ended && more.length > 0 && more[more.length - 1] === CR ? more.subarray(0, -1) : more;
    return heldChars + utf16Length(tail) > maxLength;
  };

  const drop = () => {
    onOverlong(finished + 1);
    held = [];
    heldBytes = 0;
    heldChars = -1;
    skipping = true;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const out: Buffer[] = [];
      /** Appends `part`, joining it to the last part when both are neighbours in `chunk`. */
      let runStart = -1;
      let runEnd = -1;
      const flushRun = () => {
        if (runStart >= 0) out.push(chunk.subarray(runStart, runEnd));
        runStart = -1;
      };
      const emit = (start: number, end: number) => {
        if (runStart >= 0 && runEnd === start) {
          runEnd = end;
          return;
        }
        flushRun();
        runStart = start;
        runEnd = end;
      };

      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(LF, start);
        const end = newline === -1 ? chunk.length : newline;
        const segment = chunk.subarray(start, end);
        if (!skipping && over(segment, newline !== -1)) drop();
        if (newline === -1) {
          if (!skipping && segment.length > 0) {
            held.push(segment);
            heldBytes += segment.length;
            if (heldChars >= 0) heldChars += utf16Length(segment);
          }
          break;
        }
        if (skipping) {
          flushRun();
          out.push(NEWLINE);
          skipping = false;
        } else {
          if (held.length > 0) {
            flushRun();
            out.push(...held);
          }
          emit(start, newline + 1);
        }
        held = [];
        heldBytes = 0;
        heldChars = -1;
        finished += 1;
        start = newline + 1;
      }
      flushRun();
      callback(null, out.length === 0 ? undefined : out.length === 1 ? out[0] : Buffer.concat(out));
    },
    flush(callback) {
      // The last line, without a newline: its length was checked as it arrived.
      callback(null, skipping || held.length === 0 ? undefined : Buffer.concat(held));
    },
  });
}

/** How many UTF-16 code units the UTF-8 bytes decode to (a lead byte of 4 counts 2). */
function utf16Length(bytes: Buffer): number {
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
}
