import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines, type Line } from '../src/input/lines.js';
import { seededRandom } from '../src/sandbox/prng.js';

async function read(chunks: readonly Buffer[], maxLineLength: number) {
  const overlong: number[] = [];
  const lines: Line[] = [];
  for await (const line of readLines(Readable.from(chunks), { maxLineLength, onOverlong: (n) => overlong.push(n) })) lines.push(line as Line);
  return { lines, overlong };
}

/** What readLines must give: split on \n (dropping a \r before it), overlong lines reported, blank lines skipped. */
function expected(text: string, limit: number) {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  const lines: Line[] = [];
  const overlong: number[] = [];
  parts.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > limit) overlong.push(index + 1);
    else if (line.trim() !== '') lines.push({ number: index + 1, text: line });
  });
  return { lines, overlong };
}

describe('the line limit', () => {
  it('counts characters, not bytes: a line of multi-byte characters at the limit is kept', async () => {
    const text = `${'é'.repeat(10)}\n${'é'.repeat(11)}\nok\n`;
    expect(await read([Buffer.from(text)], 10)).toEqual(expected(text, 10));
    expect((await read([Buffer.from(text)], 10)).overlong).toEqual([2]);
  });

  it('counts a character outside the BMP as two, as JavaScript strings do', async () => {
    const text = `${'😀'.repeat(5)}\n${'😀'.repeat(6)}\n`;
    expect((await read([Buffer.from(text)], 10)).overlong).toEqual([2]);
  });

  it('does not count the CR of a CRLF line ending', async () => {
    const text = `${'x'.repeat(10)}\r\nnext\r\n`;
    expect(await read([Buffer.from(text)], 10)).toEqual({ lines: [{ number: 1, text: 'x'.repeat(10) }, { number: 2, text: 'next' }], overlong: [] });
  });

  it('gives what splitting the whole text would, whatever the chunking (200 random inputs)', async () => {
    const random = seededRandom(42);
    const alphabet = ['a', 'é', '😀', ' ', '\n', '\r\n', 'xyz'];
    for (let run = 0; run < 200; run++) {
      let text = '';
      const pieces = Math.floor(random() * 60);
      for (let i = 0; i < pieces; i++) text += alphabet[Math.floor(random() * alphabet.length)]!.repeat(1 + Math.floor(random() * 6));
      const bytes = Buffer.from(text);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(random() * 12);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const limit = 1 + Math.floor(random() * 12);
      expect(await read(chunks, limit), JSON.stringify({ text, limit })).toEqual(expected(text, limit));
    }
  });
});
