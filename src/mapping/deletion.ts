/**
 * A user deletion: the record names one Heap user, by identity or by Heap's numeric user id
 * (docs/heap.md, "User deletions"). No property is sent: Heap's deletion body has none.
 * - A mapping names exactly one of the two fields (the config schema sees to it).
 * - A destination object record holds `identity` or `user_id`: exactly one of them not null.
 */
import { compileField, resolveField } from './fields.js';
import { notePadding, readIdentifier } from './identity.js';
import { noAdjustments, rejected } from './mapper.js';
import { Rejection } from './rejection.js';
import type { HeapDeletionUser, MapResult, RecordMapper } from './types.js';
import { readUserId } from './user-id.js';
import { isAbsent } from './values.js';

/** A mapping's one field: the identity or the user id. */
export function deletionByField(by: 'identity' | 'user_id', fieldName: string): RecordMapper['map'] {
  const field = compileField(fieldName);
  if (by === 'identity') return (data) => byIdentity(readIdentifier(resolveField(data, field), 'identity_field', fieldName), fieldName);
  return (data) => byUserId(readUserId(resolveField(data, field), 'user_id_field', fieldName));
}

/** The `user_deletions` object: whichever of `identity` and `user_id` the record holds. */
export function deletionByObjectFields(): RecordMapper['map'] {
  const identity = compileField('identity');
  const userId = compileField('user_id');
  return (data) => {
    const who = resolveField(data, identity);
    const id = resolveField(data, userId);
    if (!isAbsent(who) && !isAbsent(id)) {
      return rejected(new Rejection('the record holds both identity and user_id; a deletion names its user by one of them', 'identity and user_id: both set'));
    }
    if (who === undefined && id === undefined) {
      return rejected(new Rejection('the record holds neither identity nor user_id; a deletion names its user by one of them', 'identity and user_id: missing'));
    }
    // The one that is there (a null one is read, and rejected, as what the record holds).
    return isAbsent(who) && id !== undefined ? byUserId(readUserId(id, 'field', 'user_id')) : byIdentity(readIdentifier(who, 'field', 'identity'), 'identity');
  };
}

function byIdentity(who: string | Rejection, field: string): MapResult {
  if (who instanceof Rejection) return rejected(who);
  const adjustments = noAdjustments();
  notePadding(adjustments, who, field);
  const item: HeapDeletionUser = { identity: who };
  return { ok: true, mapped: { endpoint: 'deletions', item }, adjustments };
}

function byUserId(id: string | Rejection): MapResult {
  if (id instanceof Rejection) return rejected(id);
  // Below 2^53 (readUserId), so the number is exact.
  return { ok: true, mapped: { endpoint: 'deletions', item: { user_id: Number(id) } }, adjustments: noAdjustments() };
}
