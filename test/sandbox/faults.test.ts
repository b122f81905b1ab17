import { describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { FaultInjector } from '../../src/sandbox/fault-injector.js';
import { parseFaultPlan } from '../../src/sandbox/faults.js';
import { seededRandom } from '../../src/sandbox/prng.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { ACCOUNTS, APP, AUTH_TOKEN, TRACK, USERS, errorOf, event, events, post, useSandbox } from './http.js';

const batch = { app_id: APP, events: events(2) };

describe('fault rules answer with a status instead of handling the request', () => {
  it('answers the status with a JSON error, sends Retry-After, and changes nothing in the store', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 503, retryAfterSeconds: 7 }] } });
    const answer = await post(sandbox, TRACK, batch);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(errorOf(answer)).toBe('sandbox fault: injected 503');
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.counters).toMatchObject({ eventsAccepted: 0, byStatus: { '503': 1 } });
    expect(sandbox.store.requests).toMatchObject([{ path: TRACK, status: 503, itemCount: 2, identities: ['user-0', 'user-1'] }]);
  });

  it('sends no Retry-After unless the rule asks for one', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 429 }] } });
    const answer = await post(sandbox, TRACK, batch);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBeUndefined();
    expect(sandbox.store.counters.throttled).toBe(0);
  });

  it('sends the rule’s body, as text/plain unless it is JSON', async () => {
    const sandbox = await useSandbox({
      faults: { rules: [{ path: TRACK, status: 400, body: 'Bad request' }, { path: USERS, status: 500, body: '{"oops":1}' }] },
    });
    const text = await post(sandbox, TRACK, batch);
    expect([text.status, text.text, text.headers['content-type']]).toEqual([400, 'Bad request', 'text/plain; charset=utf-8']);
    const json = await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'a', properties: {} }] });
    expect([json.status, json.json, json.headers['content-type']]).toEqual([500, { oops: 1 }, 'application/json; charset=utf-8']);
  });

  it('faults only the rule’s path', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: ACCOUNTS, status: 500 }] } });
    expect((await post(sandbox, TRACK, batch)).status).toBe(200);
    expect((await post(sandbox, ACCOUNTS, { app_id: APP, accounts: [{ account_id: 'a', properties: {} }] })).status).toBe(500);
  });

  it('faults the auth_token endpoint too', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: 'k' }, faults: { rules: [{ path: AUTH_TOKEN, status: 500 }] } });
    const answer = await post(sandbox, AUTH_TOKEN, {});
    expect(answer.status).toBe(500);
  });

  it('fires a fault before validation: even an invalid body gets the fault status', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 502 }] } });
    expect((await post(sandbox, TRACK, { nonsense: true })).status).toBe(502);
  });

  it('skips the first `after` matching requests and fires at most `times` times', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status: 500, after: 1, times: 2 }] } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(sandbox, TRACK, { app_id: APP, events: [event(`u${i}`)] })).status);
    expect(statuses).toEqual([200, 500, 500, 200, 200]);
    expect(sandbox.store.events.map((e) => e.identity)).toEqual(['u0', 'u3', 'u4']);
  });

  it('fires a rule with probability p when the random draw is below p', async () => {
    const draws = [0.9, 0.1, 0.5];
    const sandbox = await useSandbox({ random: () => draws.shift() ?? 0, faults: { rules: [{ status: 500, probability: 0.5 }] } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(sandbox, TRACK, batch)).status);
    expect(statuses).toEqual([200, 500, 200]);
  });

  it('replaces the plan, and its counts, on setFaults()', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 500, times: 1 }] } });
    expect((await post(sandbox, TRACK, batch)).status).toBe(500);
    expect((await post(sandbox, TRACK, batch)).status).toBe(200);
    sandbox.setFaults({ rules: [{ status: 503, times: 1 }] });
    expect((await post(sandbox, TRACK, batch)).status).toBe(503);
  });

  it('clears faults on reset()', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 500 }] } });
    sandbox.reset();
    expect((await post(sandbox, TRACK, batch)).status).toBe(200);
  });
});

describe('connection resets', () => {
  it('destroys the socket without answering, logs status 0 and stores nothing', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ reset: true, times: 1 }] } });
    await expect(post(sandbox, TRACK, batch)).rejects.toThrow();
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.requests).toMatchObject([{ path: TRACK, status: 0, itemCount: 2 }]);
    expect(sandbox.store.counters.byStatus).toEqual({ '0': 1 });
    expect((await post(sandbox, TRACK, batch)).status).toBe(200);
  });
});

