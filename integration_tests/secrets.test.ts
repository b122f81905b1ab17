/**
 * Contract §1: no secret (api_key) ever appears in any output, and no record value appears in
 * logs. Every command's whole stdout and stderr is searched for a distinctive marker.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, runSpec, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { APP_ID, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { closedLoopbackPort, eventsOf, useSandbox } from './harness/sandbox.js';

const SECRET = 'hk_SECRET_9f2c7a41e8d3b605';
const PII = 'pii-marker-5e1d9a@example.org';

function expectAbsent(result: ConnectorResult, marker: string): void {
  expect(result.stdoutRaw).not.toContain(marker);
  expect(result.stderr).not.toContain(marker);
}

describe('the api_key is never printed', () => {
  it('spec', async () => {
    expectAbsent(await runSpec(), SECRET);
  });

  it('check SUCCEEDED with a valid api_key', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP_ID]: SECRET } });
    const result = await runCheck(heapConfig(sandbox, { api_key: SECRET }));
    expect(result.connectionStatus?.status).toBe('SUCCEEDED');
    expectAbsent(result, SECRET);
  });

  it('check FAILED because the auth-token endpoint refuses the api_key', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP_ID]: 'another-key' } });
    const result = await runCheck(heapConfig(sandbox, { api_key: SECRET }));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expectAbsent(result, SECRET);
  });

  it('check FAILED because another field fails the schema', async () => {
    const sandbox = await useSandbox();
    const result = await runCheck(heapConfig(sandbox, { api_key: SECRET, app_id: 'not-digits', batch_size: 0 }));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expectAbsent(result, SECRET);
  });

  it('check FAILED because the config file is not JSON around the api_key', async () => {
    const result = await runCheck({ raw: `{"app_id": "${APP_ID}", "api_key": ${SECRET}}` });
    expect(result.connectionStatus?.status).toBe('FAILED');
    expectAbsent(result, SECRET);
  });

  it('check FAILED because the host is unreachable', async () => {
    const port = await closedLoopbackPort();
    const result = await runCheck(heapConfig(`http://127.0.0.1:${port}`, { api_key: SECRET, max_retry_seconds: 1 }));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expectAbsent(result, SECRET);
  });

  it('write that succeeds', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { api_key: SECRET, mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input: [record('s', { user_id: 'u', a: 1 }), streamState('s', {})] });
    expect(result.exitCode).toBe(0);
    expectAbsent(result, SECRET);
  });

  it('write that fails on a 401 from Heap', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 401 }] } });
    const config = heapConfig(sandbox, { api_key: SECRET, mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input: [record('s', { user_id: 'u', a: 1 }), streamState('s', {})] });
    expect(result.exitCode).toBe(1);
    expectAbsent(result, SECRET);
  });

  it('write with a config that fails the schema', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { api_key: SECRET, mappings: [] });
    const result = await runWrite({ config, catalog: catalog('s'), input: [] });
    expect(result.exitCode).toBe(1);
    expectAbsent(result, SECRET);
  });

  it('write with a config file that is not JSON around the api_key', async () => {
    const result = await runWrite({ config: { raw: `{"api_key": ${SECRET}}` }, catalog: catalog('s'), input: [] });
    expect(result.exitCode).toBe(1);
    expectAbsent(result, SECRET);
  });
});

describe('record values never appear in the output', () => {
  const config = (sandbox: { url: string }, extra: Record<string, unknown> = {}) =>
    heapConfig(sandbox, { mappings: [eventsMapping('s', { timestamp_field: 'at' })], ...extra });
  const at = '2024-01-01T00:00:00Z';

  it('a record rejected for a missing identity (its other values are not logged)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input: [record('s', { email: PII, at }), streamState('s', {})] });
    expect(result.states[0]?.destinationStats?.rejectedRecordCount).toBe(1);
    expectAbsent(result, PII);
  });

  it('a record rejected for an unparseable timestamp (the bad value is not logged)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input: [record('s', { user_id: 'u', at: PII }), streamState('s', {})] });
    expect(result.states[0]?.destinationStats?.rejectedRecordCount).toBe(1);
    expectAbsent(result, PII);
  });

  it('a record rejected for an identity longer than 255 characters', async () => {
    const sandbox = await useSandbox();
    const identity = `${PII}${'x'.repeat(300)}`;
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input: [record('s', { user_id: identity, at }), streamState('s', {})] });
    expect(result.states[0]?.destinationStats?.rejectedRecordCount).toBe(1);
    expectAbsent(result, PII);
  });

  it('a record rejected with invalid_record_policy "fail" (the TRACE names no value)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({
      config: config(sandbox, { invalid_record_policy: 'fail' }),
      catalog: catalog('s'),
      input: [record('s', { user_id: 'u', at: PII }), streamState('s', {})],
    });
    expect(result.exitCode).toBe(1);
    expectAbsent(result, PII);
  });

  it('a line that is not JSON (its text is not logged)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input: [`{"type":"RECORD","record":{"data":{"email":"${PII}"`, streamState('s', {})] });
    expect(result.exitCode).toBe(0);
    expectAbsent(result, PII);
  });

  it('a record refused by Heap and isolated as a poison record', async () => {
    const sandbox = await useSandbox({ faults: { poisonIdentities: [PII] } });
    const input = [record('s', { user_id: PII, at }), record('s', { user_id: 'fine', at }), streamState('s', {})];
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input });
    expect(result.states[0]?.destinationStats).toEqual({ recordCount: 1, rejectedRecordCount: 1 });
    expectAbsent(result, PII);
  });

  it('a record delivered normally (values are sent to Heap, not to the log)', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({ config: config(sandbox), catalog: catalog('s'), input: [record('s', { user_id: PII, email: PII, at }), streamState('s', {})] });
    expect(eventsOf(sandbox)).toHaveLength(1);
    expectAbsent(result, PII);
  });

  it('a user record whose "id" property is left out', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({
      config: heapConfig(sandbox, { mappings: [usersMapping('s')] }),
      catalog: catalog('s'),
      input: [record('s', { user_id: 'u', Id: PII, name: 'n' }), streamState('s', {})],
    });
    expect(result.exitCode).toBe(0);
    expectAbsent(result, PII);
  });
});
