import { describe, expect, it } from 'vitest';
import { declaredPaths, isDeclared } from '../src/catalog/declared-fields.js';
import { checkFieldsAgainstCatalog } from '../src/catalog/field-check.js';
import type { ConfiguredCatalog } from '../src/catalog/catalog.js';
import type { Mapping } from '../src/config/schema.js';
import { ConfigError } from '../src/errors.js';

const schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    'user.email': { type: 'string' },
    user: { type: 'object', properties: { email: { type: 'string' }, plan: { type: 'string' } } },
    meta: { type: 'object' },
    created_at: { type: 'string' },
  },
};

function catalogOf(...streams: { name: string; namespace?: string; json_schema?: unknown }[]): ConfiguredCatalog {
  return {
    streams: streams.map((stream) => ({ stream: { ...stream }, destination_sync_mode: 'append' })),
  } as ConfiguredCatalog;
}

function events(stream: string, extra: Partial<Extract<Mapping, { sync_type: 'events' }>> = {}): Mapping {
  return { stream, sync_type: 'events', identity_field: 'user.email', event_name: 'E', ...extra };
}

function check(mappings: Mapping[], catalog: ConfiguredCatalog, enabled = true) {
  return checkFieldsAgainstCatalog({ mappings, check_fields_against_catalog: enabled }, catalog);
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('isDeclared', () => {
  it.each([
    ['a top-level key', 'id', true],
    ['a dot path into declared properties', 'user.plan', true],
    ['a literal dotted key (an exact key wins over a path)', 'user.email', true],
    ['a path into an object that declares no properties', 'meta.anything.deep', true],
    ['a misspelt top-level key', 'created', false],
    ['a misspelt segment under a declaring object', 'user.mail', false],
    ['a key that differs only in case', 'ID', false],
  ])('%s', (_title, field, expected) => {
    expect(isDeclared(schema, field)).toBe(expected);
  });

  it('lets every field through a schema without properties', () => {
    expect(isDeclared({ type: 'object' }, 'anything')).toBe(true);
    expect(isDeclared({ type: 'object', properties: {} }, 'anything')).toBe(true);
    expect(isDeclared(undefined, 'anything')).toBe(true);
  });

  it('lists declared paths parents first', () => {
    expect(declaredPaths(schema)).toEqual(['id', 'user.email', 'user', 'user.email', 'user.plan', 'meta', 'created_at']);
  });
});

describe('checkFieldsAgainstCatalog', () => {
  it('refuses a misspelt identity_field, naming the mapping, the field, the nearest name and the way out', () => {
    const error = errorOf(() => check([events('orders', { identity_field: 'user.mial' })], catalogOf({ name: 'orders', json_schema: schema })));
    expect(error.code).toBe('FIELD_NOT_IN_CATALOG');
    expect(error.message).toContain('mappings[0]');
    expect(error.message).toContain('identity_field "user.mial"');
    expect(error.message).toContain('"user.email"');
    expect(error.message).toContain('check_fields_against_catalog');
  });

  it.each([
    ['timestamp_field', { timestamp_field: 'created' }],
    ['event_name_field', { event_name: undefined, event_name_field: 'kind' }],
    ['idempotency_key_fields[1]', { idempotency_key_fields: ['id', 'uid'] }],
  ])('refuses an undeclared %s', (setting, extra) => {
    const error = errorOf(() => check([events('orders', extra)], catalogOf({ name: 'orders', json_schema: schema })));
    expect(error.message).toContain(setting);
  });

  it('refuses an undeclared account_id_field and user identity_field', () => {
    const accounts: Mapping = { stream: 'a', sync_type: 'account_properties', account_id_field: 'account' };
    const users: Mapping = { stream: 'u', sync_type: 'user_properties', identity_field: 'mail' };
    const error = errorOf(() => check([accounts, users], catalogOf({ name: 'a', json_schema: schema }, { name: 'u', json_schema: schema })));
    expect(error.message).toContain('account_id_field "account"');
    expect(error.message).toContain('identity_field "mail"');
  });

  it('warns about undeclared include, exclude and rename fields without refusing', () => {
    const mapping = events('orders', { include_fields: ['id', 'plann'], exclude_fields: ['secret'], rename_fields: [{ from: 'crated_at', to: 'c' }] });
    const { warnings } = check([mapping], catalogOf({ name: 'orders', json_schema: schema }));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('include_fields[1] "plann"');
    expect(warnings[1]).toContain('exclude_fields[0] "secret"');
    expect(warnings[2]).toContain('rename_fields[0].from "crated_at"');
    expect(warnings[2]).toContain('"created_at"');
  });

  it('checks a "*" mapping against every stream it serves', () => {
    const other = { type: 'object', properties: { uid: { type: 'string' } } };
    const error = errorOf(() =>
      check([events('*', { identity_field: 'uid' })], catalogOf({ name: 'a', json_schema: other }, { name: 'b', json_schema: schema })),
    );
    expect(error.message).toContain('serving stream "b"');
    expect(error.message).not.toContain('serving stream "a"');
  });

  it('skips streams whose schema declares no properties', () => {
    expect(check([events('s', { identity_field: 'nope' })], catalogOf({ name: 's', json_schema: { type: 'object', properties: {} } })).warnings).toEqual([]);
    expect(check([events('s', { identity_field: 'nope' })], catalogOf({ name: 's' })).warnings).toEqual([]);
  });

  it('checks nothing when check_fields_against_catalog is false', () => {
    const mapping = events('orders', { identity_field: 'user.mial', include_fields: ['zzz'] });
    expect(check([mapping], catalogOf({ name: 'orders', json_schema: schema }), false)).toEqual({ warnings: [] });
  });

  it('names the closest declared fields when no name is a likely typo', () => {
    const error = errorOf(() => check([events('orders', { identity_field: 'customer_reference' })], catalogOf({ name: 'orders', json_schema: schema })));
    expect(error.message).toContain('closest declared fields');
  });

  it('leaves a stream that names a destination object to that object, even where a "*" mapping would not fit it', () => {
    const catalog = {
      streams: [{ stream: { name: 'visits', json_schema: schema }, destination_sync_mode: 'append', destination_object_name: 'events' }],
    } as ConfiguredCatalog;
    expect(check([events('*', { identity_field: 'customer_reference' })], catalog).warnings).toEqual([]);
  });
});
