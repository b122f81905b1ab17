/**
 * Mapping by a destination object (data activation, src/catalog/destination-objects.ts): the
 * record's fields carry the object's fixed names, as the user mapped source columns onto them in
 * the host's UI, so there is no config mapping to follow.
 * - `events`: `identity` and `event` are required. `timestamp` is optional: a record without the
 *   field lets Heap stamp the arrival time, while a null or unreadable one is rejected (a mapped
 *   timestamp is never replaced by "now"). `idempotency_key`: when present and not null, the key
 *   is made from its value alone (as `idempotency_key_fields: ["idempotency_key"]` would make it);
 *   otherwise from the catalog's primary key, else the whole record.
 * - `user_properties`: `identity`; `account_properties`: `account_id`.
 * - `user_deletions`: `identity` or `user_id`; `identify`: `user_id`, `identity`, optional
 *   `timestamp` (src/mapping/deletion.ts, src/mapping/identify.ts); no properties are sent.
 * Those fields decide the item and are not sent as properties; every other field becomes a
 * property by the usual value rules (user properties named `id` are left out and counted).
 */
import type { DestinationObjectName } from '../catalog/destination-objects.js';
import { deletionByObjectFields } from './deletion.js';
import { readEventName } from './event-name.js';
import { compileField, resolveField } from './fields.js';
import { compileIdempotencyKey } from './idempotency.js';
import { compileIdentify } from './identify.js';
import { notePadding, readIdentifier } from './identity.js';
import { guarded, noAdjustments, rejected } from './mapper.js';
import { compileProperties } from './properties.js';
import { Rejection } from './rejection.js';
import { readTimestamp } from './timestamp.js';
import type { HeapEvent, RecordMapper, StreamInfo } from './types.js';
import { isAbsent } from './values.js';

/** How reasons name what pointed at a field: the field itself, there being no setting. */
const SETTING = 'field';

export function compileObjectMapper(object: DestinationObjectName, stream: StreamInfo): RecordMapper {
  let map: RecordMapper['map'];
  switch (object) {
    case 'events':
      map = eventsMapper(stream);
      break;
    case 'user_properties':
      map = usersMapper();
      break;
    case 'account_properties':
      map = accountsMapper();
      break;
    case 'user_deletions':
      map = deletionByObjectFields();
      break;
    case 'identify':
      map = compileIdentify({ userId: 'user_id', identity: 'identity', timestamp: 'timestamp', timestampOptional: true, by: 'object' });
      break;
  }
  return { map: (data, exact) => guarded(map, data, exact) };
}

function eventsMapper(stream: StreamInfo): RecordMapper['map'] {
  const identity = compileField('identity');
  const event = compileField('event');
  const timestamp = compileField('timestamp');
  const idempotencyKey = compileField('idempotency_key');
  const keyFromField = compileIdempotencyKey(stream, [idempotencyKey.name]);
  const keyOtherwise = compileIdempotencyKey(stream, undefined);
  const properties = compileProperties({ reserved: ['identity', 'event', 'timestamp', 'idempotency_key'], dropIdKeys: false });

  return (data) => {
    const who = readIdentifier(resolveField(data, identity), SETTING, identity.name);
    if (who instanceof Rejection) return rejected(who);
    const name = readEventName(resolveField(data, event), event.name, SETTING);
    if (name instanceof Rejection) return rejected(name);
    let when: string | undefined;
    if (Object.hasOwn(data, timestamp.name)) {
      const read = readTimestamp(data[timestamp.name], timestamp.name, SETTING);
      if (read instanceof Rejection) return rejected(read);
      when = read;
    }
    const adjustments = noAdjustments();
    notePadding(adjustments, who, identity.name);
    const props = properties(data, adjustments);
    const key = isAbsent(resolveField(data, idempotencyKey)) ? keyOtherwise(data) : keyFromField(data);
    const item: HeapEvent =
      when === undefined
        ? { identity: who, event: name, idempotency_key: key, properties: props }
        : { identity: who, event: name, timestamp: when, idempotency_key: key, properties: props };
    return { ok: true, mapped: { endpoint: 'track', item }, adjustments };
  };
}

function usersMapper(): RecordMapper['map'] {
  const identity = compileField('identity');
  const properties = compileProperties({ reserved: ['identity'], dropIdKeys: true });
  return (data) => {
    const who = readIdentifier(resolveField(data, identity), SETTING, identity.name);
    if (who instanceof Rejection) return rejected(who);
    const adjustments = noAdjustments();
    notePadding(adjustments, who, identity.name);
    return { ok: true, mapped: { endpoint: 'users', item: { identity: who, properties: properties(data, adjustments) } }, adjustments };
  };
}

function accountsMapper(): RecordMapper['map'] {
  const account = compileField('account_id');
  const properties = compileProperties({ reserved: ['account_id'], dropIdKeys: false });
  return (data) => {
    const id = readIdentifier(resolveField(data, account), SETTING, account.name);
    if (id instanceof Rejection) return rejected(id);
    const adjustments = noAdjustments();
    notePadding(adjustments, id, account.name);
    return { ok: true, mapped: { endpoint: 'accounts', item: { account_id: id, properties: properties(data, adjustments) } }, adjustments };
  };
}
