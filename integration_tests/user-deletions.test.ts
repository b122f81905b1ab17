/**
 * User deletions (docs/heap.md, "User deletions"): each record asks Heap to delete one user, by
 * identity or by Heap's numeric user id, through a mapping or the `user_deletions` destination
 * object. Deletions go with a Bearer token from the auth-token endpoint, up to 10,000 users per
 * request; the token is renewed when Heap refuses it; without a usable api_key the sync is a
 * config_error. Every accepted deletion_request_id is logged and listed, never with the users.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runCheck, runWrite, startWrite } from './harness/commands.js';
import { API_KEY, API_KEYS, APP_ID, deletionsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState } from './harness/protocol.js';
import { AUTH_TOKEN, requestsTo, USER_DELETION, userProps, useSandbox } from './harness/sandbox.js';

const deletionsConfig = (url: string, extra: Record<string, unknown> = {}) =>
  heapConfig(url, { api_key: API_KEY, mappings: [deletionsMapping('erasures'), deletionsMapping('erasures_by_id', { by: 'user_id' })], ...extra });

/** Every LOG message's text, to look for values that must never be there. */
const logText = (result: { logs: { message: string }[] }) => result.logs.map((log) => log.message).join('\n');

describe.concurrent('deleting users', () => {
  it('by identity through a mapping: one request with a Bearer token, the users as {identity}, the state echoed after', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const state = streamState('erasures', { cursor: 2 });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [record('erasures', { user_id: 'ann@example.com' }), record('erasures', { user_id: 4711 }), state],
    });
    expectClean(result);
    expect(sandbox.store.deletions).toHaveLength(1);
    expect(sandbox.store.deletions[0]).toMatchObject({ app_id: APP_ID, users: [{ identity: 'ann@example.com' }, { identity: '4711' }] });
    expect(requestsTo(sandbox, AUTH_TOKEN).map((r) => r.status)).toEqual([200]);
    expect(result.states).toEqual([echoOf(state, 2)]);
  });

  it('by user_id through a mapping: digits (a number or a string) go as JSON numbers; anything else is rejected', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const state = streamState('erasures_by_id', { cursor: 5 });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [
        record('erasures_by_id', { heap_user_id: 1234 }),
        record('erasures_by_id', { heap_user_id: '9007199254740991' }),
        record('erasures_by_id', { heap_user_id: '9007199254740992' }),
        record('erasures_by_id', { heap_user_id: 'abc' }),
        record('erasures_by_id', { heap_user_id: 1.5 }),
        state,
      ],
    });
    expectClean(result);
    expect(sandbox.store.deletions.flatMap((d) => d.users)).toEqual([{ user_id: 1234 }, { user_id: 9007199254740991 }]);
    expect(result.states).toEqual([echoOf(state, 2, 3)]);
  });

  it('through destination_object_name "user_deletions": identity or user_id, exactly one per record', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const state = streamState('gdpr', { cursor: 4 });
    const stream = { ...configuredStream('gdpr'), destination_object_name: 'user_deletions' };
    const result = await runWrite({
      config: { app_id: APP_ID, base_url: sandbox.url, api_key: API_KEY },
      catalog: catalog(stream),
      input: [
        record('gdpr', { identity: 'bo@example.com', reason: 'request 17' }),
        record('gdpr', { user_id: 77 }),
        record('gdpr', { identity: 'x', user_id: 78 }),
        record('gdpr', { reason: 'no user named' }),
        state,
      ],
    });
    expectClean(result);
    expect(sandbox.store.deletions.flatMap((d) => d.users)).toEqual([{ identity: 'bo@example.com' }, { user_id: 77 }]);
    expect(result.states).toEqual([echoOf(state, 2, 2)]);
  });

  it('logs each deletion_request_id and lists it in the summary, never an identity', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [record('erasures', { user_id: 'secret-person@example.com' })],
    });
    expectClean(result);
    const id = sandbox.store.deletions[0]!.deletion_request_id;
    const withId = result.logs.filter((log) => log.message.includes(id));
    // The line when Heap accepted it, and the summary.
    expect(withId.length).toBeGreaterThanOrEqual(2);
    expect(withId.every((log) => log.level === 'INFO')).toBe(true);
    expect(logText(result)).not.toContain('secret-person');
    expect(result.stdoutRaw).not.toContain(API_KEY);
  });

});

