import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorResult } from './harness/connector.js';
import { runCheck } from './harness/commands.js';
import { APP_ID, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { AUTH_TOKEN, closedLoopbackPort, eventsOf, requestsTo, useSandbox, type Sandbox } from './harness/sandbox.js';

const API_KEY = 'check-api-key-0123456789';

/** check prints exactly one CONNECTION_STATUS and exits 0, whatever the outcome. */
function statusOf(result: ConnectorResult) {
  expect(result.exitCode).toBe(0);
  expect(result.connectionStatuses).toHaveLength(1);
  expect(result.messages.filter((m) => m.type !== 'LOG').map((m) => m.type)).toEqual(['CONNECTION_STATUS']);
  return result.connectionStatus!;
}

describe('a valid config and a reachable Heap host', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;

  beforeAll(async () => {
    sandbox = await useSandbox();
    result = await runCheck(heapConfig(sandbox));
  });

  it('SUCCEEDED', () => {
    expect(statusOf(result).status).toBe('SUCCEEDED');
  });

  it('tracks nothing when send_test_event is not set', () => {
    expect(eventsOf(sandbox)).toEqual([]);
  });
});

describe.concurrent('check succeeds', () => {
  it('SUCCEEDED when the host answers a 4xx (ingestion has no credential check: the host is reachable)', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 404 }] } });
    const status = statusOf(await runCheck(heapConfig(sandbox)));
    expect(status.status).toBe('SUCCEEDED');
  });

  it('SUCCEEDED when the api_key matches the app_id at the auth-token endpoint', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP_ID]: API_KEY } });
    const status = statusOf(await runCheck(heapConfig(sandbox, { api_key: API_KEY })));
    expect(status.status).toBe('SUCCEEDED');
    expect(requestsTo(sandbox, AUTH_TOKEN).length).toBeGreaterThanOrEqual(1);
  });
});

describe.concurrent('check fails (exit 0, status FAILED)', () => {
  it('FAILED naming app_id when app_id is not a string of digits', async () => {
    const sandbox = await useSandbox();
    const status = statusOf(await runCheck(heapConfig(sandbox, { app_id: 'abc' })));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('app_id');
  });

  it('SUCCEEDED without a mappings field (streams that name a destination object need none)', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox);
    delete config.mappings;
    expect(statusOf(await runCheck(config)).status).toBe('SUCCEEDED');
  });

  it('FAILED naming mappings when mappings is not a list', async () => {
    const sandbox = await useSandbox();
    const status = statusOf(await runCheck(heapConfig(sandbox, { mappings: { stream: 'orders' } })));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('mappings');
  });

  it('FAILED naming the field for an unknown config key (a typo)', async () => {
    const sandbox = await useSandbox();
    const status = statusOf(await runCheck(heapConfig(sandbox, { bach_size: 10 })));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('bach_size');
  });

  it('FAILED when an events mapping sets both event_name and event_name_field', async () => {
    const sandbox = await useSandbox();
    const mapping = eventsMapping('events', { event_name: 'A', event_name_field: 'kind' });
    const status = statusOf(await runCheck(heapConfig(sandbox, { mappings: [mapping] })));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('event_name');
  });

  it('FAILED when a user-properties mapping renames a field to "id" (any casing)', async () => {
    const sandbox = await useSandbox();
    const mapping = usersMapping('users', { rename_fields: [{ from: 'external_id', to: 'ID' }] });
    const status = statusOf(await runCheck(heapConfig(sandbox, { mappings: [mapping] })));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED before any network call for plain http:// to a non-loopback host', async () => {
    const status = statusOf(await runCheck(heapConfig('http://example.com')));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('base_url');
  });

  it('FAILED when nothing listens on the host (connection refused)', async () => {
    const port = await closedLoopbackPort();
    const status = statusOf(await runCheck(heapConfig(`http://127.0.0.1:${port}`, { max_retry_seconds: 2 })));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED when the host answers 500', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 500 }] } });
    const status = statusOf(await runCheck(heapConfig(sandbox, { max_retry_seconds: 2 })));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED when the host does not answer within request_timeout_seconds', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: 5_000 } });
    const config = heapConfig(sandbox, { request_timeout_seconds: 1, max_retry_seconds: 1 });
    const status = statusOf(await runCheck(config));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED when the auth-token endpoint refuses the api_key', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP_ID]: API_KEY } });
    const status = statusOf(await runCheck(heapConfig(sandbox, { api_key: 'not-the-right-key' })));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED when the api_key belongs to another app', async () => {
    const sandbox = await useSandbox({ apiKeys: { '999': API_KEY } });
    const status = statusOf(await runCheck(heapConfig(sandbox, { api_key: API_KEY })));
    expect(status.status).toBe('FAILED');
  });

  it('FAILED naming the file when the config file does not exist', async () => {
    const status = statusOf(await runCheck({ missing: true }));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('no-such-config.json');
  });

  it('FAILED naming the file when the config file is not JSON', async () => {
    const status = statusOf(await runCheck({ raw: '{ "app_id": "4242", ' }));
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('config.json');
  });
});

describe('check with send_test_event', () => {
  let sandbox: Sandbox;
  let first: ConnectorResult;
  let eventsAfterFirst: number;
  let second: ConnectorResult;

  beforeAll(async () => {
    sandbox = await useSandbox();
    const config = heapConfig(sandbox, { send_test_event: true });
    first = await runCheck(config);
    eventsAfterFirst = eventsOf(sandbox).length;
    second = await runCheck(config);
  });

  it('SUCCEEDED after tracking exactly one test event', () => {
    expect(statusOf(first).status).toBe('SUCCEEDED');
    expect(eventsAfterFirst).toBe(1);
  });

  it('a repeated check SUCCEEDED and added no second event (fixed idempotency key)', () => {
    expect(statusOf(second).status).toBe('SUCCEEDED');
    expect(eventsOf(sandbox)).toHaveLength(1);
  });

  it('FAILED when Heap refuses the test event (400 on track: reachable, but nothing tracked)', async () => {
    const own = await useSandbox({ faults: { rules: [{ path: '/api/track', status: 400 }] } });
    const status = statusOf(await runCheck(heapConfig(own, { send_test_event: true, max_retry_seconds: 2 })));
    expect(status.status).toBe('FAILED');
  });
});
