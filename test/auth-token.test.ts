import { describe, expect, it } from 'vitest';
import { AuthToken, TOKEN_LIFETIME_MS, TOKEN_RENEW_BEFORE_MS, tokenUsable } from '../src/delivery/auth-token.js';
import type { AttemptOutcome } from '../src/delivery/retry-policy.js';
import { ConfigError } from '../src/errors.js';

describe('tokenUsable', () => {
  it('is true until a minute before the 5-minute lifetime ends, then false', () => {
    expect(tokenUsable(0, 0)).toBe(true);
    expect(tokenUsable(0, TOKEN_LIFETIME_MS - TOKEN_RENEW_BEFORE_MS - 1)).toBe(true);
    expect(tokenUsable(0, TOKEN_LIFETIME_MS - TOKEN_RENEW_BEFORE_MS)).toBe(false);
    expect(tokenUsable(0, TOKEN_LIFETIME_MS + 1)).toBe(false);
  });
});

describe('AuthToken', () => {
  function setup(answers: AttemptOutcome[]) {
    let now = 1_000;
    const calls: { path: string; authorization: string | undefined }[] = [];
    let issued = 0;
    const token = new AuthToken({
      client: {
        post: (path, _body, options) => {
          calls.push({ path, authorization: options?.headers?.authorization });
          const answer = answers.shift() ?? { kind: 'response', status: 200, body: JSON.stringify({ access_token: `t-${++issued}` }) };
          return Promise.resolve(answer);
        },
      },
      appId: '42',
      apiKey: 'k',
      retry: { baseDelayMs: 1, maxDelayMs: 1, maxRetryMs: 1_000 },
      now: () => now,
      random: () => 0.5,
      sleep: () => Promise.resolve(),
      run: (request) => request(new AbortController().signal),
      cancelled: () => false,
    });
    return { token, calls, advance: (ms: number) => (now += ms) };
  }

  it('asks with HTTP Basic app_id:api_key once, however many callers wait, and reuses the token', async () => {
    const { token, calls } = setup([]);
    expect(await Promise.all([token.get(), token.get()])).toEqual(['t-1', 't-1']);
    expect(await token.get()).toBe('t-1');
    expect(calls).toEqual([{ path: '/api/public/v0/auth_token', authorization: `Basic ${Buffer.from('42:k').toString('base64')}` }]);
  });

  it('gets a new token once the old one nears its end, and after it was refused', async () => {
    const { token, calls, advance } = setup([]);
    expect(await token.get()).toBe('t-1');
    advance(TOKEN_LIFETIME_MS - TOKEN_RENEW_BEFORE_MS);
    expect(await token.get()).toBe('t-2');
    token.invalidate('t-2');
    expect(await token.get()).toBe('t-3');
    token.invalidate('t-2'); // an older token refused: the current one stays
    expect(await token.get()).toBe('t-3');
    expect(calls).toHaveLength(3);
  });

  it('retries a 503, and turns a 401 into a config error that names app_id and api_key', async () => {
    const retried = setup([{ kind: 'response', status: 503, body: '' }]);
    expect(await retried.token.get()).toBe('t-1');
    expect(retried.calls).toHaveLength(2);
    const refused = setup([{ kind: 'response', status: 401, body: '' }]);
    const error = await refused.token.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/app_id.*api_key|api_key.*app_id/);
  });
});
