/**
 * Contract §6: input that is not what it should be. A line that is not a message is dropped
 * (never a record, so never counted in a state); a record the catalog does not know ends the
 * sync with a config_error; a catalog or config the connector cannot serve fails before stdin.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox } from './harness/sandbox.js';

const config = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, { mappings: [eventsMapping('a')], ...extra });

/** Two good records around one line under test, then a state. */
function around(line: unknown) {
  const state = streamState('a', { n: 1 });
  return { state, input: [record('a', { user_id: 'u', seq: 1 }), line, record('a', { user_id: 'u', seq: 2 }), state] };
}

describe('lines that are not messages are dropped and the rest is delivered', () => {
  const lines: [string, string][] = [
    ['an empty line', ''],
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

  it.each(lines)('%s', async (_title, line) => {
    const sandbox = await useSandbox();
    const { state, input } = around(line);
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(eventsOf(sandbox).map((e) => e.properties.seq).sort()).toEqual([1, 2]);
    expect(result.states).toEqual([echoOf(state, 2, 0)]);
  });

  it('a RECORD whose data is not an object is not delivered and does not stop the sync', async () => {
    const sandbox = await useSandbox();
    const { state, input } = around('{"type":"RECORD","record":{"stream":"a","data":"u","emitted_at":1}}');
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(eventsOf(sandbox).map((e) => e.properties.seq).sort()).toEqual([1, 2]);
    expect(result.states).toHaveLength(1);
    expect(result.states[0]?.destinationStats?.recordCount).toBe(2);
    expect({ ...result.states[0], destinationStats: undefined }).toEqual({ ...state.state, destinationStats: undefined });
  });
});

describe('what is dropped or rejected is reported', () => {
  it('a line that is not JSON is reported in a WARN log', async () => {
    const sandbox = await useSandbox();
    const { input } = around('not json');
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(result.logs.map((l) => l.level)).toContain('WARN');
  });

  it('a rejected record is reported in a WARN log', async () => {
    const sandbox = await useSandbox();
    const { input } = around(record('a', { seq: 3 }));
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(result.states[0]?.destinationStats).toEqual({ recordCount: 2, rejectedRecordCount: 1 });
    expect(result.logs.map((l) => l.level)).toContain('WARN');
  });
});

describe('messages a destination does not act on are ignored', () => {
  const messages: [string, unknown][] = [
    ['LOG', { type: 'LOG', log: { level: 'INFO', message: 'from the source' } }],
    ['TRACE ERROR', { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'source failed', failure_type: 'system_error' } } }],
    ['TRACE STREAM_STATUS', { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: 'a' }, status: 'COMPLETE' } } }],
    ['CONTROL', { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: 1, connectorConfig: { config: {} } } }],
    ['an unknown type', { type: 'SOMETHING_NEW', something: { x: 1 } }],
  ];

  it.each(messages)('%s', async (_title, message) => {
    const sandbox = await useSandbox();
    const { state, input } = around(message);
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(result.traces.filter((t) => t.type === 'ERROR')).toEqual([]);
    expect(eventsOf(sandbox)).toHaveLength(2);
    expect(result.states).toEqual([echoOf(state, 2, 0)]);
  });
});

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

  it.each(['overwrite', 'update', 'soft_delete'])('destination_sync_mode %s is a config_error; nothing is sent', async (mode) => {
    const sandbox = await useSandbox();
    const input = [record('a', { user_id: 'u', seq: 1 }), streamState('a', {})];
    const result = await runWrite({ config: config(sandbox), catalog: catalog(configuredStream('a', { destinationSyncMode: mode })), input });
    expectFatal(result, 'config_error');
    expect(result.states).toEqual([]);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('destination_sync_mode append_dedup is accepted', async () => {
    const sandbox = await useSandbox();
    const state = streamState('a', {});
    const streams = catalog(configuredStream('a', { destinationSyncMode: 'append_dedup', primaryKey: [['seq']] }));
    const result = await runWrite({ config: config(sandbox), catalog: streams, input: [record('a', { user_id: 'u', seq: 1 }), state] });
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 1)]);
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

  it('skip (the default) counts the rejected record and delivers the rest, exit 0', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox), catalog: catalog('a'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(s1, 1, 0), echoOf(s2, 1, 1)]);
    expect(eventsOf(sandbox).map((e) => e.properties.seq).sort()).toEqual([1, 3]);
  });

  it('fail ends the sync at the first rejected record with a config_error, exit 1; no later state is echoed', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox, { invalid_record_policy: 'fail' }), catalog: catalog('a'), input });
    expectFatal(result, 'config_error');
    expect(result.states.map((s) => s.stream)).not.toContainEqual(s2.state.stream);
    expect(result.states.length).toBeLessThanOrEqual(1);
  });
});
