import { describe, expect, it } from 'vitest';
import { APP, AUTH_TOKEN, call, errorOf, useSandbox } from './http.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const KEY = 'k3y-with:colon';

describe('/api/public/v0/auth_token', () => {
  it('answers 200 with an access_token for a configured app_id and api_key', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    const answer = await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic(APP, KEY) } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ access_token: expect.any(String) });
    expect(sandbox.store.requests).toMatchObject([{ path: AUTH_TOKEN, status: 200, itemCount: 0, identities: [] }]);
  });

  it('issues a different token each time', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    const token = async () => (await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic(APP, KEY) } })).json;
    expect(await token()).not.toEqual(await token());
  });

  it('answers 401 to a wrong api_key, without repeating it', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    const answer = await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic(APP, 'wrong-key') } });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Basic realm="heap-sandbox"');
    expect(errorOf(answer)).toBe('authorization: app_id and api_key do not match');
  });

  it('answers 401 to an app_id it has no key for', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    expect((await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic('999', KEY) } })).status).toBe(401);
  });

  it('answers 401 to an app_id named like an Object.prototype member', async () => {
    const sandbox = await useSandbox();
    expect((await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic('constructor', '') } })).status).toBe(401);
  });

  it('answers 401 when credentials are missing or not Basic', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    const missing = await call(sandbox, AUTH_TOKEN);
    expect(missing.status).toBe(401);
    expect(errorOf(missing)).toBe('authorization: HTTP Basic credentials app_id:api_key are required');
    expect((await call(sandbox, AUTH_TOKEN, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(401);
    const noColon = `Basic ${Buffer.from(APP).toString('base64')}`;
    expect((await call(sandbox, AUTH_TOKEN, { headers: { authorization: noColon } })).status).toBe(401);
  });

  it('answers 401 to everyone when no api keys are configured', async () => {
    const sandbox = await useSandbox();
    expect((await call(sandbox, AUTH_TOKEN, { headers: { authorization: basic(APP, KEY) } })).status).toBe(401);
  });

  it('answers 405 to GET', async () => {
    const sandbox = await useSandbox({ apiKeys: { [APP]: KEY } });
    const answer = await call(sandbox, AUTH_TOKEN, { method: 'GET', headers: { authorization: basic(APP, KEY) } });
    expect(answer.status).toBe(405);
  });
});
