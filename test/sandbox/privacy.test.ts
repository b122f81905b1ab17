import { describe, expect, it } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/server.js';
import { APP, AUTH_TOKEN, USERS, call, errorOf, event, get, post, useSandbox } from './http.js';

const DELETION = '/api/public/v0/user_deletion';
const IDENTIFY = '/api/v1/identify';
const KEY = 'privacy-key';
const basic = `Basic ${Buffer.from(`${APP}:${KEY}`).toString('base64')}`;

async function privacySandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return useSandbox({ apiKeys: { [APP]: KEY }, ...options });
}

async function token(sandbox: Sandbox): Promise<string> {
  const answer = await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic } });
  return (answer.json as { access_token: string }).access_token;
}

function deleteUsers(sandbox: Sandbox, bearer: string | undefined, body: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return call(sandbox, DELETION, { body: JSON.stringify(body), headers });
}

describe('/api/public/v0/user_deletion', () => {
  it('accepts a token from auth_token and answers a deletion_request_id, listed by /_sandbox/deletions', async () => {
    const sandbox = await privacySandbox();
    const users = [{ identity: 'alice@example.com' }, { user_id: 1234 }];
    const answer = await deleteUsers(sandbox, await token(sandbox), { users });
    expect(answer.status).toBe(200);
    const id = (answer.json as { deletion_request_id: string }).deletion_request_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(sandbox, '/_sandbox/deletions')).json).toMatchObject([{ deletion_request_id: id, app_id: APP, users }]);
    expect((await get(sandbox, '/_sandbox/summary')).json).toMatchObject({ counters: { deletionRequests: 1 } });
  });

  it('answers 401 without a token, with an unknown one and with an expired one, and never echoes it', async () => {
    let clock = 1_000_000;
    const sandbox = await privacySandbox({ now: () => clock, tokenTtlSeconds: 300 });
    const body = { users: [{ identity: 'alice' }] };
    expect((await deleteUsers(sandbox, undefined, body)).status).toBe(401);
    const unknown = await deleteUsers(sandbox, 'made-up-token', body);
    expect(unknown.status).toBe(401);
    expect(unknown.text).not.toContain('made-up-token');
    const bearer = await token(sandbox);
    clock += 299_999;
    expect((await deleteUsers(sandbox, bearer, body)).status).toBe(200);
    clock += 1;
    const expired = await deleteUsers(sandbox, bearer, body);
    expect(expired.status).toBe(401);
    expect(errorOf(expired)).toBe('authorization: access token expired');
    expect(JSON.stringify(sandbox.store.requests)).not.toContain(bearer);
    expect((await get(sandbox, '/_sandbox/requests')).text).not.toContain(bearer);
  });

  it('accepts 10,000 users and refuses 10,001 whole', async () => {
    const sandbox = await privacySandbox();
    const bearer = await token(sandbox);
    const users = (n: number) => Array.from({ length: n }, (_, i) => ({ identity: `user-${i}` }));
    expect((await deleteUsers(sandbox, bearer, { users: users(10_000) })).status).toBe(200);
    const over = await deleteUsers(sandbox, bearer, { users: users(10_001) });
    expect(over.status).toBe(400);
    expect(errorOf(over)).toBe('users: at most 10000 per request');
    expect(sandbox.store.deletions).toHaveLength(1);
  });

  it.each([
    ['no users', {}, 'users: must be a non-empty array'],
    ['an empty list', { users: [] }, 'users: must be a non-empty array'],
    ['both keys', { users: [{ identity: 'a', user_id: 1 }] }, 'users[0]: must have exactly one of identity or user_id'],
    ['neither key', { users: [{ identity: 'a' }, {}] }, 'users[1]: must have exactly one of identity or user_id'],
    ['an empty identity', { users: [{ identity: '' }] }, 'users[0].identity: must be a non-empty string'],
    ['a long identity', { users: [{ identity: 'x'.repeat(256) }] }, 'users[0].identity: must be at most 255 characters'],
    ['a digit-string user_id', { users: [{ user_id: '1234' }] }, 'users[0].user_id: must be an integer from 0 to 2^53 - 1'],
    ['a negative user_id', { users: [{ user_id: -1 }] }, 'users[0].user_id: must be an integer from 0 to 2^53 - 1'],
    ['a user_id of 2^53', { users: [{ user_id: 2 ** 53 }] }, 'users[0].user_id: must be an integer from 0 to 2^53 - 1'],
    ['an unknown field', { users: [{ identity: 'a' }], app_id: APP }, 'app_id: unknown field'],
  ])('refuses a body with %s with 400, whole', async (_name, body, message) => {
    const sandbox = await privacySandbox();
    const answer = await deleteUsers(sandbox, await token(sandbox), body);
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe(message);
    expect(sandbox.store.deletions).toEqual([]);
  });

  it("removes a stored user's properties and events, in every app_id, and counts the user", async () => {
    const sandbox = await privacySandbox();
    const users = [
      { identity: 'alice', properties: { plan: 'pro' } },
      { identity: 'bob', properties: { plan: 'free' } },
    ];
    await post(sandbox, USERS, { app_id: APP, users });
    await post(sandbox, USERS, { app_id: '42', users: [{ identity: 'alice', properties: { plan: 'pro' } }] });
    await post(sandbox, '/api/track', { app_id: APP, events: [event('alice'), event('bob')] });
    expect((await deleteUsers(sandbox, await token(sandbox), { users: [{ identity: 'alice' }] })).status).toBe(200);
    expect((await get(sandbox, `/_sandbox/users/${APP}/alice`)).status).toBe(404);
    expect((await get(sandbox, '/_sandbox/users/42/alice')).status).toBe(404);
    expect((await get(sandbox, `/_sandbox/users/${APP}/bob`)).json).toEqual({ plan: 'free' });
    expect(sandbox.store.events.map((e) => e.identity)).toEqual(['bob']);
    expect((await get(sandbox, '/_sandbox/summary')).json).toMatchObject({ counters: { usersDeleted: 2 }, users: 1, events: 1 });
  });

  it('deletes by user_id the identity that user_id was identified as', async () => {
    const sandbox = await privacySandbox();
    await post(sandbox, USERS, { app_id: APP, users: [{ identity: 'carol', properties: { plan: 'pro' } }] });
    expect((await post(sandbox, IDENTIFY, { app_id: APP, user_id: '777', identity: 'carol' })).status).toBe(200);
    expect((await deleteUsers(sandbox, await token(sandbox), { users: [{ user_id: 777 }, { user_id: 1 }] })).status).toBe(200);
    expect((await get(sandbox, `/_sandbox/users/${APP}/carol`)).status).toBe(404);
  });

  it('logs the request with its users’ identities, without the Authorization header', async () => {
    const sandbox = await privacySandbox();
    await deleteUsers(sandbox, await token(sandbox), { users: [{ identity: 'alice' }, { user_id: 5 }] });
    expect(sandbox.store.requests.at(-1)).toMatchObject({ path: DELETION, status: 200, itemCount: 2, identities: ['alice', ''] });
  });
});