describe('latency', () => {
  it('delays every request by the plan’s latency before handling it', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: 150 } });
    const started = performance.now();
    expect((await post(sandbox, TRACK, batch)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140); // a lower bound only: timers never fire early by more than rounding
  });

  it('delays only the requests a latency rule matches', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, latencyMs: 400 }] } });
    const order: string[] = [];
    const slow = post(sandbox, TRACK, batch).then(() => order.push('track'));
    const fast = post(sandbox, USERS, { app_id: APP, users: [{ identity: 'a', properties: {} }] }).then(() => order.push('users'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['users', 'track']);
  });

  it('draws a random latency in [min, max] from the seeded generator, the same for the same seed', () => {
    const plan = { latencyMs: [100, 200] as [number, number] };
    const a = new FaultInjector(plan, seededRandom(7));
    const b = new FaultInjector(plan, seededRandom(7));
    const delays = Array.from({ length: 20 }, () => a.decide(TRACK).delayMs);
    expect(delays).toEqual(Array.from({ length: 20 }, () => b.decide(TRACK).delayMs));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(200);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('lets close() end requests still waiting on latency, promptly', async () => {
    const sandbox = await startSandbox({ faults: { latencyMs: 60_000 } });
    const pending = post(sandbox, TRACK, batch);
    await delay(100); // long enough for the request to reach the server and start waiting
    await sandbox.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('poison values', () => {
  it('refuses a bulk request whose item has a listed property value whole, naming the index and not the value', async () => {
    const sandbox = await useSandbox({ faults: { poisonValues: ['broken-value'] } });
    const users = [{ identity: 'a', properties: { plan: 'pro' } }, { identity: 'b', properties: { plan: 'broken-value' } }];
    const answer = await post(sandbox, USERS, { app_id: APP, users });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe("users[1].properties: refused by the sandbox's fault plan (poison value)");
    expect(answer.text).not.toContain('broken-value');
    expect(sandbox.store.users.size).toBe(0);
  });
});

describe('poison identities', () => {
  it('refuses a bulk request containing a poisoned identity whole, naming the index and not the identity', async () => {
    const sandbox = await useSandbox({ faults: { poisonIdentities: ['mallory@example.com'] } });
    const answer = await post(sandbox, TRACK, { app_id: APP, events: [event('a'), event('b'), event('mallory@example.com')] });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe("events[2].identity: refused by the sandbox's fault plan (poison identity)");
    expect(answer.text).not.toContain('mallory');
    expect(sandbox.store.events).toEqual([]);
  });

  it('poisons account ids on the account endpoint and identities on the user endpoint, single forms included', async () => {
    const sandbox = await useSandbox({ faults: { poisonIdentities: ['bad'] } });
    const account = await post(sandbox, ACCOUNTS, { app_id: APP, account_id: 'bad', properties: {} });
    expect(errorOf(account)).toBe("account_id: refused by the sandbox's fault plan (poison identity)");
    const user = await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'ok', properties: {} }, { identity: 'bad', properties: {} }] });
    expect(errorOf(user)).toBe("users[1].identity: refused by the sandbox's fault plan (poison identity)");
    expect(sandbox.store.users.size + sandbox.store.accounts.size).toBe(0);
  });

  it('accepts the same request once the poisoned item is left out', async () => {
    const sandbox = await useSandbox({ faults: { poisonIdentities: ['bad'] } });
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a'), event('bad')] })).status).toBe(400);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(200);
  });
});

describe('fault plans are checked', () => {
  it.each([
    ['a rule that does nothing', { rules: [{ path: TRACK }] }, 'rules.0: a rule must set status, reset or latencyMs'],
    ['an unknown path', { rules: [{ path: '/api/identify', status: 500 }] }, 'rules.0.path'],
    ['an unknown key', { rules: [{ status: 500, retries: 2 }] }, 'rules.0'],
    ['a status and a reset together', { rules: [{ status: 500, reset: true }] }, 'rules.0: a rule cannot both answer'],
    ['a Retry-After without status', { rules: [{ reset: true, retryAfterSeconds: 1 }] }, 'rules.0: retryAfterSeconds and body need a status'],
    ['a probability above 1', { rules: [{ status: 500, probability: 2 }] }, 'rules.0.probability'],
    ['a latency range with min above max', { latencyMs: [200, 100] }, 'latencyMs'],
  ])('refuses %s', (_rule, plan, message) => {
    const result = parseFaultPlan(plan);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('throws from setFaults() and startSandbox() on an invalid plan', async () => {
    const sandbox = await useSandbox();
    expect(() => sandbox.setFaults({ rules: [{}] })).toThrow(/faults: rules.0/);
    await expect(startSandbox({ faults: { rules: [{ status: 99 }] } })).rejects.toThrow(/faults: rules.0.status/);
  });
});

describe('seeded plans', () => {
  it('replay the same faults for the same seed', async () => {
    const plan = { seed: 42, rules: [{ status: 500, probability: 0.5 }] };
    const run = async () => {
      const sandbox = await useSandbox({ faults: plan });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await post(sandbox, TRACK, batch)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });
});
