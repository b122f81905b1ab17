/**
 * Bodies of Heap's privacy and identify endpoints (docs/heap-api.md, "User deletion and identify"):
 *
 *   /api/public/v0/user_deletion  {"users": [{"identity": "..."} | {"user_id": 1234}, ...]}  (≤ 10,000)
 *   /api/v1/identify              {"app_id": "123", "user_id": "1234", "identity": "...", "timestamp"?: "..."}
 *
 * A body with any invalid part is refused whole; messages name the path, never an identity.
 */
import { isPlainObject } from './items.js';
import { HEAP_RULES } from './limits.js';
import { isIso8601 } from './timestamp.js';

export type DeletionUser = { identity: string } | { user_id: number };
export interface IdentifyItem {
  app_id: string;
  user_id: string;
  identity: string;
  timestamp?: string;
}
type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_USER_ID = Number.MAX_SAFE_INTEGER; // 2^53 - 1

function identityProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.length > HEAP_RULES.maxIdentityLength) return `must be at most ${HEAP_RULES.maxIdentityLength} characters`;
  return undefined;
}

export function parseDeletionRequest(body: unknown): Parsed<DeletionUser[]> {
  if (!isPlainObject(body)) return { ok: false, message: 'body: must be a JSON object' };
  for (const key of Object.keys(body)) if (key !== 'users') return { ok: false, message: `${key}: unknown field` };
  const users = body.users;
  if (!Array.isArray(users) || users.length === 0) return { ok: false, message: 'users: must be a non-empty array' };
  if (users.length > HEAP_RULES.maxUsersPerDeletion) {
    return { ok: false, message: `users: at most ${HEAP_RULES.maxUsersPerDeletion} per request` };
  }
  const out: DeletionUser[] = [];
  for (const [i, user] of users.entries()) {
    const at = `users[${i}]`;
    if (!isPlainObject(user)) return { ok: false, message: `${at}: must be an object` };
    const keys = Object.keys(user);
    if (keys.length !== 1 || (keys[0] !== 'identity' && keys[0] !== 'user_id')) {
      return { ok: false, message: `${at}: must have exactly one of identity or user_id` };
    }
    if (keys[0] === 'identity') {
      const problem = identityProblem(user.identity);
      if (problem !== undefined) return { ok: false, message: `${at}.identity: ${problem}` };
      out.push({ identity: user.identity as string });
    } else {
      const id = user.user_id;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > MAX_USER_ID) {
        return { ok: false, message: `${at}.user_id: must be an integer from 0 to 2^53 - 1` };
      }
      out.push({ user_id: id });
    }
  }
  return { ok: true, value: out };
}

export function parseIdentifyRequest(body: unknown): Parsed<IdentifyItem> {
  if (!isPlainObject(body)) return { ok: false, message: 'body: must be a JSON object' };
  for (const key of Object.keys(body)) {
    if (!['app_id', 'user_id', 'identity', 'timestamp'].includes(key)) return { ok: false, message: `${key}: unknown field` };
  }
  const { app_id: appId, user_id: userId, identity, timestamp } = body;
  if (typeof appId !== 'string' || !/^\d+$/.test(appId)) return { ok: false, message: 'app_id: must be a string of digits' };
  if (typeof userId !== 'string' || !/^\d{1,16}$/.test(userId) || Number(userId) > MAX_USER_ID) {
    return { ok: false, message: 'user_id: must be a string of digits below 2^53' };
  }
  const problem = identityProblem(identity);
  if (problem !== undefined) return { ok: false, message: `identity: ${problem}` };
  const item: IdentifyItem = { app_id: appId, user_id: userId, identity: identity as string };
  if (timestamp !== undefined) {
    if (typeof timestamp !== 'string' || !isIso8601(timestamp)) return { ok: false, message: 'timestamp: must be ISO 8601' };
    item.timestamp = timestamp;
  }
  return { ok: true, value: item };
}
