/**
 * Identify: a record links Heap's numeric user id of an anonymous user to an identity, with an
 * optional timestamp (docs/heap.md, "Identify"). No property is sent: Heap's identify body has none.
 */
import { compileField, resolveField } from './fields.js';
import { notePadding, readIdentifier, type IdentifierSetting } from './identity.js';
import { noAdjustments, rejected } from './mapper.js';
import { Rejection } from './rejection.js';
import { readTimestamp } from './timestamp.js';
import type { HeapIdentify, RecordMapper } from './types.js';
import { readUserId, type UserIdSetting } from './user-id.js';

export interface IdentifyFields {
  userId: string;
  identity: string;
  /** Mapping: the timestamp field, when set; a record without it is rejected. */
  timestamp?: string | undefined;
  /** Object: `timestamp` is optional per record (absent: Heap stamps the arrival time). */
  timestampOptional?: boolean;
  /** How reasons name the settings: the mapping's, or `field` for the object's fixed fields. */
  by: 'mapping' | 'object';
}

export function compileIdentify(fields: IdentifyFields): RecordMapper['map'] {
  const userId = compileField(fields.userId);
  const identity = compileField(fields.identity);
  const timestamp = fields.timestamp === undefined ? undefined : compileField(fields.timestamp);
  const idSetting: UserIdSetting = fields.by === 'mapping' ? 'user_id_field' : 'field';
  const whoSetting: IdentifierSetting = fields.by === 'mapping' ? 'identity_field' : 'field';
  const timeSetting = fields.by === 'mapping' ? 'timestamp_field' : 'field';
  return (data) => {
    const id = readUserId(resolveField(data, userId), idSetting, userId.name);
    if (id instanceof Rejection) return rejected(id);
    const who = readIdentifier(resolveField(data, identity), whoSetting, identity.name);
    if (who instanceof Rejection) return rejected(who);
    const item: HeapIdentify = { user_id: id, identity: who };
    if (timestamp !== undefined) {
      const value = resolveField(data, timestamp);
      if (!(fields.timestampOptional === true && value === undefined)) {
        const when = readTimestamp(value, timestamp.name, timeSetting);
        if (when instanceof Rejection) return rejected(when);
        item.timestamp = when;
      }
    }
    const adjustments = noAdjustments();
    notePadding(adjustments, who, identity.name);
    return { ok: true, mapped: { endpoint: 'identify', item }, adjustments };
  };
}
