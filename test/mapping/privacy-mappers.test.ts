import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../src/config/schema.js';
import { compileMapper } from '../../src/mapping/mapper.js';
import { compileObjectMapper } from '../../src/mapping/object-mapper.js';
import { Rejection } from '../../src/mapping/rejection.js';
import type { MapResult } from '../../src/mapping/types.js';
import { readUserId } from '../../src/mapping/user-id.js';

const stream = { name: 's' };
const item = (result: MapResult) => (result.ok ? { endpoint: result.mapped.endpoint, item: result.mapped.item } : { rejected: result.reason });

describe('readUserId', () => {
  it.each([
    [0, '0'],
    [1234, '1234'],
    ['1234', '1234'],
    ['007', '7'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('reads %j as %j', (value, digits) => {
    expect(readUserId(value, 'user_id_field', 'uid')).toBe(digits);
  });

  it.each([['9007199254740992'], [-1], [1.5], ['12a'], [''], [' 12'], [true], [null], [undefined]])('rejects %j, naming the field and never the value', (value) => {
    const result = readUserId(value, 'user_id_field', 'uid');
    expect(result).toBeInstanceOf(Rejection);
    expect((result as Rejection).reason).toContain('user_id_field "uid"');
    if (typeof value === 'string' && value.length > 2) expect((result as Rejection).reason).not.toContain(value);
  });
});

describe('user_deletions mapping', () => {
  const byIdentity: Mapping = { stream: 's', sync_type: 'user_deletions', identity_field: 'person.email' };
  const byUserId: Mapping = { stream: 's', sync_type: 'user_deletions', user_id_field: 'uid' };

  it('maps a record to {identity} or {user_id: number}, with no properties', () => {
    expect(item(compileMapper(byIdentity, stream).map({ person: { email: 'a@x' }, plan: 'pro' }))).toEqual({ endpoint: 'deletions', item: { identity: 'a@x' } });
    expect(item(compileMapper(byUserId, stream).map({ uid: '77', plan: 'pro' }))).toEqual({ endpoint: 'deletions', item: { user_id: 77 } });
  });

  it('rejects a record whose field is missing or not an identity', () => {
    expect(compileMapper(byIdentity, stream).map({ plan: 'pro' }).ok).toBe(false);
    expect(compileMapper(byIdentity, stream).map({ person: { email: '  ' } }).ok).toBe(false);
  });
});

describe('user_deletions object', () => {
  const map = (data: Record<string, unknown>) => item(compileObjectMapper('user_deletions', stream).map(data));

  it('takes identity or user_id, whichever the record holds (null counts as absent)', () => {
    expect(map({ identity: 'a', note: 'x' })).toEqual({ endpoint: 'deletions', item: { identity: 'a' } });
    expect(map({ user_id: 5 })).toEqual({ endpoint: 'deletions', item: { user_id: 5 } });
    expect(map({ identity: null, user_id: 5 })).toEqual({ endpoint: 'deletions', item: { user_id: 5 } });
  });

  it('rejects a record with both, or with neither', () => {
    expect(map({ identity: 'a', user_id: 5 })).toHaveProperty('rejected');
    expect(map({ note: 'x' })).toHaveProperty('rejected');
  });
});

describe('identify', () => {
  const mapping: Mapping = { stream: 's', sync_type: 'identify', user_id_field: 'uid', identity_field: 'email', timestamp_field: 'at' };

  it('maps user_id (digits as a string), identity and the timestamp in ISO 8601 UTC', () => {
    expect(item(compileMapper(mapping, stream).map({ uid: 12, email: 'a', at: 0, plan: 'pro' }))).toEqual({
      endpoint: 'identify',
      item: { user_id: '12', identity: 'a', timestamp: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('rejects a record whose mapped timestamp is missing; the object leaves an absent timestamp out', () => {
    expect(compileMapper(mapping, stream).map({ uid: 12, email: 'a' }).ok).toBe(false);
    expect(item(compileObjectMapper('identify', stream).map({ user_id: 12, identity: 'a' }))).toEqual({ endpoint: 'identify', item: { user_id: '12', identity: 'a' } });
    expect(compileObjectMapper('identify', stream).map({ user_id: 12, identity: 'a', timestamp: null }).ok).toBe(false);
  });
});
