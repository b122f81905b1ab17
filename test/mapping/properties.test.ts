import { describe, expect, it } from 'vitest';
import { compileProperties, isIdKey, type PropertyRules } from '../../src/mapping/properties.js';
import type { ValueAdjustments } from '../../src/mapping/types.js';

const none = (): ValueAdjustments => ({ truncatedValues: 0, droppedLongKeys: 0, droppedIdKeys: 0, overflowingNumbers: 0 });
type Rules = Partial<PropertyRules>;

function build(rules: Rules, data: Record<string, unknown>) {
  const adjustments = none();
  const properties = compileProperties({ reserved: [], dropIdKeys: false, ...rules })(data, adjustments);
  return { properties, adjustments };
}

describe('which fields become properties', () => {
  it.each<[string, Rules, Record<string, unknown>, Record<string, string | number>]>([
    ['every field is a property by default', {}, { a: 1, b: 'x' }, { a: 1, b: 'x' }],
    ['nested objects are flattened to dot keys', {}, { a: { b: 1 } }, { 'a.b': 1 }],
    ['include keeps only the listed fields', { include_fields: ['a'] }, { a: 1, b: 2 }, { a: 1 }],
    ['include of a dot path keeps that leaf', { include_fields: ['user.plan'] }, { user: { plan: 'pro', email: 'e' } }, { 'user.plan': 'pro' }],
    ['include of a nested object keeps all its leaves', { include_fields: ['user'] }, { user: { plan: 'pro', seats: 3 }, x: 1 }, { 'user.plan': 'pro', 'user.seats': 3 }],
    ['include of a missing field adds nothing', { include_fields: ['nope'] }, { a: 1 }, {}],
    ['exclude removes a field', { exclude_fields: ['b'] }, { a: 1, b: 2 }, { a: 1 }],
    ['exclude of a dot path removes that leaf only', { exclude_fields: ['user.email'] }, { user: { email: 'e', plan: 'pro' } }, { 'user.plan': 'pro' }],
    ['exclude of a nested object removes all its leaves', { exclude_fields: ['user'] }, { user: { email: 'e', plan: 'pro' }, a: 1 }, { a: 1 }],
    ['exclude wins over include', { include_fields: ['a', 'b'], exclude_fields: ['b'] }, { a: 1, b: 2 }, { a: 1 }],
    ['exclude of a leaf inside an included object', { include_fields: ['user'], exclude_fields: ['user.ssn'] }, { user: { ssn: 's', plan: 'pro' } }, { 'user.plan': 'pro' }],
    ['a field name is not a prefix of another name', { exclude_fields: ['user'] }, { username: 'u', user: { a: 1 } }, { username: 'u' }],
    ['the literal key of a flattened name is covered by the field of its first part', { exclude_fields: ['user'] }, { 'user.email': 'a', b: 1 }, { b: 1 }],
    ['null fields are left out', {}, { a: null, b: 1 }, { b: 1 }],
    ['properties follow the record field order, not the include order', { include_fields: ['c', 'a'] }, { a: 1, b: 2, c: 3 }, { a: 1, c: 3 }],
    ['an empty record gives empty properties', {}, {}, {}],
  ])('%s', (_title, rules, data, expected) => {
    const { properties } = build(rules, data);
    expect(properties).toEqual(expected);
    expect(Object.keys(properties)).toEqual(Object.keys(expected));
  });
});

describe('renaming', () => {
  it.each<[string, Rules, Record<string, unknown>, Record<string, string | number>]>([
    ['a field is sent under its new name', { rename_fields: [{ from: 'a', to: 'b' }] }, { a: 1 }, { b: 1 }],
    ['a renamed field keeps its place in the record order', { rename_fields: [{ from: 'b', to: 'z' }] }, { a: 1, b: 2, c: 3 }, { a: 1, z: 2, c: 3 }],
    ['a dot path is renamed to a flat name', { rename_fields: [{ from: 'user.plan', to: 'plan' }] }, { user: { plan: 'pro' } }, { plan: 'pro' }],
    ['a nested object is renamed as a prefix of its leaves', { rename_fields: [{ from: 'user', to: 'customer' }] }, { user: { plan: 'pro', seats: 3 } }, { 'customer.plan': 'pro', 'customer.seats': 3 }],
    ['the most specific rename wins', { rename_fields: [{ from: 'user', to: 'u' }, { from: 'user.email', to: 'email' }] }, { user: { email: 'e', plan: 'p' } }, { email: 'e', 'u.plan': 'p' }],
    ['the first rename of the same field counts', { rename_fields: [{ from: 'a', to: 'x' }, { from: 'a', to: 'y' }] }, { a: 1 }, { x: 1 }],
    ['a rename applies only to fields that are sent', { include_fields: ['a'], rename_fields: [{ from: 'b', to: 'c' }] }, { a: 1, b: 2 }, { a: 1 }],
    ['a renamed field wins over a field that has the new name', { rename_fields: [{ from: 'a', to: 'b' }] }, { b: 'natural', a: 'renamed' }, { b: 'renamed' }],
    ['a renamed field wins even when it comes first in the record', { rename_fields: [{ from: 'a', to: 'b' }] }, { a: 'renamed', b: 'natural' }, { b: 'renamed' }],
    ['two renames to one name: the first in the record wins', { rename_fields: [{ from: 'a', to: 'x' }, { from: 'b', to: 'x' }] }, { b: 'from b', a: 'from a' }, { x: 'from b' }],
    ['a literal key wins over a path in a contested record', { rename_fields: [{ from: 'a', to: 'b' }] }, { 'u.e': 'literal', u: { e: 'path' }, a: 1 }, { 'u.e': 'literal', b: 1 }],
  ])('%s', (_title, rules, data, expected) => {
    const { properties } = build(rules, data);
    expect(properties).toEqual(expected);
    expect(Object.keys(properties)).toEqual(Object.keys(expected));
  });
});

