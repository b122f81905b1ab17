/**
 * docs/heap.md "Delivery and state" (input that is not a record): input that is not what it should be. A line that is not a message is dropped
 * (never a record, so never counted in a state); a record the catalog does not know ends the
 * sync with a config_error; a catalog or config the connector cannot serve fails before stdin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import type { ConnectorResult } from './harness/connector.js';
import { catalog, configuredStream, echoOf, globalState, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const config = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, { mappings: [eventsMapping('a')], ...extra });

/**
 * One sync holds every tolerated oddity, each in its own window: two good records around the
 * line under test, then a GLOBAL state. A line that is not a message is not a record, so each
 * window's state must count exactly its two records.
 */
const dropped: [string, string][] = [
  ['a line that is not JSON', 'this is not json'],
  ['a truncated JSON object', '{"type":"RECORD","record":{"stream":"a","data":{"user_id":"u","seq":99'],
  ['a JSON array', '[1,2,3]'],
  ['a JSON number', '42'],
  ['a JSON string', '"RECORD"'],
  ['JSON null', 'null'],
  ['a JSON object without type', '{"record":{"stream":"a","data":{"user_id":"u","seq":99},"emitted_at":1}}'],
  ['a RECORD without its record payload', '{"type":"RECORD"}'],
  ['a STATE without its state payload', '{"type":"STATE"}'],
];
const ignored: [string, unknown][] = [
  ['LOG', { type: 'LOG', log: { level: 'INFO', message: 'from the source' } }],
  ['TRACE ERROR', { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'source failed', failure_type: 'system_error' } } }],
  ['TRACE STREAM_STATUS', { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: 'a' }, status: 'RUNNING' } } }],
  ['CONTROL', { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: 1, connectorConfig: { config: {} } } }],
  ['an unknown type', { type: 'SOMETHING_NEW', something: { x: 1 } }],
];
const emptyLine = '';
const dataNotObject = '{"type":"RECORD","record":{"stream":"a","data":"u","emitted_at":1}}';
const rejectedRecord = record('a', { seq: 9_999 });

const windows: { title: string; line: unknown }[] = [
  { title: 'an empty line', line: emptyLine },
  ...dropped.map(([title, line]) => ({ title, line })),
  ...ignored.map(([title, line]) => ({ title, line })),
  { title: 'a RECORD whose data is not an object', line: dataNotObject },
  { title: 'a rejected record', line: rejectedRecord },
];

/** The input, and the 1-based line number of each window's line under test. */
const input: unknown[] = [];
const lineOf = new Map<unknown, number>();
const windowStates = windows.map((w, i) => {
  const state = globalState({ window: i }, [{ name: 'a', state: { window: i } }]);
  input.push(record('a', { user_id: 'u', seq: i * 10 + 1 }));
  input.push(w.line);
  lineOf.set(w.line, input.length);
  input.push(record('a', { user_id: 'u', seq: i * 10 + 2 }));
  input.push(state);
  return state;
});

describe('input a sync tolerates', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;

  beforeAll(async () => {
    sandbox = await useSandbox();
    const streams = catalog(configuredStream('a', { destinationSyncMode: 'append_dedup', primaryKey: [['seq']] }));
    result = await runWrite({ config: config(sandbox), catalog: streams, input });
  });

  const windowIndex = (title: string) => windows.findIndex((w) => w.title === title);
  const delivered = (i: number) => eventsOf(sandbox).filter((e) => [i * 10 + 1, i * 10 + 2].includes(e.properties.seq as number)).length;

  it('exits 0 without an error, every window echoed (a stream in append_dedup mode is accepted)', () => {
    expectClean(result);
    expect(result.states).toHaveLength(windows.length);
    expect(eventsOf(sandbox)).toHaveLength(windows.length * 2);
  });

  describe('lines that are not messages are dropped and the rest is delivered', () => {
    it.each([['an empty line'], ...dropped.map(([title]) => [title])])('%s', (title) => {
      const i = windowIndex(title);
      expect(delivered(i)).toBe(2);
      expect(result.states[i]).toEqual(echoOf(windowStates[i]!, 2, 0));
    });

    it('a RECORD whose data is not an object is not delivered and does not stop the sync', () => {
      const i = windowIndex('a RECORD whose data is not an object');
      expect(delivered(i)).toBe(2);
      expect(eventsOf(sandbox).filter((e) => e.identity !== 'u')).toEqual([]);
      expect(result.states[i]?.destinationStats?.recordCount).toBe(2);
    });
  });

  describe('messages a destination does not act on are ignored', () => {
    it.each(ignored.map(([title]) => [title]))('%s', (title) => {
      const i = windowIndex(title);
      expect(delivered(i)).toBe(2);
      expect(result.states[i]).toEqual(echoOf(windowStates[i]!, 2, 0));
    });

    it('a TRACE ERROR from the source is not echoed as the destination\'s own', () => {
      expect(result.traces.filter((t) => t.type === 'ERROR')).toEqual([]);
    });
  });

  describe('what is dropped or rejected is reported', () => {
    const warnings = () => result.logs.filter((l) => l.level === 'WARN').map((l) => l.message);

    it.each(dropped.map(([title, line]) => [title, line]))('%s: a WARN names its line number', (_title, line) => {
      const number = lineOf.get(line)!;
      expect(warnings().some((m) => new RegExp(`\\b${number}\\b`).test(m))).toBe(true);
    });

    it('a rejected record: a WARN names its line number, and it is counted as rejected', () => {
      const number = lineOf.get(rejectedRecord)!;
      expect(warnings().some((m) => new RegExp(`\\b${number}\\b`).test(m))).toBe(true);
      expect(result.states[windowIndex('a rejected record')]?.destinationStats).toEqual({ recordCount: 2, rejectedRecordCount: 1 });
    });
  });
});

