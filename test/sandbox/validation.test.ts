import { describe, expect, it } from 'vitest';
import { ACCOUNTS, APP, TRACK, USERS, call, errorOf, event, events, post, useSandbox } from './http.js';

/** Marks invalid values so each row can assert the message never repeats them. */
const SECRET = 'SeCrEt';
const long = (n: number) => SECRET + 'x'.repeat(n - SECRET.length);
const astral = '𝒜'; // one code point, two UTF-16 units

interface Row {
  rule: string;
  path: string;
  body: unknown;
  /** The whole message, or its start. */
  message: string;
}

const rows: Row[] = [
  { rule: 'a body that is not a JSON object', path: TRACK, body: [event('a')], message: 'body: must be a JSON object' },
  { rule: 'a missing app_id', path: TRACK, body: { events: [event('a')] }, message: 'app_id: is required' },
  { rule: 'an app_id with letters', path: TRACK, body: { app_id: `12${SECRET}`, events: [event('a')] }, message: 'app_id: must be a string of digits' },
  { rule: 'a numeric app_id', path: TRACK, body: { app_id: 123, events: [event('a')] }, message: 'app_id: must be a string of digits' },
  { rule: 'an empty events list', path: TRACK, body: { app_id: APP, events: [] }, message: 'events: must have 1 to 1000 items, got 0' },
  { rule: '1001 events', path: TRACK, body: { app_id: APP, events: events(1001) }, message: 'events: must have 1 to 1000 items, got 1001' },
  { rule: 'events that is not a list', path: TRACK, body: { app_id: APP, events: { 0: event('a') } }, message: 'events: must be an array' },
  { rule: 'an unknown top-level key', path: TRACK, body: { app_id: APP, events: [event('a')], region: 'eu' }, message: 'body: unknown key "region"' },
  { rule: 'an unknown event key', path: TRACK, body: { app_id: APP, events: [event('a'), event('b', { user_id: 7 })] }, message: 'events[1]: unknown key "user_id"' },
  { rule: 'an event that is not an object', path: TRACK, body: { app_id: APP, events: [event('a'), SECRET] }, message: 'events[1]: must be an object' },
  { rule: 'a missing identity', path: TRACK, body: { app_id: APP, events: [{ event: 'e' }] }, message: 'events[0].identity: is required' },
  { rule: 'an empty identity', path: TRACK, body: { app_id: APP, events: [event('')] }, message: 'events[0].identity: must be a non-empty string of at most 255 characters' },
  { rule: 'an identity of 256 characters', path: TRACK, body: { app_id: APP, events: [event('a'), event('b'), event('c'), event(long(256))] }, message: 'events[3].identity: must be a non-empty string of at most 255 characters' },
  { rule: 'a numeric identity', path: TRACK, body: { app_id: APP, events: [event(12345 as unknown as string)] }, message: 'events[0].identity: must be a non-empty string' },
  { rule: 'a missing event name', path: TRACK, body: { app_id: APP, events: [{ identity: 'a' }] }, message: 'events[0].event: is required' },
  { rule: 'an empty event name', path: TRACK, body: { app_id: APP, events: [event('a', { event: '' })] }, message: 'events[0].event: must be a non-empty string of at most 1024 characters' },
  { rule: 'an event name of 1025 characters', path: TRACK, body: { app_id: APP, events: [event('a', { event: long(1025) })] }, message: 'events[0].event: must be a non-empty string of at most 1024 characters' },
  { rule: 'a timestamp that is not ISO 8601', path: TRACK, body: { app_id: APP, events: [event('a', { timestamp: `${SECRET} yesterday` })] }, message: 'events[0].timestamp: must be an ISO 8601 date-time' },
  { rule: 'a timestamp on a day that does not exist', path: TRACK, body: { app_id: APP, events: [event('a', { timestamp: '2017-02-29T10:00:00Z' })] }, message: 'events[0].timestamp: must be an ISO 8601 date-time' },
  { rule: 'a numeric timestamp', path: TRACK, body: { app_id: APP, events: [event('a', { timestamp: 1489184516000 })] }, message: 'events[0].timestamp: must be an ISO 8601 date-time' },
  { rule: 'an empty idempotency_key', path: TRACK, body: { app_id: APP, events: [event('a', { idempotency_key: '' })] }, message: 'events[0].idempotency_key: must be a non-empty string' },
  { rule: 'properties that are a list', path: TRACK, body: { app_id: APP, events: [event('a', { properties: [SECRET] })] }, message: 'events[0].properties: must be an object whose values are numbers or strings' },
  { rule: 'a boolean property value', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { trial: true } })] }, message: 'events[0].properties: key "trial" value must be a number or a string of fewer than 1024 characters' },
  { rule: 'a null property value', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { plan: null } })] }, message: 'events[0].properties: key "plan" value must be a number or a string of fewer than 1024 characters' },
  { rule: 'a nested object property value', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { plan: { name: SECRET } } })] }, message: 'events[0].properties: key "plan" value must be' },
  { rule: 'an array property value', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { tags: [SECRET] } })] }, message: 'events[0].properties: key "tags" value must be' },
  { rule: 'a property value of 1024 characters', path: TRACK, body: { app_id: APP, events: [event('a'), event('b'), event('c'), event('d', { properties: { plan: long(1024) } })] }, message: 'events[3].properties: key "plan" value must be a number or a string of fewer than 1024 characters' },
  { rule: 'a property key of 1024 characters', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { ['k'.repeat(1024)]: 1 } })] }, message: 'events[0].properties: key "kkkk' },
  { rule: 'a user property named "Id"', path: USERS, body: { app_id: APP, users: [{ identity: 'a', properties: { Id: SECRET } }] }, message: 'users[0].properties: key "Id" is not allowed' },
  { rule: 'a user without properties', path: USERS, body: { app_id: APP, users: [{ identity: 'a' }] }, message: 'users[0].properties: is required' },
  { rule: 'a user without identity', path: USERS, body: { app_id: APP, users: [{ properties: {} }] }, message: 'users[0].identity: is required' },
  { rule: 'an unknown user key', path: USERS, body: { app_id: APP, users: [{ identity: 'a', properties: {}, email: SECRET }] }, message: 'users[0]: unknown key "email"' },
  { rule: '1001 users', path: USERS, body: { app_id: APP, users: Array.from({ length: 1001 }, (_, i) => ({ identity: `u${i}`, properties: {} })) }, message: 'users: must have 1 to 1000 items, got 1001' },
  { rule: 'an account without account_id', path: ACCOUNTS, body: { app_id: APP, accounts: [{ properties: {} }] }, message: 'accounts[0].account_id: is required' },
  { rule: 'an account_id of 256 characters', path: ACCOUNTS, body: { app_id: APP, accounts: [{ account_id: long(256), properties: {} }] }, message: 'accounts[0].account_id: must be a non-empty string of at most 255 characters' },
  { rule: 'an account property value that is a boolean', path: ACCOUNTS, body: { app_id: APP, accounts: [{ account_id: 'acme', properties: { paid: false } }] }, message: 'accounts[0].properties: key "paid" value must be' },
  { rule: 'a single-form event without identity', path: TRACK, body: { app_id: APP, event: 'e' }, message: 'identity: is required' },
  { rule: 'a single-form event with an unknown key', path: TRACK, body: { app_id: APP, identity: 'a', event: 'e', user_id: 1 }, message: 'body: unknown key "user_id"' },
  { rule: 'a single-form user with a long identity', path: USERS, body: { app_id: APP, identity: long(300), properties: {} }, message: 'identity: must be a non-empty string of at most 255 characters' },
  { rule: 'a single-form account with an invalid property', path: ACCOUNTS, body: { app_id: APP, account_id: 'acme', properties: { seats: [1] } }, message: 'properties: key "seats" value must be' },
];

