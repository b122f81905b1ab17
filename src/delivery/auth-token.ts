/**
 * The access token user deletions are sent with: `POST /api/public/v0/auth_token` with HTTP Basic
 * `app_id:api_key` answers `{"access_token": ...}`, valid for 5 minutes (docs/heap-api.md). One
 * token is shared by every request; it is renewed shortly before it expires, and at once when Heap
 * refuses it (`invalidate`). Heap refusing the pair itself is a config error: wrong api_key, or an
 * app_id that is not the account's Main Production environment.
 *
 * Neither the key nor a token ever goes into a message.
 */
import { ConfigError, type ConnectorError } from '../errors.js';
import type { HeapClient } from './heap-client.js';
import { decideRetry, type AttemptOutcome, type RetryPolicyOptions } from './retry-policy.js';

export const AUTH_TOKEN_PATH = '/api/public/v0/auth_token';
/** Heap's token lifetime. */
export const TOKEN_LIFETIME_MS = 5 * 60_000;
/** A token this close to its end is not used for a new request (a request may take a while). */
export const TOKEN_RENEW_BEFORE_MS = 60_000;

/** Whether a token issued at `issuedAt` may still carry a request started at `now`. Pure. */
export function tokenUsable(issuedAt: number, now: number, lifetimeMs = TOKEN_LIFETIME_MS, renewBeforeMs = TOKEN_RENEW_BEFORE_MS): boolean {
  return now - issuedAt < lifetimeMs - renewBeforeMs;
}

/** The config error of a refused app_id / api_key pair or token. */
export function tokenRefused(what: string, status: number): ConfigError {
  return new ConfigError(
    'HEAP_API_KEY_REFUSED',
    `Heap refused ${what} (HTTP ${status}). User deletions need an api_key (an admin creates it under Account > Manage > Privacy & Security) ` +
      "and app_id must be the environment ID of the account's Main Production environment: check both. No deletion past this point was sent.",
  );
}

export interface AuthTokenOptions {
  client: Pick<HeapClient, 'post'>;
  appId: string;
  /** Undefined: no token can be had (a config error when one is asked for). */
  apiKey: string | undefined;
  retry: RetryPolicyOptions;
  baseUrl?: string | undefined;
  now: () => number;
  random: () => number;
  /** Waits (ms), cut short by the engine's shutdown. */
  sleep: (ms: number) => Promise<void>;
  /** The engine's cancellation of a request in flight. */
  run: (request: (signal: AbortSignal) => Promise<AttemptOutcome>) => Promise<AttemptOutcome>;
  /** The engine stops: a token request is not retried. */
  cancelled: () => boolean;
  /** Counts a request made (the run's request counter). */
  onRequest?: () => void;
}

export class AuthToken {
  readonly #options: AuthTokenOptions;
  #current: { token: string; issuedAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: AuthTokenOptions) {
    this.#options = options;
  }

  /** A usable token: the current one, or a new one (requested once however many callers wait). */
  get(): Promise<string> {
    const current = this.#current;
    if (current !== undefined && tokenUsable(current.issuedAt, this.#options.now())) return Promise.resolve(current.token);
    this.#pending ??= this.#request().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Heap refused `token`: the next `get()` asks for a new one (unless another caller did already). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #request(): Promise<string> {
    const { appId, apiKey } = this.#options;
    if (apiKey === undefined) {
      throw new ConfigError('API_KEY_REQUIRED', 'User deletions need an api_key (an admin creates it under Account > Manage > Privacy & Security); set it in the config.');
    }
    const basic = Buffer.from(`${appId}:${apiKey}`).toString('base64');
    let firstFailureAt: number | undefined;
    for (let attempt = 1; ; attempt++) {
      this.#options.onRequest?.();
      const issuedAt = this.#options.now();
      const outcome = await this.#options.run((signal) => this.#options.client.post(AUTH_TOKEN_PATH, '', { signal, headers: { authorization: `Basic ${basic}` } }));
      const now = this.#options.now();
      if (this.#options.cancelled()) throw new Error('cancelled');
      if (outcome.kind === 'response' && (outcome.status === 401 || outcome.status === 403)) throw tokenRefused('the app_id / api_key pair at its auth-token endpoint', outcome.status);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const token = accessToken(outcome.body);
        if (token === undefined) throw unreadable(outcome.status);
        this.#current = { token, issuedAt };
        return token;
      }
      const decision = decideRetry(outcome, { path: AUTH_TOKEN_PATH, attempt, items: 1, firstFailureAt, now, random: this.#options.random(), baseUrl: this.#options.baseUrl }, this.#options.retry);
      if (decision.action === 'fail') throw decision.error;
      if (decision.action !== 'retry') throw unreadable(outcome.kind === 'response' ? outcome.status : 0);
      firstFailureAt ??= now;
      await this.#options.sleep(decision.delayMs);
    }
  }
}

function accessToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  } catch {
    return undefined;
  }
}

function unreadable(status: number): ConnectorError {
  return new ConfigError(
    'HEAP_AUTH_TOKEN_UNREADABLE',
    `Heap's auth-token endpoint (${AUTH_TOKEN_PATH}) answered HTTP ${status} without an access token. If base_url is a proxy, let it forward that path unchanged.`,
  );
}
