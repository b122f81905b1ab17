import { describe, expect, it } from 'vitest';
import { describeSendSummary } from '../src/commands/send.js';
import { RunCounters, type RunSnapshot } from '../src/sync/counters.js';

const totals = (overrides: Partial<RunSnapshot> = {}): RunSnapshot => ({
  read: 10,
  delivered: 10,
  rejected: 0,
  pending: 0,
  requestsInFlight: 0,
  retries: 0,
  throttled: 0,
  throttleWaits: 0,
  requests: 1,
  ...overrides,
});

const summary = (counts: Partial<Pick<RunCounters, 'invalidLines' | 'overlongLines' | 'truncatedValues' | 'droppedIdKeys' | 'droppedLongKeys'>>, snapshot = totals()) =>
  describeSendSummary({ totals: snapshot, counters: Object.assign(new RunCounters(), counts), elapsedMs: 1500 });

describe('the send summary', () => {
  it('of a clean run names what was delivered, of how many, and how long it took', () => {
    const text = summary({});
    expect(text).toContain('10 of 10 records');
    expect(text).toContain('1.5 s');
    expect(text).not.toContain(';');
  });

  it.each([
    ['one record', { read: 1, delivered: 1 }, '1 of 1 record '],
    ['no record', { read: 0, delivered: 0 }, '0 of 0 records '],
  ])('counts %s in the right number', (_title, snapshot, text) => {
    expect(summary({}, totals(snapshot))).toContain(text);
  });

  it.each([
    ['invalidLines', 1, '1 line was'],
    ['invalidLines', 3, '3 lines were'],
    ['overlongLines', 1, '1 line '],
    ['overlongLines', 2, '2 lines '],
    ['truncatedValues', 1, '1 value '],
    ['truncatedValues', 4, '4 values '],
    ['droppedIdKeys', 1, '1 "id" user property '],
    ['droppedIdKeys', 2, '2 "id" user properties '],
    ['droppedLongKeys', 1, '1 property '],
    ['droppedLongKeys', 5, '5 properties '],
  ])('names %s = %d in the right number', (counter, n, text) => {
    expect(summary({ [counter]: n })).toContain(text);
  });

  it('tells lines that were not JSON objects from lines over the limit', () => {
    const both = summary({ invalidLines: 2, overlongLines: 2 });
    expect(both).toContain('2 lines were');
    expect(both.split('2 lines')).toHaveLength(3);
  });

  it('points at rename_fields for dropped "id" user properties', () => {
    expect(summary({ droppedIdKeys: 2 })).toContain('rename_fields');
  });

  it('leaves out every count that is zero', () => {
    expect(summary({ invalidLines: 0, overlongLines: 0, truncatedValues: 0, droppedIdKeys: 0, droppedLongKeys: 0 })).not.toContain(';');
  });
});
