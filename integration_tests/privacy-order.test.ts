/**
 * Order per user (docs/heap.md, "Order per user"): for one identity, a deletion, an identify and
 * that identity's events and property upserts reach Heap in input order: nothing read before a
 * deletion is sent after it, nothing read after it is sent before Heap accepted it. A deletion by
 * user_id is a barrier for every identity (the connector cannot know whose id it is). States are
 * echoed only once Heap accepted every deletion and identify before them.
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite, startWrite } from './harness/commands.js';
import { API_KEY, API_KEYS, deletionsMapping, eventsMapping, heapConfig, identifyMapping, usersMapping } from './harness/config.js';
import { catalog, echoOf, record, streamState, type AirbyteMessage } from './harness/protocol.js';
import { AUTH_TOKEN, IDENTIFY, TRACK, USER_DELETION, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';

const config = (sandbox: Sandbox, extra: Record<string, unknown> = {}) =>
  heapConfig(sandbox, {
    api_key: API_KEY,
    mappings: [
      usersMapping('users'),
      eventsMapping('clicks'),
      deletionsMapping('erasures'),
      deletionsMapping('erasures_by_id', { by: 'user_id' }),
      identifyMapping('identities'),
    ],
    ...extra,
  });
const streams = catalog('users', 'clicks', 'erasures', 'erasures_by_id', 'identities');

/** The accepted requests that carried `identity` (a user_id deletion shows as ''), as their paths, in the order Heap answered them. */
function pathsFor(sandbox: Sandbox, identity: string): string[] {
  return sandbox.store.requests.filter((r) => r.status === 200 && r.identities.includes(identity)).map((r) => r.path);
}

/** The paths of every accepted request but the auth token's, in the order Heap answered them. */
function acceptedPaths(sandbox: Sandbox): string[] {
  return sandbox.store.requests.filter((r) => r.status === 200 && r.path !== AUTH_TOKEN).map((r) => r.path);
}

describe.concurrent('one identity', () => {
  it('upsert, delete, upsert: Heap sees them in that order, and only the later upsert survives', async () => {
    // Slow upserts: without the barrier, the deletion would be answered before the first upsert.
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: USERS, latencyMs: 300 }] } });
    const result = await runWrite({
      config: config(sandbox),
      catalog: streams,
      input: [
        record('users', { user_id: 'ann', plan: 'free', seats: 1 }),
        record('erasures', { user_id: 'ann' }),
        record('users', { user_id: 'ann', plan: 'pro' }),
      ],
    });
    expectClean(result);
    expect(pathsFor(sandbox, 'ann')).toEqual([USERS, USER_DELETION, USERS]);
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro' });
  });

  it('event, delete, event, identify, delete: each reaches Heap after the one before it was accepted', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: TRACK, latencyMs: 300 }] } });
    const result = await runWrite({
      config: config(sandbox),
      catalog: streams,
      input: [
        record('clicks', { user_id: 'bo', n: 1 }),
        record('erasures', { user_id: 'bo' }),
        record('clicks', { user_id: 'bo', n: 2 }),
        record('identities', { user_id: 'bo', heap_user_id: 55 }),
        record('erasures', { user_id: 'bo' }),
      ],
    });
    expectClean(result);
    expect(pathsFor(sandbox, 'bo')).toEqual([TRACK, USER_DELETION, TRACK, IDENTIFY, USER_DELETION]);
  });

  it('other identities do not wait for a deletion (the barrier is per identity)', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: USER_DELETION, latencyMs: 1_500 }] } });
    const result = await runWrite({
      config: config(sandbox, { max_concurrent_requests: 4 }),
      catalog: streams,
      input: [record('erasures', { user_id: 'cy' }), record('clicks', { user_id: 'dee', n: 1 })],
    });
    expectClean(result);
    const order = acceptedPaths(sandbox);
    expect(order).toEqual([TRACK, USER_DELETION]);
  });

  it('a deletion by user_id waits for every identity before it, and every identity after it waits for it', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { rules: [{ path: TRACK, latencyMs: 300 }] } });
    const result = await runWrite({
      config: config(sandbox),
      catalog: streams,
      input: [
        record('clicks', { user_id: 'eve', n: 1 }),
        record('erasures_by_id', { heap_user_id: 808 }),
        record('users', { user_id: 'fay', plan: 'pro' }),
      ],
    });
    expectClean(result);
    expect(acceptedPaths(sandbox)).toEqual([TRACK, USER_DELETION, USERS]);
  });
});

describe.concurrent('states', () => {
  it('are echoed only once Heap accepted the deletions and identifies before them', async () => {
    const sandbox = await useSandbox({ apiKeys: API_KEYS, faults: { latencyMs: 300 } });
    const afterErasure = streamState('erasures', { cursor: 1 });
    const afterIdentify = streamState('identities', { cursor: 1 });
    const violations: string[] = [];
    const onMessage = (message: AirbyteMessage) => {
      if (message.type !== 'STATE') return;
      const stream = (message.state as { stream: { stream_descriptor: { name: string } } }).stream.stream_descriptor.name;
      if (stream === 'erasures' && sandbox.store.deletions.length === 0) violations.push('erasures state before the deletion was accepted');
      if (stream === 'identities' && sandbox.store.identifies.length === 0) violations.push('identities state before the identify was accepted');
    };
    const child = startWrite({ config: config(sandbox), catalog: streams }, { onMessage });
    await child.send(record('erasures', { user_id: 'gus' }), afterErasure, record('identities', { user_id: 'gus', heap_user_id: 9 }), afterIdentify);
    await child.waitForStates(2);
    child.end();
    const result = await child.done;
    expectClean(result);
    expect(violations).toEqual([]);
    expect(result.states).toEqual([echoOf(afterErasure, 1), echoOf(afterIdentify, 1)]);
  });
});
