import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Line } from '../src/input/lines.js';
import { readInput } from '../src/sync/read-input.js';
import { RunStop } from '../src/sync/stop.js';

const lines = (count: number): Line[] => Array.from({ length: count }, (_, i) => ({ number: i + 1, text: `line ${i + 1}` }));
const noWaits = { hasRoom: () => true, waitForRoom: () => Promise.resolve() };
const writer = { full: false, drained: () => Promise.resolve() };

describe('readInput', () => {
  it('hands on every line in order, also those that arrive in later chunks, and reports the end of input', async () => {
    const source = new Readable({ objectMode: true, read() {} });
    const stop = new RunStop({ shutdown: new AbortController().signal });
    const seen: number[] = [];
    const reading = readInput(source, (line) => seen.push(line.number), { stop, room: noWaits, writer });
    for (const line of lines(3)) source.push(line);
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const line of lines(6).slice(3)) source.push(line);
    source.push(null);
    expect(await reading).toBe(true);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops between two lines already read when the run stops while handling the first', async () => {
    const source = Readable.from(lines(5));
    const stop = new RunStop({ shutdown: new AbortController().signal });
    const seen: number[] = [];
    const ended = await readInput(
      source,
      (line) => {
        seen.push(line.number);
        if (line.number === 2) stop.interrupt('signal');
      },
      { stop, room: noWaits, writer },
    );
    expect(ended).toBe(false);
    expect(seen).toEqual([1, 2]);
  });

  it('waits for room before the next line, even when it is already read', async () => {
    const source = Readable.from(lines(3));
    const stop = new RunStop({ shutdown: new AbortController().signal });
    const events: string[] = [];
    let room = true;
    let giveRoom: () => void = () => {};
    const waits = {
      hasRoom: () => room,
      waitForRoom: () => new Promise<void>((resolve) => (giveRoom = () => ((room = true), resolve()))),
    };
    const reading = readInput(
      source,
      (line) => {
        events.push(`line ${line.number}`);
        if (line.number === 1) room = false;
      },
      { stop, room: waits, writer },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual(['line 1']);
    events.push('room');
    giveRoom();
    expect(await reading).toBe(true);
    expect(events).toEqual(['line 1', 'room', 'line 2', 'line 3']);
  });

  it('rejects when the line stream fails for a reason other than a stop', async () => {
    const source = new Readable({ objectMode: true, read() {} });
    const stop = new RunStop({ shutdown: new AbortController().signal });
    const reading = readInput(source, () => {}, { stop, room: noWaits, writer });
    source.destroy(new Error('stdin broke'));
    await expect(reading).rejects.toThrow('stdin broke');
  });
});
