import { describe, expect, it } from 'vitest';
import { ACCOUNTS, APP, TRACK, USERS, call, event, events, get, post, useSandbox } from './http.js';

describe('admin endpoints', () => {
  it('summarises counters and counts on GET /_sandbox/summary', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: events(3) });
    await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'a', properties: { plan: 'pro' } }] });
    const answer = await get(sandbox, '/_sandbox/summary');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      counters: {
        requests: 2,
        byStatus: { '200': 2 },
        emptyRequests: 0,
        eventsAccepted: 3,
        eventsDeduplicated: 0,
        userUpdates: 1,
        accountUpdates: 0,
        throttled: 0,
        deletionRequests: 0,
        usersDeleted: 0,
        identifies: 0,
      },
      users: 1,
      accounts: 0,
      events: 3,
    });
  });

  it('counts a request with an empty item list (check\'s probe) as such, besides its 400', async () => {
    const sandbox = await useSandbox();
    expect((await post(sandbox, TRACK, { app_id: APP, events: [] })).status).toBe(400);
    await post(sandbox, TRACK, { app_id: APP, events: events(1) });
    await post(sandbox, TRACK, { app_id: APP, events: 'not a list' });
    const counters = (await get(sandbox, '/_sandbox/summary')).json as { emptyRequests: number; byStatus: Record<string, number> };
    expect(counters).toMatchObject({ counters: { emptyRequests: 1, byStatus: { '200': 1, '400': 2 } } });
  });

  it('does not count or log admin requests', async () => {
    const sandbox = await useSandbox();
    await get(sandbox, '/_sandbox/summary');
    await get(sandbox, '/_sandbox/nothing-here');
    expect(sandbox.store.requests).toEqual([]);
    expect(sandbox.store.counters.requests).toBe(0);
  });

  it('answers a user’s and an account’s merged properties, or 404', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, USERS, { app_id: APP, identity: 'team/alice', properties: { plan: 'pro' } });
    await post(sandbox, ACCOUNTS, { app_id: APP, account_id: 'acme', properties: { seats: 3 } });
    expect((await get(sandbox, `/_sandbox/users/${APP}/${encodeURIComponent('team/alice')}`)).json).toEqual({ plan: 'pro' });
    expect((await get(sandbox, `/_sandbox/accounts/${APP}/acme`)).json).toEqual({ seats: 3 });
    const missing = await get(sandbox, `/_sandbox/users/${APP}/nobody`);
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('nobody');
    expect((await get(sandbox, `/_sandbox/accounts/999/acme`)).status).toBe(404);
  });

  it('answers the last N events and requests, 100 by default', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: events(150, 'a').map((e, i) => ({ ...e, properties: { i } })) });
    await post(sandbox, TRACK, { app_id: APP, events: [event('b')] });
    const last2 = (await get(sandbox, '/_sandbox/events?limit=2')).json as { identity: string; properties: unknown }[];
    expect(last2.map((e) => [e.identity, e.properties])).toEqual([['a', { i: 149 }], ['b', { plan: 'pro', amount: 12.5 }]]);
    expect((await get(sandbox, '/_sandbox/events')).json).toHaveLength(100);
    expect((await get(sandbox, '/_sandbox/events?limit=0')).json).toEqual([]);
    const requests = (await get(sandbox, '/_sandbox/requests?limit=1')).json;
    expect(requests).toMatchObject([{ path: TRACK, status: 200, itemCount: 1, identities: ['b'] }]);
  });

  it('refuses a limit that is not a non-negative integer', async () => {
    const sandbox = await useSandbox();
    expect((await get(sandbox, '/_sandbox/events?limit=-1')).status).toBe(400);
    expect((await get(sandbox, '/_sandbox/requests?limit=ten')).status).toBe(400);
  });

  it('sets the fault plan on POST /_sandbox/faults', async () => {
    const sandbox = await useSandbox();
    expect((await post(sandbox, '/_sandbox/faults', { rules: [{ path: TRACK, status: 503, retryAfterSeconds: 2 }] })).status).toBe(200);
    const faulted = await post(sandbox, TRACK, { app_id: APP, events: [event('a')] });
    expect([faulted.status, faulted.headers['retry-after']]).toEqual([503, '2']);
  });

  it('refuses an invalid fault plan with 400 and keeps the current one', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 500 }] } });
    const answer = await post(sandbox, '/_sandbox/faults', { rules: [{ status: 500, typo: 1 }] });
    expect(answer.status).toBe(400);
    expect((answer.json as { error: string }).error).toMatch(/^rules\.0/);
    const notJson = await call(sandbox, '/_sandbox/faults', { body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(500);
  });

  it('clears everything on POST /_sandbox/reset', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: USERS, status: 500 }] } });
    const store = sandbox.store;
    await post(sandbox, TRACK, { app_id: APP, events: [event('a', { idempotency_key: 'k' })] });
    await post(sandbox, '/api/v1/identify', { app_id: APP, user_id: '1', identity: 'a' });
    expect(store.identifies).toHaveLength(1);
    expect((await call(sandbox, '/_sandbox/reset')).status).toBe(200);
    expect(store.identifies).toEqual([]);
    expect(store.deletions).toEqual([]);
    expect(store).toBe(sandbox.store);
    expect(store.events).toEqual([]);
    expect(store.requests).toEqual([]);
    expect(store.counters).toEqual({
      requests: 0,
      byStatus: {},
      emptyRequests: 0,
      eventsAccepted: 0,
      eventsDeduplicated: 0,
      userUpdates: 0,
      accountUpdates: 0,
      throttled: 0,
      deletionRequests: 0,
      usersDeleted: 0,
      identifies: 0,
    });
    // Idempotency keys are forgotten and the fault plan is gone.
    await post(sandbox, TRACK, { app_id: APP, events: [event('a', { idempotency_key: 'k' })] });
    expect(store.events).toHaveLength(1);
    expect((await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'a', properties: {} }] })).status).toBe(200);
  });

  it('answers 405 to the wrong method and 404 to an unknown admin path', async () => {
    const sandbox = await useSandbox();
    const wrong = await call(sandbox, '/_sandbox/summary', { method: 'POST' });
    expect([wrong.status, wrong.headers['allow']]).toEqual([405, 'GET']);
    expect((await get(sandbox, '/_sandbox/reset')).status).toBe(405);
    expect((await get(sandbox, '/_sandbox/users/1')).status).toBe(404);
  });
});