// Alone, not beside concurrent tests: a partial batch goes out once the input has been quiet for
// 0.5 s, and a test process busy with other children could pause the input that long.
describe('batches', () => {
  it('sends 10,001 deletions as two requests: 10,000 users, then 1', { timeout: 60_000 }, async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const input = Array.from({ length: 10_001 }, (_, i) => record('erasures', { user_id: `user-${i}` }));
    const result = await runWrite({ config: deletionsConfig(sandbox.url), catalog: catalog('erasures', 'erasures_by_id'), input });
    expectClean(result);
    // Both requests may be in flight at once, and the sandbox logs each when it answers: compare as a set.
    expect(requestsTo(sandbox, USER_DELETION).map((r) => [r.status, r.itemCount]).sort((a, b) => b[1]! - a[1]!)).toEqual([
      [200, 10_000],
      [200, 1],
    ]);
    expect(new Set(sandbox.store.deletions.flatMap((d) => d.users.map((u) => (u as { identity: string }).identity))).size).toBe(10_001);
  });
});

describe.concurrent('the access token', () => {
  it('is renewed once it has expired (sandbox token lifetime 1 s): a 401, a new token, the deletion accepted', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, tokenTtlSeconds: 1 });
    const first = streamState('erasures', { cursor: 1 });
    const second = streamState('erasures', { cursor: 2 });
    const child = startWrite({ config: deletionsConfig(sandbox.url), catalog: catalog('erasures', 'erasures_by_id') });
    await child.send(record('erasures', { user_id: 'first' }), first);
    await child.waitForStates(1);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await child.send(record('erasures', { user_id: 'second' }), second);
    await child.waitForStates(2);
    child.end();
    const result = await child.done;
    expectClean(result);
    expect(requestsTo(sandbox, USER_DELETION).map((r) => r.status)).toEqual([200, 401, 200]);
    expect(requestsTo(sandbox, AUTH_TOKEN).map((r) => r.status)).toEqual([200, 200]);
    expect(result.states).toEqual([echoOf(first, 1), echoOf(second, 1)]);
  });

  it('is renewed when Heap refuses it once (a 401 out of the blue)', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: USER_DELETION, status: 401, times: 1 }] } });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [record('erasures', { user_id: 'ann' })],
    });
    expectClean(result);
    expect(requestsTo(sandbox, AUTH_TOKEN)).toHaveLength(2);
    expect(sandbox.store.deletions.flatMap((d) => d.users)).toEqual([{ identity: 'ann' }]);
  });

  it('refused again right after renewal: config_error, no state echoed past the deletion', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: USER_DELETION, status: 401 }] } });
    const state = streamState('erasures', { cursor: 1 });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [record('erasures', { user_id: 'ann' }), state],
    });
    expectFatal(result, 'config_error');
    expect(requestsTo(sandbox, USER_DELETION)).toHaveLength(2);
    expect(result.states).toEqual([]);
  });
});

describe.concurrent('credentials', () => {
  it('a deletions stream without api_key is a config_error before stdin is read', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const child = startWrite({ config: heapConfig(sandbox.url, { mappings: [deletionsMapping('erasures')] }), catalog: catalog('erasures') });
    // stdin stays open: the run must end on its own.
    const result = await child.done;
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('api_key');
    expect(sandbox.store.requests).toHaveLength(0);
  });

  it('an api_key Heap refuses is a config_error naming app_id and api_key, without the key, and nothing is deleted', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const state = streamState('erasures', { cursor: 1 });
    const result = await runWrite({
      config: deletionsConfig(sandbox.url, { api_key: 'not-the-key-0000' }),
      catalog: catalog('erasures', 'erasures_by_id'),
      input: [record('erasures', { user_id: 'ann' }), state],
    });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('app_id');
    expect(error.message).toContain('api_key');
    expect(result.stdoutRaw).not.toContain('not-the-key-0000');
    expect(requestsTo(sandbox, AUTH_TOKEN).map((r) => r.status)).toEqual([401]);
    expect(requestsTo(sandbox, USER_DELETION)).toHaveLength(0);
    expect(result.states).toEqual([]);
  });

  it('check is FAILED for a config with a user_deletions mapping and no api_key, and SUCCEEDED with the right pair', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS });
    const without = await runCheck(heapConfig(sandbox.url, { mappings: [deletionsMapping('erasures')] }));
    expect(without.connectionStatus?.status).toBe('FAILED');
    expect(without.connectionStatus?.message).toContain('api_key');
    const withKey = await runCheck(deletionsConfig(sandbox.url));
    expect(withKey.connectionStatus?.status).toBe('SUCCEEDED');
  });

  it('events and upserts alone still need no api_key', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({
      config: heapConfig(sandbox.url, { mappings: [usersMapping('users')] }),
      catalog: catalog('users'),
      input: [record('users', { user_id: 'ann', plan: 'pro' })],
    });
    expectClean(result);
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro' });
  });
});
