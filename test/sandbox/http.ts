/**
 * Test helpers: start a sandbox that closes itself when the test ends, and talk to it over real
 * HTTP with undici, the client the connector uses.
 */
import { onTestFinished } from 'vitest';
import { request } from 'undici';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.js';

export const APP = '1234567890';
export const TRACK = '/api/track';
export const USERS = '/api/add_user_properties';
export const ACCOUNTS = '/api/add_account_properties';
export const AUTH_TOKEN = '/api/public/v0/auth_token';

export async function useSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  onTestFinished(() => sandbox.close());
  return sandbox;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

export async function call(
  sandbox: Sandbox,
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await request(`${sandbox.url}${path}`, {
    method: init.method ?? 'POST',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POSTs `body` as JSON, as the connector does. */
export function post(sandbox: Sandbox, path: string, body: unknown): Promise<Answer> {
  return call(sandbox, path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

export function get(sandbox: Sandbox, path: string): Promise<Answer> {
  return call(sandbox, path, { method: 'GET' });
}

export function event(identity: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { identity, event: 'Order Completed', properties: { plan: 'pro', amount: 12.5 }, ...overrides };
}

/** `n` events, one per identity `user-0` … `user-{n-1}` unless `identity` is given. */
export function events(n: number, identity?: string): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => event(identity ?? `user-${i}`, { idempotency_key: `key-${i}` }));
}

/** The error message of a refused request. */
export function errorOf(answer: Answer): string {
  const body = answer.json as { error?: unknown } | undefined;
  if (typeof body?.error !== 'string') throw new Error(`no error message in: ${answer.text}`);
  return body.error;
}
