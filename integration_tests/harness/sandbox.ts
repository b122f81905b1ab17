/**
 * The Heap sandbox, started in-process for each test on port 0, and read-only views of what it
 * received. Tests assert on these views, never on the connector's logs.
 */
import { createServer } from 'node:net';
import { afterAll } from 'vitest';
import {
  startSandbox,
  type ReceivedRequest,
  type Sandbox,
  type SandboxOptions,
  type StoredEvent,
} from '../../src/sandbox/server.js';
import { APP_ID } from './config.js';

export type { FaultPlan, ReceivedRequest, Sandbox, SandboxOptions, StoredEvent } from '../../src/sandbox/server.js';

export const TRACK = '/api/track';
export const USERS = '/api/add_user_properties';
export const ACCOUNTS = '/api/add_account_properties';
export const AUTH_TOKEN = '/api/public/v0/auth_token';
export const USER_DELETION = '/api/public/v0/user_deletion';
export const IDENTIFY = '/api/v1/identify';

const open = new Set<Sandbox>();

// Every sandbox a test file started is closed when the file's tests are done. (Per-test cleanup
// with onTestFinished cannot tell concurrent tests apart; a sandbox on port 0 costs nothing idle.)
afterAll(async () => {
  await Promise.all([...open].map((sandbox) => sandbox.close()));
  open.clear();
});

/** Starts a sandbox on a free loopback port, for one test or a `beforeAll`; closed after the file. */
export async function useSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, ...options });
  open.add(sandbox);
  return sandbox;
}

/** Events the sandbox accepted for the suite's app, in arrival order. */
export function eventsOf(sandbox: Sandbox): StoredEvent[] {
  return sandbox.store.events.filter((e) => e.app_id === APP_ID);
}

export function requestsTo(sandbox: Sandbox, path: string): ReceivedRequest[] {
  return sandbox.store.requests.filter((r) => r.path === path);
}

/** The properties the sandbox holds for a user of the suite's app (undefined: never upserted). */
export function userProps(sandbox: Sandbox, identity: string): Record<string, string | number> | undefined {
  return sandbox.store.user(APP_ID, identity);
}

export function accountProps(sandbox: Sandbox, accountId: string): Record<string, string | number> | undefined {
  return sandbox.store.account(APP_ID, accountId);
}

/** The one accepted event whose property `key` equals `value`. */
export function eventWith(sandbox: Sandbox, key: string, value: unknown): StoredEvent | undefined {
  return eventsOf(sandbox).find((e) => e.properties[key] === value);
}

/** A loopback port nobody listens on: bound, then released. */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