describe('/api/v1/identify', () => {
  it('records a valid identify, counted in the summary and listed by /_sandbox/identifies', async () => {
    const sandbox = await useSandbox();
    const body = { app_id: APP, user_id: String(2 ** 53 - 1), identity: 'alice', timestamp: '2017-03-10T22:21:56+00:00' };
    expect((await post(sandbox, IDENTIFY, body)).status).toBe(200);
    expect((await get(sandbox, '/_sandbox/identifies')).json).toMatchObject([body]);
    expect((await get(sandbox, '/_sandbox/summary')).json).toMatchObject({ counters: { identifies: 1 } });
    expect(sandbox.store.requests).toMatchObject([{ path: IDENTIFY, status: 200, itemCount: 1, identities: ['alice'] }]);
  });

  it.each([
    ['a numeric user_id', { user_id: 1234 }, 'user_id: must be a string of digits below 2^53'],
    ['a user_id of 2^53', { user_id: String(2 ** 53) }, 'user_id: must be a string of digits below 2^53'],
    ['a user_id with letters', { user_id: '12a' }, 'user_id: must be a string of digits below 2^53'],
    ['no identity', { identity: undefined }, 'identity: must be a non-empty string'],
    ['a long identity', { identity: 'x'.repeat(256) }, 'identity: must be at most 255 characters'],
    ['a bad timestamp', { timestamp: '2017-02-30' }, 'timestamp: must be ISO 8601'],
    ['a numeric app_id', { app_id: 1234 }, 'app_id: must be a string of digits'],
    ['a list of users', { users: [] }, 'users: unknown field'],
  ])('refuses %s with 400', async (_name, override, message) => {
    const sandbox = await useSandbox();
    const answer = await post(sandbox, IDENTIFY, { app_id: APP, user_id: '1234', identity: 'alice', ...override });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe(message);
    expect(sandbox.store.identifies).toEqual([]);
  });

  it('allows one identity per user_id: the same pair again is accepted, another identity is refused', async () => {
    const sandbox = await useSandbox();
    expect((await post(sandbox, IDENTIFY, { app_id: APP, user_id: '1', identity: 'alice' })).status).toBe(200);
    expect((await post(sandbox, IDENTIFY, { app_id: APP, user_id: '1', identity: 'alice' })).status).toBe(200);
    const other = await post(sandbox, IDENTIFY, { app_id: APP, user_id: '1', identity: 'bob' });
    expect(other.status).toBe(400);
    expect(errorOf(other)).toBe('identity: this user_id is already identified as another identity');
    expect((await post(sandbox, IDENTIFY, { app_id: APP, user_id: '2', identity: 'bob' })).status).toBe(200);
    expect(sandbox.store.counters.identifies).toBe(3);
  });
});

describe('faults on the privacy endpoints', () => {
  it('answers an injected 429 with Retry-After on identify and user_deletion, then handles the next request', async () => {
    const sandbox = await privacySandbox({
      faults: {
        rules: [
          { path: IDENTIFY, status: 429, retryAfterSeconds: 3, times: 1 },
          { path: DELETION, status: 503, times: 1 },
        ],
      },
    });
    const body = { app_id: APP, user_id: '1', identity: 'alice' };
    const throttled = await post(sandbox, IDENTIFY, body);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect((await post(sandbox, IDENTIFY, body)).status).toBe(200);
    const bearer = await token(sandbox);
    expect((await deleteUsers(sandbox, bearer, { users: [{ identity: 'alice' }] })).status).toBe(503);
    expect((await deleteUsers(sandbox, bearer, { users: [{ identity: 'alice' }] })).status).toBe(200);
    expect(sandbox.store.deletions).toHaveLength(1);
    expect(sandbox.store.identifies).toHaveLength(1);
  });

  it('accepts the new paths in a fault plan posted to /_sandbox/faults', async () => {
    const sandbox = await useSandbox();
    const plan = { rules: [{ path: IDENTIFY, status: 500 }] };
    expect((await post(sandbox, '/_sandbox/faults', plan)).status).toBe(200);
    expect((await post(sandbox, IDENTIFY, { app_id: APP, user_id: '1', identity: 'a' })).status).toBe(500);
  });
});

describe('token lifetime option', () => {
  it('refuses a tokenTtlSeconds of 0', async () => {
    await expect(useSandbox({ tokenTtlSeconds: 0 })).rejects.toThrow('tokenTtlSeconds');
  });
});
