import { describe, expect, it } from 'vitest';
import { ACCOUNTS, APP, TRACK, USERS, call, event, events, get, post, useSandbox } from './http.js';

describe('track', () => {
  it('accepts a bulk request with 200 and an empty body, and stores every event in order', async () => {
    const sandbox = await useSandbox({ now: () => 1_000 });
    const answer = await post(sandbox, TRACK, { app_id: APP, events: events(3) });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(sandbox.store.events.map((e) => e.identity)).toEqual(['user-0', 'user-1', 'user-2']);
    expect(sandbox.store.events[0]).toEqual({
      app_id: APP,
      identity: 'user-0',
      event: 'Order Completed',
      idempotency_key: 'key-0',
      properties: { plan: 'pro', amount: 12.5 },
      receivedAt: 1_000,
    });
    expect(sandbox.store.counters.eventsAccepted).toBe(3);
  });

  it('accepts the single-event form', async () => {
    const sandbox = await useSandbox();
    const answer = await post(sandbox, TRACK, { app_id: APP, ...event('alice', { timestamp: '2017-03-10T22:21:56+00:00' }) });
    expect(answer.status).toBe(200);
    expect(sandbox.store.events).toMatchObject([{ identity: 'alice', timestamp: '2017-03-10T22:21:56+00:00' }]);
  });

  it('stores an event without properties with an empty properties object', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: [{ identity: 'a', event: 'Signed Up' }] });
    expect(sandbox.store.events[0]?.properties).toEqual({});
  });

  it('logs each request with its item count and the identities in order', async () => {
    const sandbox = await useSandbox({ now: () => 7 });
    await post(sandbox, TRACK, { app_id: APP, events: [event('b'), event('a'), event('b')] });
    expect(sandbox.store.requests).toEqual([
      { path: TRACK, status: 200, receivedAt: 7, itemCount: 3, identities: ['b', 'a', 'b'] },
    ]);
    expect(sandbox.store.counters).toMatchObject({ requests: 1, byStatus: { '200': 1 } });
  });
});

describe('idempotency', () => {
  it('does not store an event again when its idempotency_key was accepted for the app, and still answers 200', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: [event('a', { idempotency_key: 'k1', properties: { v: 1 } })] });
    const again = await post(sandbox, TRACK, {
      app_id: APP,
      events: [event('a', { idempotency_key: 'k1', properties: { v: 2 } }), event('a', { idempotency_key: 'k2' })],
    });
    expect(again.status).toBe(200);
    expect(sandbox.store.events.map((e) => e.idempotency_key)).toEqual(['k1', 'k2']);
    expect(sandbox.store.events[0]?.properties).toEqual({ v: 1 });
    expect(sandbox.store.counters).toMatchObject({ eventsAccepted: 2, eventsDeduplicated: 1 });
  });

  it('deduplicates a key repeated inside one request', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: [event('a', { idempotency_key: 'k' }), event('b', { idempotency_key: 'k' })] });
    expect(sandbox.store.events.map((e) => e.identity)).toEqual(['a']);
  });

  it('keeps the same key apart for different app_ids', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: '1', events: [event('a', { idempotency_key: 'k' })] });
    await post(sandbox, TRACK, { app_id: '2', events: [event('a', { idempotency_key: 'k' })] });
    expect(sandbox.store.events.map((e) => e.app_id)).toEqual(['1', '2']);
  });

  it('stores every event that has no idempotency_key', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, TRACK, { app_id: APP, events: [event('a'), event('a')] });
    expect(sandbox.store.events).toHaveLength(2);
  });
});

describe('user and account properties', () => {
  it('merges user properties, last write wins per key', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'alice', properties: { plan: 'free', seats: 1 } }] });
    const answer = await post(sandbox, USERS, {
      app_id: APP,
      users: [
        { identity: 'alice', properties: { plan: 'pro' } },
        { identity: 'alice', properties: { email: 'a@example.com' } },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expect(sandbox.store.user(APP, 'alice')).toEqual({ plan: 'pro', seats: 1, email: 'a@example.com' });
    expect(sandbox.store.users.get(`${APP}:alice`)).toBe(sandbox.store.user(APP, 'alice'));
    expect(sandbox.store.counters.userUpdates).toBe(3);
  });

  it('accepts the single-user form', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, USERS, { app_id: APP, identity: 'bob', properties: { plan: 'pro' } });
    expect(sandbox.store.user(APP, 'bob')).toEqual({ plan: 'pro' });
  });

  it('merges account properties per account_id, last write wins per key', async () => {
    const sandbox = await useSandbox();
    await post(sandbox, ACCOUNTS, { app_id: APP, accounts: [{ account_id: 'acme', properties: { tier: 'gold', seats: 5 } }] });
    await post(sandbox, ACCOUNTS, { app_id: APP, account_id: 'acme', properties: { seats: 9 } });
    expect(sandbox.store.account(APP, 'acme')).toEqual({ tier: 'gold', seats: 9 });
    expect(sandbox.store.account('999', 'acme')).toBeUndefined();
    expect(sandbox.store.counters.accountUpdates).toBe(2);
  });

  it('stores a "__proto__" property as data without touching the record\'s prototype', async () => {
    const sandbox = await useSandbox();
    // JSON.stringify cannot write an own "__proto__" key from an object literal, so the JSON is by hand.
    const body = `{"app_id":"${APP}","users":[{"identity":"p","properties":{"__proto__":"x"}}]}`;
    const answer = await call(sandbox, USERS, { body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    const record = sandbox.store.user(APP, 'p');
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record ?? {})).toEqual(['__proto__']);
  });
});

describe('routing', () => {
  it('answers 404 to an unknown path and logs it', async () => {
    const sandbox = await useSandbox();
    const answer = await post(sandbox, '/api/identify', { app_id: APP });
    expect(answer.status).toBe(404);
    expect(sandbox.store.requests).toMatchObject([{ path: '/api/identify', status: 404 }]);
  });

  it('answers 405 with Allow: POST to another method on a Heap path', async () => {
    const sandbox = await useSandbox();
    const answer = await get(sandbox, TRACK);
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('POST');
    expect(sandbox.store.counters.byStatus).toEqual({ '405': 1 });
  });
});