describe('validation refuses the whole request with 400 and a message naming the path', () => {
  it.each(rows)('refuses $rule', async ({ path, body, message }) => {
    const sandbox = await useSandbox();
    const answer = await post(sandbox, path, body);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const error = errorOf(answer);
    expect(error.startsWith(message), `"${error}" should start with "${message}"`).toBe(true);
    expect(error).not.toContain(SECRET);
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.users.size + sandbox.store.accounts.size).toBe(0);
    expect(sandbox.store.requests.map((r) => r.status)).toEqual([400]);
  });

  it('refuses a body that is not JSON', async () => {
    const sandbox = await useSandbox();
    const answer = await call(sandbox, TRACK, { body: `{"app_id": "1", ${SECRET}`, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe('body: must be valid JSON');
  });

  it('refuses a Content-Type other than application/json', async () => {
    const sandbox = await useSandbox();
    const body = JSON.stringify({ app_id: APP, events: [event('a')] });
    const answer = await call(sandbox, TRACK, { body, headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toBe('headers.content-type: must be application/json');
  });

  it('accepts application/json with a charset parameter', async () => {
    const sandbox = await useSandbox();
    const body = JSON.stringify({ app_id: APP, events: [event('a')] });
    const answer = await call(sandbox, TRACK, { body, headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
    expect(answer.status).toBe(200);
  });

  it('answers 413 to a body larger than 20 MB and keeps nothing', async () => {
    const sandbox = await useSandbox();
    const body = JSON.stringify({ app_id: APP, events: [event('a', { properties: { pad: 'x'.repeat(21 * 1024 * 1024) } })] });
    const answer = await call(sandbox, TRACK, { body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.requests).toMatchObject([{ status: 413, itemCount: 0 }]);
  });
});

describe('validation accepts the edges of each rule', () => {
  const accepted: { rule: string; path: string; body: unknown }[] = [
    { rule: 'an identity of 255 characters', path: TRACK, body: { app_id: APP, events: [event('i'.repeat(255))] } },
    { rule: 'an identity of 255 astral characters (510 UTF-16 units)', path: TRACK, body: { app_id: APP, events: [event(astral.repeat(255))] } },
    { rule: 'an event name of 1024 characters', path: TRACK, body: { app_id: APP, events: [event('a', { event: 'e'.repeat(1024) })] } },
    { rule: 'a property value of 1023 characters', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { v: 'v'.repeat(1023) } })] } },
    { rule: 'a property value of 1023 astral characters', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { v: astral.repeat(1023) } })] } },
    { rule: 'a property key of 1023 characters', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { ['k'.repeat(1023)]: 1 } })] } },
    { rule: 'negative, fractional and zero numbers', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { a: -1, b: 0.5, c: 0 } })] } },
    { rule: 'an event with no properties', path: TRACK, body: { app_id: APP, events: [{ identity: 'a', event: 'e' }] } },
    { rule: '1000 events', path: TRACK, body: { app_id: APP, events: events(1000, 'one') } },
    { rule: 'an "id" property on an event (only user properties reserve it)', path: TRACK, body: { app_id: APP, events: [event('a', { properties: { id: 1 } })] } },
    { rule: 'a user property key that only contains "id"', path: USERS, body: { app_id: APP, users: [{ identity: 'a', properties: { user_id: 1, idx: 2 } }] } },
    { rule: 'an empty user properties object', path: USERS, body: { app_id: APP, users: [{ identity: 'a', properties: {} }] } },
  ];

  it.each(accepted)('accepts $rule', async ({ path, body }) => {
    const sandbox = await useSandbox({ rateLimits: { eventsPerIdentityPerWindow: 0 } });
    const answer = await post(sandbox, path, body);
    expect(answer.text).toBe(path === TRACK ? '' : '{}');
    expect(answer.status).toBe(200);
  });
});
