/**
 * Server-side identify (docs/heap.md, "Identify"): each record links Heap's numeric user id of an
 * anonymous user to an identity, one item per request, with an optional timestamp, through a
 * mapping or the `identify` destination object. Also: `preview` and `send --stream` with
 * deletions and identifies, and `discover`'s two objects.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runDiscover, runWrite, startWrite } from './harness/commands.js';
import { API_KEY, API_KEYS, APP_ID, deletionsMapping, heapConfig, identifyMapping } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState } from './harness/protocol.js';
import { IDENTIFY, requestsTo, useSandbox } from './harness/sandbox.js';
import { runPreview, runSend } from './harness/shell.js';

describe.concurrent('identify', () => {
  it('sends one request per record, in input order for one identity, with the timestamp in ISO 8601 UTC', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: [0, 40], seed: 3 } });
    const state = streamState('identities', { cursor: 3 });
    const result = await runWrite({
      config: heapConfig(sandbox, { mappings: [identifyMapping('identities', { timestamp_field: 'at' })], max_concurrent_requests: 4 }),
      catalog: catalog('identities'),
      input: [
        record('identities', { user_id: 'ann', heap_user_id: 11, at: '2024-05-01T10:00:00+02:00' }),
        record('identities', { user_id: 'ann', heap_user_id: '12', at: 1714557600 }),
        record('identities', { user_id: 'ann', heap_user_id: 13, at: '2024-05-03' }),
        state,
      ],
    });
    expectClean(result);
    expect(requestsTo(sandbox, IDENTIFY).map((r) => r.itemCount)).toEqual([1, 1, 1]);
    expect(sandbox.store.identifies.map(({ receivedAt: _r, ...item }) => item)).toEqual([
      { app_id: APP_ID, user_id: '11', identity: 'ann', timestamp: '2024-05-01T08:00:00.000Z' },
      { app_id: APP_ID, user_id: '12', identity: 'ann', timestamp: '2024-05-01T10:00:00.000Z' },
      { app_id: APP_ID, user_id: '13', identity: 'ann', timestamp: '2024-05-03T00:00:00.000Z' },
    ]);
    expect(result.states).toEqual([echoOf(state, 3)]);
  });

  it('sends identifies of different identities concurrently, up to max_concurrent_requests', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: [500, 500] } });
    const input = Array.from({ length: 8 }, (_, i) => record('identities', { user_id: `u${i}`, heap_user_id: 100 + i }));
    const result = await runWrite({
      config: heapConfig(sandbox, { mappings: [identifyMapping('identities')], max_concurrent_requests: 8 }),
      catalog: catalog('identities'),
      input,
    });
    expectClean(result);
    expect(requestsTo(sandbox, IDENTIFY).map((r) => r.itemCount)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    // One after another, the eight answers of 500 ms each would span 3.5 s at least.
    const answered = requestsTo(sandbox, IDENTIFY).map((r) => r.receivedAt);
    expect(Math.max(...answered) - Math.min(...answered)).toBeLessThan(2_500);
  });

  it('rejects a record without a usable user_id or identity, and one Heap refuses (a user_id already linked to another identity)', async () => {
    const sandbox = await useSandbox();
    const state = streamState('identities', { cursor: 4 });
    const result = await runWrite({
      config: heapConfig(sandbox, { mappings: [identifyMapping('identities')] }),
      catalog: catalog('identities'),
      input: [
        record('identities', { user_id: 'ann', heap_user_id: 21 }),
        record('identities', { user_id: 'bob', heap_user_id: 21 }),
        record('identities', { user_id: 'cy', heap_user_id: -4 }),
        record('identities', { heap_user_id: 22 }),
        state,
      ],
    });
    expectClean(result);
    expect(sandbox.store.identifies.map((i) => i.identity)).toEqual(['ann']);
    expect(result.states).toEqual([echoOf(state, 1, 3)]);
  });

  it('with invalid_record_policy "fail", an identify Heap refuses fails the sync and no state past it is echoed', async () => {
    const sandbox = await useSandbox();
    const before = streamState('identities', { cursor: 1 });
    const after = streamState('identities', { cursor: 2 });
    const result = await runWrite({
      config: heapConfig(sandbox, { mappings: [identifyMapping('identities')], invalid_record_policy: 'fail' }),
      catalog: catalog('identities'),
      input: [record('identities', { user_id: 'ann', heap_user_id: 41 }), before, record('identities', { user_id: 'bob', heap_user_id: 41 }), after],
    });
    expectFatal(result, 'config_error');
    expect(result.states).toEqual([echoOf(before, 1)]);
  });

  it('through destination_object_name "identify": user_id and identity, timestamp optional, nothing else sent', async () => {
    const sandbox = await useSandbox();
    const stream = { ...configuredStream('links'), destination_object_name: 'identify' };
    const result = await runWrite({
      config: { app_id: APP_ID, base_url: sandbox.url },
      catalog: catalog(stream),
      input: [record('links', { user_id: 31, identity: 'dee', plan: 'pro' }), record('links', { user_id: '32', identity: 'eli', timestamp: '2024-01-02' })],
    });
    expectClean(result);
    expect(sandbox.store.identifies.map(({ receivedAt: _r, ...item }) => item)).toEqual([
      { app_id: APP_ID, user_id: '31', identity: 'dee' },
      { app_id: APP_ID, user_id: '32', identity: 'eli', timestamp: '2024-01-02T00:00:00.000Z' },
    ]);
  });
});

describe.concurrent('preview, send, discover and sync modes', () => {
  it('preview shows the users a deletion would delete and the identifies, sends nothing, and says nothing was deleted', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const config = heapConfig(sandbox, { api_key: API_KEY, mappings: [deletionsMapping('erasures'), identifyMapping('identities')] });
    const result = await runPreview({
      config,
      catalog: catalog('erasures', 'identities'),
      input: [record('erasures', { user_id: 'ann' }), record('identities', { user_id: 'bob', heap_user_id: 5 })],
    });
    expect(result.exitCode).toBe(0);
    expect(result.preview.mapped.map((m) => [m.endpoint, m.item])).toEqual([
      ['/api/public/v0/user_deletion', { identity: 'ann' }],
      ['/api/v1/identify', { user_id: '5', identity: 'bob' }],
    ]);
    expect(result.preview.summary).toMatchObject({ records: 2, mapped: 2, user_deletions: 1, identifies: 1 });
    expect((result.preview.summary as { note?: string }).note).toMatch(/^Nothing was deleted/);
    expect(sandbox.store.requests).toHaveLength(0);
  });

  it('send --stream takes bare JSON objects for a deletions stream and an identify stream', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const config = heapConfig(sandbox, { api_key: API_KEY, mappings: [deletionsMapping('erasures'), identifyMapping('identities')] });
    const deleted = await runSend({ config, args: ['--stream', 'erasures'], input: [{ user_id: 'ann' }, { user_id: 'bob' }] });
    const identified = await runSend({ config, args: ['--stream', 'identities'], input: [{ user_id: 'cy', heap_user_id: 7 }] });
    expect([deleted.exitCode, identified.exitCode]).toEqual([0, 0]);
    expect(sandbox.store.deletions.flatMap((d) => d.users)).toEqual([{ identity: 'ann' }, { identity: 'bob' }]);
    expect(sandbox.store.identifies.map((i) => i.identity)).toEqual(['cy']);
    // The summary on stderr lists the deletion_request_id.
    expect(deleted.stderr).toContain(sandbox.store.deletions[0]!.deletion_request_id);
  });

  it.each([
    ['a user_deletions mapping', { mappings: [deletionsMapping('erasures')], api_key: API_KEY }, {}],
    ['an identify mapping', { mappings: [identifyMapping('erasures')] }, {}],
    ['the user_deletions object', { api_key: API_KEY }, { destination_object_name: 'user_deletions' }],
    ['the identify object', {}, { destination_object_name: 'identify' }],
  ])('the update sync mode on %s is a config_error before stdin is read', async (_what, config, extra) => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const stream = { ...configuredStream('erasures', { destinationSyncMode: 'update' }), ...extra };
    const child = startWrite({ config: { app_id: APP_ID, base_url: sandbox.url, ...config }, catalog: catalog(stream) });
    const result = await child.done;
    expectFatal(result, 'config_error');
    expect(sandbox.store.requests).toHaveLength(0);
  });

  it('discover lists user_deletions (identity or user_id) and identify (user_id and identity required), both append', async () => {
    const result = await runDiscover({ app_id: APP_ID });
    const catalogMessage = result.messages.find((m) => m.type === 'DESTINATION_CATALOG');
    const operations = (catalogMessage?.destination_catalog as { operations: { object_name: string; sync_mode: string; json_schema: Record<string, unknown> }[] }).operations;
    const byName = Object.fromEntries(operations.map((op) => [op.object_name, op]));
    expect(byName.user_deletions).toMatchObject({
      sync_mode: 'append',
      json_schema: { required: [], oneOf: [{ required: ['identity'] }, { required: ['user_id'] }], additionalProperties: true },
    });
    expect(Object.keys(byName.user_deletions!.json_schema.properties as object)).toEqual(['identity', 'user_id']);
    expect(byName.identify).toMatchObject({ sync_mode: 'append', json_schema: { required: ['user_id', 'identity'], additionalProperties: true } });
    expect(Object.keys(byName.identify!.json_schema.properties as object)).toEqual(['user_id', 'identity', 'timestamp']);
    expect(byName.identify).not.toHaveProperty('matching_keys');
  });
});