describe('fields used as identity, account id, event name or timestamp', () => {
  it.each<[string, Rules, Record<string, unknown>, Record<string, string | number>]>([
    ['are not sent by default', { reserved: ['uid', 'ts'] }, { uid: 'u', ts: 1, a: 1 }, { a: 1 }],
    ['are not sent when only renamed', { reserved: ['uid'], rename_fields: [{ from: 'uid', to: 'user_id' }] }, { uid: 'u', a: 1 }, { a: 1 }],
    ['are sent when listed in include_fields', { reserved: ['uid'], include_fields: ['uid', 'a'] }, { uid: 'u', a: 1 }, { uid: 'u', a: 1 }],
    ['are sent renamed when included and renamed', { reserved: ['uid'], include_fields: ['uid'], rename_fields: [{ from: 'uid', to: 'user_id' }] }, { uid: 'u' }, { user_id: 'u' }],
    ['are sent when an included nested object holds them', { reserved: ['user.id'], include_fields: ['user'] }, { user: { id: 'u', plan: 'p' } }, { 'user.id': 'u', 'user.plan': 'p' }],
    ['given as a dot path, leave the rest of the object', { reserved: ['user.id'] }, { user: { id: 'u', plan: 'p' } }, { 'user.plan': 'p' }],
    ['given as a dot path, also hold back the literal key of that name', { reserved: ['user.id'] }, { 'user.id': 'a', user: { id: 'b' } }, {}],
  ])('%s', (_title, rules, data, expected) => {
    expect(build(rules, data).properties).toEqual(expected);
  });
});

describe('keys Heap refuses', () => {
  it.each<[string, Rules, Record<string, unknown>, Record<string, string | number>, Partial<ValueAdjustments>]>([
    ['a user property "id" is left out and counted', { dropIdKeys: true }, { id: 1, a: 2 }, { a: 2 }, { droppedIdKeys: 1 }],
    ['a user property "ID" is left out and counted', { dropIdKeys: true }, { ID: 1 }, {}, { droppedIdKeys: 1 }],
    ['a user property "Id" is left out and counted', { dropIdKeys: true }, { Id: 1 }, {}, { droppedIdKeys: 1 }],
    ['a user property that becomes "id" by renaming is left out', { dropIdKeys: true, rename_fields: [{ from: 'x', to: 'iD' }] }, { x: 1 }, {}, { droppedIdKeys: 1 }],
    ['a nested "user.id" is not an id key', { dropIdKeys: true }, { user: { id: 1 } }, { 'user.id': 1 }, {}],
    ['"idx" is not an id key', { dropIdKeys: true }, { idx: 1 }, { idx: 1 }, {}],
    ['"id" is kept outside user properties', { dropIdKeys: false }, { id: 1 }, { id: 1 }, {}],
    ['a key of 1024 characters is left out and counted', {}, { ['k'.repeat(1024)]: 1, a: 2 }, { a: 2 }, { droppedLongKeys: 1 }],
    ['a key of 1023 characters is kept', {}, { ['k'.repeat(1023)]: 1 }, { ['k'.repeat(1023)]: 1 }, {}],
    ['a flattened key of 1024 characters is left out and counted', {}, { ['k'.repeat(1000)]: { ['j'.repeat(23)]: 1 } }, {}, { droppedLongKeys: 1 }],
    ['a value of 1024 characters is cut and counted', {}, { a: 'x'.repeat(1024) }, { a: 'x'.repeat(1023) }, { truncatedValues: 1 }],
    ['a contested record counts each truncation once', { rename_fields: [{ from: 'a', to: 'b' }] }, { c: 'x'.repeat(1024), b: 1, a: 2 }, { c: 'x'.repeat(1023), b: 2 }, { truncatedValues: 1 }],
    ['a value that loses to a renamed field is not counted as truncated', { rename_fields: [{ from: 'a', to: 'b' }] }, { b: 'x'.repeat(1024), a: 2 }, { b: 2 }, {}],
  ])('%s', (_title, rules, data, expected, counted) => {
    const { properties, adjustments } = build(rules, data);
    expect(properties).toEqual(expected);
    expect(adjustments).toEqual({ ...none(), ...counted });
  });

  it('a key "__proto__" becomes an ordinary property', () => {
    const data = JSON.parse('{"__proto__": "x", "a": 1}') as Record<string, unknown>;
    const { properties } = build({}, data);
    expect(Object.keys(properties)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(JSON.stringify(properties)).toBe('{"__proto__":"x","a":1}');
  });

  it.each([
    ['id', true],
    ['ID', true],
    ['iD', true],
    ['ids', false],
    ['i', false],
  ])('isIdKey(%j) is %s', (name, expected) => {
    expect(isIdKey(name)).toBe(expected);
  });
});