describe.concurrent('input, catalog or config that ends the sync', () => {
  describe('a RECORD for a stream the catalog does not hold', () => {
    it('is a config_error naming the stream, exit 1, with the states before it echoed', async () => {
      const sandbox = await useSandbox();
      const s1 = streamState('a', { n: 1 });
      const s2 = streamState('a', { n: 2 });
      const input = [record('a', { user_id: 'u', seq: 1 }), s1, record('ghost_stream', { user_id: 'u', seq: 2 }), record('a', { user_id: 'u', seq: 3 }), s2];
      const cfg = heapConfig(sandbox, { mappings: [eventsMapping('*')] });
      const result = await runWrite({ config: cfg, catalog: catalog('a'), input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('ghost_stream');
      expect(result.states).toEqual([echoOf(s1, 1, 0)]);
    });

    it('a known stream name in a namespace the catalog does not hold is a config_error', async () => {
      const sandbox = await useSandbox();
      const input = [record('invoices', { user_id: 'u', seq: 1 }, { namespace: 'elsewhere' }), streamState('invoices', {})];
      const cfg = heapConfig(sandbox, { mappings: [eventsMapping('*')] });
      const result = await runWrite({ config: cfg, catalog: catalog(configuredStream('invoices', { namespace: 'home' })), input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('invoices');
      expect(result.states).toEqual([]);
    });
  });

  describe('a catalog the connector cannot serve fails before reading stdin', () => {
    it('a catalog stream without a mapping is a config_error naming the stream; nothing is sent', async () => {
      const sandbox = await useSandbox();
      const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', {})];
      const result = await runWrite({ config: config(sandbox), catalog: catalog('a', 'unmapped_stream'), input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('unmapped_stream');
      expect(result.states).toEqual([]);
      expect(sandbox.store.requests).toEqual([]);
    });

    it('destination_sync_mode overwrite is a config_error; nothing is sent', async () => {
      const sandbox = await useSandbox();
      const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', {})];
      const result = await runWrite({ config: config(sandbox), catalog: catalog(configuredStream('a', { destinationSyncMode: 'overwrite' })), input });
      expectFatal(result, 'config_error');
      expect(result.states).toEqual([]);
      expect(sandbox.store.requests).toEqual([]);
    });

    it('a catalog file that is not JSON fails with a TRACE ERROR and exit 1; nothing is sent', async () => {
      const sandbox = await useSandbox();
      const result = await runWrite({ config: config(sandbox), catalog: '{"streams": [', input: [record('a', { user_id: 'u', seq: 1 })] });
      expect(result.errors).toHaveLength(1);
      expect(result.exitCode).toBe(1);
      expect(sandbox.store.requests).toEqual([]);
    });
  });

  describe('a bad config in write', () => {
    const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', {})];

    it('a config that fails the schema is a config_error naming the field, exit 1; nothing is sent', async () => {
      const sandbox = await useSandbox();
      const result = await runWrite({ config: config(sandbox, { batch_size: 5000 }), catalog: catalog('a'), input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('batch_size');
      expect(result.states).toEqual([]);
      expect(sandbox.store.requests).toEqual([]);
    });

    it('a missing config file is a config_error, exit 1', async () => {
      const result = await runWrite({ config: { missing: true }, catalog: catalog('a'), input });
      expectFatal(result, 'config_error');
    });

    it('a config file that is not JSON is a config_error, exit 1', async () => {
      const result = await runWrite({ config: { raw: 'app_id=4242' }, catalog: catalog('a'), input });
      expectFatal(result, 'config_error');
    });
  });

  describe('invalid_record_policy', () => {
    const s1 = streamState('a', { n: 1 });
    const s2 = streamState('a', { n: 2 });
    const input = [record('a', { user_id: 'u', seq: 1 }), s1, record('a', { seq: 2 }), record('a', { user_id: 'u', seq: 3 }), s2];

    it('fail ends the sync at the first rejected record with a config_error, exit 1; no later state is echoed', async () => {
      const sandbox = await useSandbox();
      const result = await runWrite({ config: config(sandbox, { invalid_record_policy: 'fail' }), catalog: catalog('a'), input });
      expectFatal(result, 'config_error');
      expect(result.states.map((s) => s.stream)).not.toContainEqual(s2.state.stream);
      expect(result.states.length).toBeLessThanOrEqual(1);
    });
  });
});

describe('lines that are not AirbyteMessages, by the thousand', () => {
  it('are logged like rejections: the first 10 verbatim, then counts (2,000 lines make well under 30 WARNs), exit 0', async () => {
    const sandbox = await useSandbox();
    const end = streamState('a', { end: true });
    const input: unknown[] = [record('a', { user_id: 'u', seq: 1 })];
    for (let n = 0; n < 2_000; n += 1) input.push(`not json ${n}`);
    input.push(end);
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(end, 1, 0)]);
    const warnings = result.logs.filter((l) => l.level === 'WARN');
    expect(warnings.length).toBeGreaterThanOrEqual(10);
    expect(warnings.length).toBeLessThan(30);
  });
});
