/**
 * docs/heap.md, "Timestamps": every accepted form arrives in Heap as ISO 8601 UTC with
 * milliseconds; a timestamp that is unparseable, missing or null is rejected (never replaced by
 * "now") and counted in the state's rejectedRecordCount.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, eventWith, useSandbox, type Sandbox } from './harness/sandbox.js';

const accepted: { title: string; at: unknown; expected: string }[] = [
  { title: 'ISO 8601 with Z', at: '2024-03-05T10:20:30Z', expected: '2024-03-05T10:20:30.000Z' },
  { title: 'ISO 8601 with milliseconds and Z', at: '2024-03-05T10:20:30.123Z', expected: '2024-03-05T10:20:30.123Z' },
  { title: 'ISO 8601 with a positive offset', at: '2024-03-05T10:20:30+02:00', expected: '2024-03-05T08:20:30.000Z' },
  { title: 'ISO 8601 with a negative offset crossing midnight', at: '2024-03-05T22:20:30-05:00', expected: '2024-03-06T03:20:30.000Z' },
  { title: 'ISO 8601 with +00:00', at: '2017-03-10T22:21:56+00:00', expected: '2017-03-10T22:21:56.000Z' },
  { title: 'ISO 8601 without offset (read as UTC)', at: '2024-03-05T10:20:30', expected: '2024-03-05T10:20:30.000Z' },
  { title: 'ISO 8601 with a space instead of T', at: '2024-03-05 10:20:30', expected: '2024-03-05T10:20:30.000Z' },
  { title: 'fractional seconds beyond milliseconds', at: '2024-03-05T10:20:30.123456Z', expected: '2024-03-05T10:20:30.123Z' },
  { title: 'a date YYYY-MM-DD (midnight UTC)', at: '2024-03-05', expected: '2024-03-05T00:00:00.000Z' },
  { title: 'epoch seconds', at: 1709634030, expected: '2024-03-05T10:20:30.000Z' },
  { title: 'epoch milliseconds', at: 1709634030123, expected: '2024-03-05T10:20:30.123Z' },
  { title: 'fractional epoch seconds', at: 1709634030.5, expected: '2024-03-05T10:20:30.500Z' },
  { title: 'epoch 0 (the epoch itself)', at: 0, expected: '1970-01-01T00:00:00.000Z' },
  { title: 'negative epoch seconds', at: -86400, expected: '1969-12-31T00:00:00.000Z' },
  { title: 'just below 1e11 is still seconds', at: 99_999_999_999, expected: new Date(99_999_999_999_000).toISOString() },
  { title: 'exactly 1e11 is milliseconds', at: 100_000_000_000, expected: '1973-03-03T09:46:40.000Z' },
  // As CSV exports write them.
  { title: 'epoch seconds as a string of 10 digits', at: '1732790400', expected: '2024-11-28T10:40:00.000Z' },
  { title: 'epoch milliseconds as a string of 13 digits', at: '1732790400123', expected: '2024-11-28T10:40:00.123Z' },
  { title: 'a space, then +0000', at: '2024-11-28 10:00:00 +0000', expected: '2024-11-28T10:00:00.000Z' },
  { title: 'an offset +hhmm', at: '2024-11-28T10:00:00+0130', expected: '2024-11-28T08:30:00.000Z' },
  { title: 'an offset +hh', at: '2024-11-28T10:00:00+01', expected: '2024-11-28T09:00:00.000Z' },
  { title: 'lowercase z', at: '2024-11-28T10:00:00z', expected: '2024-11-28T10:00:00.000Z' },
  { title: 'lowercase t', at: '2024-11-28t10:00:00Z', expected: '2024-11-28T10:00:00.000Z' },
];

const rejected: { title: string; at?: unknown }[] = [
  { title: 'a string that is not a date', at: 'yesterday at noon' },
  { title: 'an empty string', at: '' },
  { title: 'an impossible date', at: '2024-13-45T10:20:30Z' },
  { title: 'null', at: null },
  { title: 'a missing field' },
  { title: 'a boolean', at: true },
  { title: 'an object', at: { seconds: 1709634030 } },
  { title: 'a US date MM/DD/YYYY', at: '11/28/2024' },
  { title: 'a string of 9 digits', at: '173279040' },
];

describe('timestamps', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const state = streamState('ts', {});

  beforeAll(async () => {
    sandbox = await useSandbox();
    const records = [
      ...accepted.map((c, i) => record('ts', { user_id: 'u', seq: i, at: c.at })),
      ...rejected.map((c, i) => record('ts', { user_id: 'u', seq: 100 + i, ...('at' in c ? { at: c.at } : {}) })),
    ];
    const config = heapConfig(sandbox, { mappings: [eventsMapping('ts', { timestamp_field: 'at' })] });
    result = await runWrite({ config, catalog: catalog('ts'), input: [...records, state] });
  });

  it('exits 0 without an error (rejected records are skipped by default)', () => expectClean(result));

  describe('accepted forms arrive as ISO 8601 UTC with milliseconds', () => {
    accepted.forEach((c, i) => {
      it(`${c.title}: ${JSON.stringify(c.at)} → ${c.expected}`, () => {
        expect(eventWith(sandbox, 'seq', i)?.timestamp).toBe(c.expected);
      });
    });
  });

  describe('rejected forms are not sent', () => {
    rejected.forEach((c, i) => {
      it(`${c.title}${'at' in c ? `: ${JSON.stringify(c.at)}` : ''}`, () => {
        expect(eventWith(sandbox, 'seq', 100 + i)).toBeUndefined();
      });
    });
  });

  it('no log line repeats a rejected value', () => {
    const logged = JSON.stringify(result.logs);
    expect(logged).not.toContain('11/28/2024');
    expect(logged).not.toContain('173279040');
    expect(logged).not.toContain('yesterday at noon');
  });

  it('counts every rejected timestamp in rejectedRecordCount', () => {
    expect(result.states).toEqual([echoOf(state, accepted.length, rejected.length)]);
    expect(eventsOf(sandbox)).toHaveLength(accepted.length);
  });
});
