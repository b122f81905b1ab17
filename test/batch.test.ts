import { describe, expect, it } from 'vitest';
import { Batch, type BatchOptions } from '../src/delivery/batch.js';
import type { QueueEntry, RecordRef } from '../src/delivery/endpoint-queue.js';
import { bodyItems, RequestBodies } from '../src/delivery/request-body.js';
import { StateLedger } from '../src/state/ledger.js';

const ledger = new StateLedger(() => undefined);
const bodies = new RequestBodies(0);
const USERS: BatchOptions = { appId: '7', bodyKey: 'users', keepKeys: true };
const EVENTS: BatchOptions = { appId: '7', bodyKey: 'events', keepKeys: false };

/** A queue entry for `key` carrying the records at `lines` (more than one: merged upserts). */
function entry(key: string, lines: number[], size = 10): QueueEntry {
  const refs: RecordRef[] = lines.map((line) => ({ ticket: ledger.recordRead('s', null), stream: 's', line }));
  return { json: JSON.stringify({ identity: key, properties: { n: lines.length } }), key, refs, size, queuedAt: 0 };
}

const linesOf = (batch: Batch) => [...batch.records].map((ref) => ref.line);
const identitiesOf = (batch: Batch, options: BatchOptions) =>
  bodyItems(batch.body, options.bodyKey).map((item) => (item as { identity: string }).identity);

describe('Batch', () => {
  it('writes the body of its entries and keeps their records, keys and sizes, not the entries', () => {
    const entries = [entry('a', [1]), entry('b', [2]), entry('c', [3])];
    const batch = Batch.cut(entries, bodies, USERS);
    expect(JSON.parse(batch.body.toString())).toEqual({ app_id: '7', users: entries.map((e) => JSON.parse(e.json)) });
    expect({ items: batch.items, keys: batch.keys, lines: linesOf(batch), size: batch.size, ends: batch.recordEnds }).toEqual({
      items: 3,
      keys: ['a', 'b', 'c'],
      lines: [1, 2, 3],
      size: 30,
      ends: undefined,
    });
    expect([...batch.records].map((ref) => ref.stream)).toEqual(['s', 's', 's']);
    expect(batch.records.tickets.every((ticket) => ticket === entries[0]!.refs[0]!.ticket)).toBe(true);
  });

  it('keeps no keys when it is told not to (events without identity budgets)', () => {
    expect(Batch.cut([entry('a', [1])], bodies, EVENTS).keys).toBeUndefined();
  });

  it('knows which records each merged item carries, and splits them with their item', () => {
    // b merges records 2, 3 and 4; d merges 6 and 7.
    const batch = Batch.cut([entry('a', [1]), entry('b', [2, 3, 4]), entry('c', [5]), entry('d', [6, 7]), entry('e', [8])], bodies, USERS);
    expect(batch.recordEnds).toEqual([1, 4, 5, 7, 8]);
    const [first, second] = batch.halves(bodies, USERS);
    expect([identitiesOf(first, USERS), first.keys, linesOf(first), first.recordEnds]).toEqual([
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      [1, 2, 3, 4, 5],
      [1, 4, 5],
    ]);
    expect([identitiesOf(second, USERS), second.keys, linesOf(second), second.recordEnds]).toEqual([
      ['d', 'e'],
      ['d', 'e'],
      [6, 7, 8],
      [2, 3],
    ]);
    const [d, e] = second.halves(bodies, USERS);
    expect([linesOf(d), d.recordEnds, linesOf(e), e.recordEnds]).toEqual([[6, 7], [2], [8], [1]]);
  });

  it('splits into halves whose bodies hold the same item texts and whose sizes add up', () => {
    const entries = [entry('a', [1], 7), entry('b', [2], 7), entry('c', [3], 7)];
    const batch = Batch.cut(entries, bodies, EVENTS);
    const [first, second] = batch.halves(bodies, EVENTS);
    expect([first.items, second.items]).toEqual([2, 1]);
    expect([...bodyItems(first.body, 'events'), ...bodyItems(second.body, 'events')].map((item) => JSON.stringify(item))).toEqual(
      entries.map((e) => e.json),
    );
    expect([linesOf(first), linesOf(second), first.recordEnds, second.keys]).toEqual([[1, 2], [3], undefined, undefined]);
    expect(first.size + second.size).toBe(21);
  });
});
