/**
 * Contract §6: a mapping that names a field the stream's catalog `json_schema` does not declare.
 * An identity (or account id, event name, timestamp, idempotency key) field is a config_error
 * before stdin is read: nothing is sent, no state is echoed, exit 1. An include/exclude/rename
 * field is a WARN and the sync runs. `check_fields_against_catalog: false` skips the check, and
 * `preview` refuses the same config.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { configuredStream, record, streamState, type ConfiguredStream } from './harness/protocol.js';
import { eventsOf, useSandbox } from './harness/sandbox.js';
import { runPreview } from './harness/shell.js';

/** A stream whose schema declares `user.email`, `user.plan`, `seq` and `at`. */
function declaring(name: string): ConfiguredStream {
  const stream = configuredStream(name);
  stream.stream.json_schema = {
    type: 'object',
    properties: {
      seq: { type: 'integer' },
      at: { type: 'string' },
      user: { type: 'object', properties: { email: { type: 'string' }, plan: { type: 'string' } } },
    },
  };
  return stream;
}

const input = [
  record('orders', { seq: 1, at: '2024-03-01T10:00:00Z', user: { email: 'ann@example.com', plan: 'pro' } }),
  record('orders', { seq: 2, at: '2024-03-01T11:00:00Z', user: { email: 'bob@example.com', plan: 'free' } }),
  streamState('orders', { cursor: 2 }),
];

describe.concurrent('mapped fields checked against the catalog schema', () => {
  it('a misspelt identity_field is a config_error before any request: exit 1, no state echoed', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders', { identity_field: 'user.mail' })] });
    const result = await runWrite({ config, catalog: { streams: [declaring('orders')] }, input });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('user.mail');
    expect(error.message).toContain('"user.email"');
    expect(error.message).toContain('check_fields_against_catalog');
    expect(result.states).toEqual([]);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('a "*" mapping is checked against each stream it serves', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('*', { identity_field: 'user.email', timestamp_field: 'created' })] });
    const result = await runWrite({ config, catalog: { streams: [declaring('orders')] }, input });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('created');
    expect(result.states).toEqual([]);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('with check_fields_against_catalog false the sync runs (and the records are rejected one by one)', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, {
      check_fields_against_catalog: false,
      mappings: [eventsMapping('orders', { identity_field: 'user.mail' })],
    });
    const result = await runWrite({ config, catalog: { streams: [declaring('orders')] }, input });
    expectClean(result);
    expect(result.states.map((s) => s.destinationStats)).toEqual([{ recordCount: 0, rejectedRecordCount: 2 }]);
  });

  it('an undeclared exclude_fields entry is a WARN, and every record is delivered', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, {
      mappings: [eventsMapping('orders', { identity_field: 'user.email', exclude_fields: ['user.plna'] })],
    });
    const result = await runWrite({ config, catalog: { streams: [declaring('orders')] }, input });
    expectClean(result);
    expect(result.logs.filter((log) => log.level === 'WARN' && log.message.includes('user.plna'))).toHaveLength(1);
    expect(eventsOf(sandbox)).toHaveLength(2);
    expect(result.states.map((s) => s.destinationStats)).toEqual([{ recordCount: 2, rejectedRecordCount: 0 }]);
  });

  it('a user_properties mapping is checked as well', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [usersMapping('orders', { identity_field: 'email' })] });
    const result = await runWrite({ config, catalog: { streams: [declaring('orders')] }, input });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('"user.email"');
    expect(sandbox.store.requests).toEqual([]);
  });

  it('preview refuses the same config: exit 1, nothing previewed, the field named on stderr', async () => {
    const config = heapConfig('http://127.0.0.1:9', { mappings: [eventsMapping('orders', { identity_field: 'user.mail' })] });
    const result = await runPreview({ config, catalog: { streams: [declaring('orders')] }, input });
    expect(result.exitCode).toBe(1);
    expect(result.preview.records).toEqual([]);
    expect(result.stderr).toContain('user.mail');
    expect(result.stderr).toContain('"user.email"');
  });

  it('a stream whose schema declares no properties is not checked', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders', { identity_field: 'user.email' })] });
    const result = await runWrite({ config, catalog: { streams: [configuredStream('orders')] }, input });
    expectClean(result);
    expect(eventsOf(sandbox)).toHaveLength(2);
  });
});
