/**
 * Turns a parsed JSON body into a valid ingestion request, or the one message that says why Heap
 * would refuse it whole. zod checks the envelope (app_id, the item list, unknown top-level keys);
 * items.ts checks each item in plain code for speed. The single-item forms reuse the item checks
 * on the body minus `app_id`, so both forms follow one set of rules.
 */
import { z } from 'zod';
import { HEAP_RULES } from './limits.js';
import {
  type AccountItem,
  type EventItem,
  type UserItem,
  checkAccount,
  checkEvent,
  checkUser,
  isPlainObject,
  quoteKey,
} from './items.js';

export type IngestEndpoint = 'track' | 'users' | 'accounts';

interface Common {
  appId: string;
  /** The bulk list's name (`events`, `users`, `accounts`); undefined for a single-item body. */
  list: string | undefined;
}
export type IngestRequest =
  | (Common & { endpoint: 'track'; items: EventItem[] })
  | (Common & { endpoint: 'users'; items: UserItem[] })
  | (Common & { endpoint: 'accounts'; items: AccountItem[] });

export type ParseResult = { ok: true; request: IngestRequest } | { ok: false; message: string };

const MAX = HEAP_RULES.maxItemsPerRequest;

const AppId = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string of digits') })
  .regex(/^\d+$/, 'must be a string of digits');

const ItemList = z
  .array(z.unknown(), { error: (issue) => (issue.input === undefined ? 'is required' : 'must be an array') })
  .min(1, { error: (issue) => `must have 1 to ${MAX} items, got ${countOf(issue.input)}` })
  .max(MAX, { error: (issue) => `must have 1 to ${MAX} items, got ${countOf(issue.input)}` });

const strictKeys = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys' ? `unknown key ${quoteKey(issue.keys[0] ?? '')}` : undefined,
};

const BulkTrack = z.strictObject({ app_id: AppId, events: ItemList }, strictKeys);
const BulkUsers = z.strictObject({ app_id: AppId, users: ItemList }, strictKeys);
const BulkAccounts = z.strictObject({ app_id: AppId, accounts: ItemList }, strictKeys);
const Single = z.looseObject({ app_id: AppId });

const LIST_NAME = { track: 'events', users: 'users', accounts: 'accounts' } as const;
const CHECK = { track: checkEvent, users: checkUser, accounts: checkAccount } as const;

export function parseIngestRequest(endpoint: IngestEndpoint, body: unknown): ParseResult {
  if (!isPlainObject(body)) return { ok: false, message: 'body: must be a JSON object' };
  const list = LIST_NAME[endpoint];
  const check = CHECK[endpoint];

  if (list in body) {
    const schema = endpoint === 'track' ? BulkTrack : endpoint === 'users' ? BulkUsers : BulkAccounts;
    const envelope = schema.safeParse(body);
    if (!envelope.success) return { ok: false, message: firstIssue(envelope.error) };
    const items = body[list] as unknown[];
    for (let i = 0; i < items.length; i++) {
      const message = check(items[i], `${list}[${i}]`);
      if (message !== undefined) return { ok: false, message };
    }
    // The checks above are what makes this cast true.
    return { ok: true, request: { endpoint, appId: envelope.data.app_id, list, items } as IngestRequest };
  }

  const envelope = Single.safeParse(body);
  if (!envelope.success) return { ok: false, message: firstIssue(envelope.error) };
  const { app_id: _appId, ...item } = body;
  const message = check(item, '');
  if (message !== undefined) return { ok: false, message };
  const items: unknown[] = [item];
  return { ok: true, request: { endpoint, appId: envelope.data.app_id, list: undefined, items } as IngestRequest };
}

/** Heap refuses a bad request whole; naming the first problem is enough to fix it. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'body: invalid';
  const path = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
  return `${path}: ${issue.message}`;
}

function countOf(input: unknown): number {
  return Array.isArray(input) ? input.length : 0;
}
