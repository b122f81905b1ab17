/**
 * The mapping stage: one record's `data` → one Heap item (docs/heap.md, "Mapping rules"). `compileMapper` does
 * per stream everything that does not depend on the record (field paths split, rule tables,
 * the idempotency key's fixed part), so `map` does only per-record work. `map` never throws on
 * any JSON data: what cannot be mapped comes back as `{ ok: false, reason }`, the reason naming
 * the setting, the field and the problem, never the value.
 */
import type { AccountPropertiesMapping, EventsMapping, Mapping, UserPropertiesMapping } from '../config/schema.js';
import { deletionByField } from './deletion.js';
import { compileEventName } from './event-name.js';
import { compileField, resolveField } from './fields.js';
import { compileIdempotencyKey } from './idempotency.js';
import { compileIdentify } from './identify.js';
import { notePadding, readIdentifier } from './identity.js';
import { compileProperties } from './properties.js';
import { Rejection } from './rejection.js';
import { ROUNDED_NUMBER, setRoundingCheck } from './rounded-numbers.js';
import { readTimestamp } from './timestamp.js';
import type { HeapEvent, MapResult, RecordMapper, StreamInfo, ValueAdjustments } from './types.js';

export function compileMapper(mapping: Mapping, stream: StreamInfo): RecordMapper {
  let map: RecordMapper['map'];
  switch (mapping.sync_type) {
    case 'events':
      map = eventsMapper(mapping, stream);
      break;
    case 'user_properties':
      map = usersMapper(mapping);
      break;
    case 'account_properties':
      map = accountsMapper(mapping);
      break;
    case 'user_deletions':
      map =
        mapping.identity_field !== undefined
          ? deletionByField('identity', mapping.identity_field)
          : deletionByField('user_id', mapping.user_id_field ?? '');
      break;
    case 'identify':
      map = compileIdentify({ userId: mapping.user_id_field, identity: mapping.identity_field, timestamp: mapping.timestamp_field, by: 'mapping' });
      break;
  }
  return { map: (data, exact) => guarded(map, data, exact) };
}

function eventsMapper(mapping: EventsMapping, stream: StreamInfo): RecordMapper['map'] {
  const identityField = mapping.identity_field;
  const identity = compileField(identityField);
  const eventName = compileEventName(mapping);
  const timestampField = mapping.timestamp_field;
  const timestamp = timestampField === undefined ? undefined : compileField(timestampField);
  const idempotencyKey = compileIdempotencyKey(stream, mapping.idempotency_key_fields);
  const properties = compileProperties({
    ...mapping,
    reserved: [identityField, mapping.event_name_field, timestampField].filter((f) => f !== undefined),
    dropIdKeys: false,
  });

  return (data) => {
    const who = readIdentifier(resolveField(data, identity), 'identity_field', identityField);
    if (who instanceof Rejection) return rejected(who);
    const event = eventName(data);
    if (event instanceof Rejection) return rejected(event);
    let when: string | undefined;
    if (timestamp !== undefined) {
      const read = readTimestamp(resolveField(data, timestamp), timestamp.name);
      if (read instanceof Rejection) return rejected(read);
      when = read;
    }
    const adjustments = noAdjustments();
    notePadding(adjustments, who, identityField);
    const props = properties(data, adjustments);
    const key = idempotencyKey(data);
    const item: HeapEvent =
      when === undefined
        ? { identity: who, event, idempotency_key: key, properties: props }
        : { identity: who, event, timestamp: when, idempotency_key: key, properties: props };
    return { ok: true, mapped: { endpoint: 'track', item }, adjustments };
  };
}

function usersMapper(mapping: UserPropertiesMapping): RecordMapper['map'] {
  const identityField = mapping.identity_field;
  const identity = compileField(identityField);
  const properties = compileProperties({ ...mapping, reserved: [identityField], dropIdKeys: true });

  return (data) => {
    const who = readIdentifier(resolveField(data, identity), 'identity_field', identityField);
    if (who instanceof Rejection) return rejected(who);
    const adjustments = noAdjustments();
    notePadding(adjustments, who, identityField);
    const item = { identity: who, properties: properties(data, adjustments) };
    return { ok: true, mapped: { endpoint: 'users', item }, adjustments };
  };
}

function accountsMapper(mapping: AccountPropertiesMapping): RecordMapper['map'] {
  const accountField = mapping.account_id_field;
  const account = compileField(accountField);
  const properties = compileProperties({ ...mapping, reserved: [accountField], dropIdKeys: false });

  return (data) => {
    const id = readIdentifier(resolveField(data, account), 'account_id_field', accountField);
    if (id instanceof Rejection) return rejected(id);
    const adjustments = noAdjustments();
    notePadding(adjustments, id, accountField);
    const item = { account_id: id, properties: properties(data, adjustments) };
    return { ok: true, mapped: { endpoint: 'accounts', item }, adjustments };
  };
}

/**
 * Runs one mapping. With `exact` unset the data is taken to be JSON.parse's reading, and meeting a
 * number it may have rounded ends the mapping with an `inexact` result (src/mapping/rounded-numbers.ts).
 * The only failure a walk over JSON data can meet is the call stack running out on absurdly deep
 * nesting; that record is rejected rather than ending the sync. Anything else is a bug and is
 * thrown.
 */
export function guarded(map: RecordMapper['map'], data: Record<string, unknown>, exact = false): MapResult {
  const wasChecking = setRoundingCheck(!exact);
  try {
    return map(data);
  } catch (error) {
    if (error === ROUNDED_NUMBER) return inexact();
    if (error instanceof RangeError) return { ok: false, reason: 'the record is nested too deeply to map', category: 'nested too deeply' };
    throw error;
  } finally {
    setRoundingCheck(wasChecking);
  }
}

/** The data holds a number JSON.parse may have rounded: the caller maps the line's exact reading instead. */
function inexact(): MapResult {
  return {
    ok: false,
    inexact: true,
    reason: 'the record holds a number JSON.parse may have rounded; map its exact reading',
    category: 'inexact',
  };
}

export function rejected(rejection: Rejection): MapResult {
  return { ok: false, reason: rejection.reason, category: rejection.category };
}

export function noAdjustments(): ValueAdjustments {
  return { truncatedValues: 0, droppedLongKeys: 0, droppedIdKeys: 0, overflowingNumbers: 0 };
}
