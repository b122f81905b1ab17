import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_LENGTH, describeLineLimit, readLines, type Line } from '../src/input/lines.js';

const KiB = 1024;

/** Reads `chunks` (each one a separate chunk of the input) and collects the lines and overlong reports. */
async function read(chunks: readonly (string | Buffer)[], maxLineLength?: number) {
  const overlong: number[] = [];
  const lines: Line[] = [];
  const input = Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
  for await (const line of readLines(input, { maxLineLength, onOverlong: (n) => overlong.push(n) })) lines.push(line as Line);
  return { lines, overlong };
}

/** `text` cut into chunks of `size` bytes. */
const chunked = (text: string, size: number) => {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
};

describe('readLines', () => {
  it('numbers lines from 1', async () => {
    expect((await read(['a\nb\nc\n'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
      { number: 3, text: 'c' },
    ]);
  });

  it('skips a UTF-8 byte-order mark at the start of the input', async () => {
    expect((await read([Buffer.from([0xef, 0xbb, 0xbf]), '{"a":1}\n{"b":2}\n'])).lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"b":2}' },
    ]);
  });

  it('keeps a U+FEFF that is not at the start of the input', async () => {
    expect((await read(['a\n\ufeffb\n'])).lines[1]).toEqual({ number: 2, text: '\ufeffb' });
  });

  it('skips empty lines but counts them', async () => {
    expect((await read(['a\n\n\nb\n'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 4, text: 'b' },
    ]);
  });

  it('skips whitespace-only lines but counts them', async () => {
    expect((await read(['a\n  \t \nb\n'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 3, text: 'b' },
    ]);
  });

  it('splits CRLF line endings without keeping the CR', async () => {
    expect((await read(['a\r\nb\r\n'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
    ]);
  });

  it('splits a CRLF that straddles two chunks', async () => {
    expect((await read(['a\r', '\nb\n'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
    ]);
  });

  it('reads a last line without a trailing newline', async () => {
    expect((await read(['a\nb'])).lines).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'b' },
    ]);
  });

  it('joins a line split across chunks', async () => {
    expect((await read(['{"ty', 'pe":', '"STATE"}\n'])).lines).toEqual([{ number: 1, text: '{"type":"STATE"}' }]);
  });

  it('decodes a UTF-8 character split across chunks', async () => {
    const bytes = Buffer.from('café\n');
    expect((await read([bytes.subarray(0, 4), bytes.subarray(4)])).lines).toEqual([{ number: 1, text: 'café' }]);
  });

  it('reads nothing from empty input', async () => {
    expect(await read([])).toEqual({ lines: [], overlong: [] });
  });

  it('keeps a line of exactly maxLineLength', async () => {
    const exact = 'x'.repeat(10);
    expect(await read([`${exact}\n`], 10)).toEqual({ lines: [{ number: 1, text: exact }], overlong: [] });
  });

  describe('a line over maxLineLength', () => {
    const long = 'x'.repeat(20);

    it('is dropped and reported with its line number when it spans chunks', async () => {
      expect(await read(['short\n', long.slice(0, 12), long.slice(12), '\nafter\n'], 10)).toEqual({
        lines: [
          { number: 1, text: 'short' },
          { number: 3, text: 'after' },
        ],
        overlong: [2],
      });
    });

    it('is dropped and reported when it arrives whole in one chunk', async () => {
      expect(await read([`short\n${long}\nafter\n`], 10)).toEqual({
        lines: [
          { number: 1, text: 'short' },
          { number: 3, text: 'after' },
        ],
        overlong: [2],
      });
    });

    it('is dropped when the chunk that ends it brings it over the limit', async () => {
      expect(await read(['short\n', 'x'.repeat(8), `${'x'.repeat(5)}\nafter\n`], 10)).toEqual({
        lines: [
          { number: 1, text: 'short' },
          { number: 3, text: 'after' },
        ],
        overlong: [2],
      });
    });

    it('leaves the lines after it numbered right, empty ones counted', async () => {
      const { lines } = await read(['a\n', long, '\n\nb\nc\n'], 10);
      expect(lines).toEqual([
        { number: 1, text: 'a' },
        { number: 4, text: 'b' },
        { number: 5, text: 'c' },
      ]);
    });

    it('is reported once per overlong line, each with its own number', async () => {
      expect((await read(['a\n', long, '\n', long, '\nb\n'], 10)).overlong).toEqual([2, 3]);
    });

    it('is dropped when it is the last line and has no trailing newline', async () => {
      expect(await read(['short\n', long.slice(0, 15), long.slice(15)], 10)).toEqual({
        lines: [{ number: 1, text: 'short' }],
        overlong: [2],
      });
    });

    it('is dropped when it is the last line, has no trailing newline and arrives whole', async () => {
      expect(await read([`short\n${long}`], 10)).toEqual({ lines: [{ number: 1, text: 'short' }], overlong: [2] });
    });
  });

  it('reads a 5 MB line arriving in 64 KiB chunks whole', async () => {
    const line = `{"type":"RECORD","record":{"stream":"s","data":{"blob":"${'y'.repeat(5_000_000)}"}}}`;
    const { lines, overlong } = await read([...chunked(`${line}\n{"type":"STATE"}\n`, 64 * KiB)]);
    expect(overlong).toEqual([]);
    expect(lines.map((l) => [l.number, l.text.length])).toEqual([
      [1, line.length],
      [2, 16],
    ]);
    expect(lines[0]!.text === line).toBe(true);
  });

  it('reads lines of at least 32 MiB by default', () => {
    expect(DEFAULT_MAX_LINE_LENGTH).toBeGreaterThanOrEqual(32 * KiB * KiB);
  });

  it('passes on an error of the input stream', async () => {
    const input = new Readable({ read() {} });
    const lines = readLines(input);
    const failure = new Error('stdin went away');
    const consumed = (async () => {
      for await (const _ of lines) void _;
    })();
    input.destroy(failure);
    await expect(consumed).rejects.toBe(failure);
  });
});

describe('describeLineLimit', () => {
  it.each([
    [64 * 1024 * 1024, '64 MiB (67,108,864 characters)'],
    [32 * 1024 * 1024, '32 MiB (33,554,432 characters)'],
    [1000, '1,000 characters'],
    [1, '1 character'],
  ])('says %d as %j', (limit, text) => {
    expect(describeLineLimit(limit)).toBe(text);
  });
});
