import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../src/config/schema.js';
import { findMapping } from '../../src/mapping/resolve.js';

const m = (stream: string, namespace?: string): Mapping => ({
  stream,
  ...(namespace === undefined ? {} : { namespace }),
  sync_type: 'user_properties',
  identity_field: 'email',
});
const label = (mapping: Mapping | undefined) =>
  mapping === undefined ? 'none' : `${mapping.stream}@${mapping.namespace ?? '-'}`;

describe('findMapping', () => {
  const all = [m('*'), m('*', 'shop'), m('orders'), m('orders', 'shop')];

  it.each<[string, Mapping[], string, string | null | undefined, string]>([
    ['the exact stream with the same namespace wins', all, 'orders', 'shop', 'orders@shop'],
    ['then the exact stream without namespace', all, 'orders', 'crm', 'orders@-'],
    ['the exact stream without namespace serves a record without namespace', all, 'orders', undefined, 'orders@-'],
    ['the exact stream without namespace serves a null namespace', all, 'orders', null, 'orders@-'],
    ['then "*" with the same namespace', all, 'refunds', 'shop', '*@shop'],
    ['then "*" without namespace', all, 'refunds', 'crm', '*@-'],
    ['"*" without namespace serves a record without namespace', all, 'refunds', undefined, '*@-'],
    ['an exact stream without namespace beats "*" with the same namespace', [m('*', 'shop'), m('orders')], 'orders', 'shop', 'orders@-'],
    ['a mapping with a namespace never serves another namespace', [m('orders', 'shop')], 'orders', 'crm', 'none'],
    ['a mapping with a namespace never serves a record without one', [m('orders', 'shop')], 'orders', undefined, 'none'],
    ['a "*" mapping with a namespace never serves a record without one', [m('*', 'shop')], 'orders', null, 'none'],
    ['a mapping for another stream does not serve', [m('orders')], 'refunds', undefined, 'none'],
    ['no mappings, no mapping', [], 'orders', undefined, 'none'],
    ['list order does not matter', [m('orders', 'shop'), m('orders'), m('*', 'shop'), m('*')], 'orders', 'shop', 'orders@shop'],
  ])('%s', (_title, mappings, stream, namespace, expected) => {
    expect(label(findMapping(mappings, stream, namespace))).toBe(expected);
  });
});
