import { describe, expect, it } from 'vitest';
import { APP, TRACK, USERS, errorOf, event, events, post, useSandbox } from './http.js';

/** A clock the test moves by hand. */
function manualClock(start = 0) {
  let now = start;
  return { now: () => now, set: (ms: number) => void (now = ms) };
}

describe('rate limits on /api/track', () => {
  it('refuses the event past the per-identity limit with 429, Retry-After and a counted throttle', async () => {
    const clock = manualClock();
    const sandbox = await useSandbox({ now: clock.now, rateLimits: { eventsPerIdentityPerWindow: 3, windowMs: 10_000 } });
    expect((await post(sandbox, TRACK, { app_id: APP, events: events(3, 'alice') })).status).toBe(200);
    clock.set(2_500);
    const refused = await post(sandbox, TRACK, { app_id: APP, events: [event('bob'), event('alice')] });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('8'); // 7.5 s until t=10 000, rounded up
    expect(errorOf(refused)).toBe('rate limit: more than 3 events per 10000 ms for the events[1].identity');
    expect(errorOf(refused)).not.toContain('alice');
    expect(sandbox.store.counters.throttled).toBe(1);
    expect(sandbox.store.events).toHaveLength(3);
  });

  it('refuses past the per-app limit across identities', async () => {
    const clock = manualClock();
    const sandbox = await useSandbox({ now: clock.now, rateLimits: { eventsPerAppPerWindow: 5, windowMs: 60_000 } });
    await post(sandbox, TRACK, { app_id: APP, events: events(5) });
    clock.set(10_000);
    const refused = await post(sandbox, TRACK, { app_id: APP, events: [event('someone-new')] });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(errorOf(refused)).toBe(`rate limit: more than 5 events per 60000 ms for app_id ${APP}`);
    expect((await post(sandbox, TRACK, { app_id: '42', events: [event('x')] })).status).toBe(200);
  });

  it('slides: admits again as soon as the oldest events leave the window', async () => {
    const clock = manualClock();
    const sandbox = await useSandbox({ now: clock.now, rateLimits: { eventsPerIdentityPerWindow: 3, windowMs: 1_000 } });
    const send = (n: number) => post(sandbox, TRACK, { app_id: APP, events: events(n, 'a') }).then((a) => a.status);
    expect(await send(2)).toBe(200); // t=0: 2
    clock.set(500);
    expect(await send(1)).toBe(200); // t=500: 3 in window
    clock.set(999);
    expect(await send(1)).toBe(429);
    clock.set(1_000); // the 2 from t=0 left; the 1 from t=500 stays
    expect(await send(2)).toBe(200);
    clock.set(1_200);
    expect(await send(1)).toBe(429);
    clock.set(1_500);
    expect(await send(1)).toBe(200);
  });

  it('sends Retry-After of at least 1 second', async () => {
    const clock = manualClock();
    const sandbox = await useSandbox({ now: clock.now, rateLimits: { eventsPerIdentityPerWindow: 1, windowMs: 1_000 } });
    await post(sandbox, TRACK, { app_id: APP, events: [event('a')] });
    clock.set(999);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).headers['retry-after']).toBe('1');
  });

  it('lets refused requests consume no budget', async () => {
    const clock = manualClock();
    const sandbox = await useSandbox({ now: clock.now, rateLimits: { eventsPerIdentityPerWindow: 3 } });
    const send = (n: number) => post(sandbox, TRACK, { app_id: APP, events: events(n, 'a') }).then((a) => a.status);
    expect(await send(2)).toBe(200);
    expect(await send(2)).toBe(429);
    expect(await send(2)).toBe(429);
    expect(await send(1)).toBe(200);
  });

  it('refuses a request that alone exceeds a limit, with a Retry-After of one window', async () => {
    const sandbox = await useSandbox({ rateLimits: { eventsPerIdentityPerWindow: 2, windowMs: 30_000 } });
    const refused = await post(sandbox, TRACK, { app_id: APP, events: events(3, 'a') });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(errorOf(refused)).toContain('the request alone exceeds it');
  });

  it('counts single-form events too', async () => {
    const sandbox = await useSandbox({ now: () => 0, rateLimits: { eventsPerIdentityPerWindow: 1 } });
    expect((await post(sandbox, TRACK, { app_id: APP, ...event('a') })).status).toBe(200);
    const refused = await post(sandbox, TRACK, { app_id: APP, ...event('a') });
    expect(refused.status).toBe(429);
    expect(errorOf(refused)).toBe('rate limit: more than 1 events per 60000 ms for the identity');
  });

  it('counts events that turn out to be duplicates: Heap throttles what it receives', async () => {
    const sandbox = await useSandbox({ now: () => 0, rateLimits: { eventsPerIdentityPerWindow: 1 } });
    const same = { app_id: APP, events: [event('a', { idempotency_key: 'k' })] };
    expect((await post(sandbox, TRACK, same)).status).toBe(200);
    expect((await post(sandbox, TRACK, same)).status).toBe(429);
  });

  it('applies Heap’s defaults: 1000 events per identity per minute', async () => {
    const sandbox = await useSandbox({ now: () => 0 });
    expect((await post(sandbox, TRACK, { app_id: APP, events: events(1000, 'a') })).status).toBe(200);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).headers['retry-after']).toBe('60');
  });

  it('treats 0 as unlimited', async () => {
    const sandbox = await useSandbox({ now: () => 0, rateLimits: { eventsPerAppPerWindow: 0, eventsPerIdentityPerWindow: 0 } });
    for (let i = 0; i < 20; i++) {
      expect((await post(sandbox, TRACK, { app_id: APP, events: events(1000, 'a') })).status).toBe(200);
    }
  });

  it('does not limit user property updates', async () => {
    const sandbox = await useSandbox({ now: () => 0, rateLimits: { eventsPerIdentityPerWindow: 1, eventsPerAppPerWindow: 1 } });
    for (let i = 0; i < 3; i++) {
      expect((await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'a', properties: { n: i } }] })).status).toBe(200);
    }
  });

  it('forgets its windows on reset()', async () => {
    const sandbox = await useSandbox({ now: () => 0, rateLimits: { eventsPerIdentityPerWindow: 1 } });
    await post(sandbox, TRACK, { app_id: APP, events: [event('a')] });
    sandbox.reset();
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(200);
  });
});
