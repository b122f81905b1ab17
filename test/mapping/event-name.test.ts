import { describe, expect, it } from 'vitest';
import { compileEventName } from '../../src/mapping/event-name.js';
import { Rejection } from '../../src/mapping/rejection.js';

describe('event name from a field', () => {
  const read = compileEventName({ event_name_field: 'action' });

  it.each<[string, unknown, string]>([
    ['a string', 'signup', 'signup'],
    ['a number, as its decimal string', 404, '404'],
    ['zero, as "0"', 0, '0'],
    ['1024 characters', 'e'.repeat(1024), 'e'.repeat(1024)],
  ])('accepts %s', (_title, value, expected) => {
    expect(read({ action: value })).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing field', {}, 'event_name_field "action" is missing from the record (names are case-sensitive; dot paths read nested objects)'],
    ['null', { action: null }, 'event_name_field "action" is null; expected a non-empty string or a number'],
    ['an empty string', { action: '' }, 'event_name_field "action" is empty'],
    ['1025 characters', { action: 'p'.repeat(1025) }, 'event_name_field "action" is longer than 1024 characters'],
    ['a boolean', { action: true }, 'event_name_field "action" is a boolean; expected a non-empty string or a number'],
    ['an object', { action: { pii: 'x' } }, 'event_name_field "action" is an object; expected a non-empty string or a number'],
  ])('rejects %s, naming the field', (_title, data, reason) => {
    const result = read(data);
    expect(result).toBeInstanceOf(Rejection);
    expect((result as Rejection).reason).toBe(reason);
  });

  it('reads a dot path', () => {
    expect(compileEventName({ event_name_field: 'meta.type' })({ meta: { type: 'click' } })).toBe('click');
  });
});

describe('constant event name', () => {
  it('is the same for every record', () => {
    const read = compileEventName({ event_name: 'Order Placed' });
    expect(read({})).toBe('Order Placed');
    expect(read({ event_name: 'other' })).toBe('Order Placed');
  });

  it.each([
    ['empty', '', 'event_name is empty'],
    ['longer than 1024 characters', 'n'.repeat(1025), 'event_name is longer than 1024 characters'],
  ])('is rejected for every record when %s', (_title, constant, reason) => {
    const result = compileEventName({ event_name: constant })({});
    expect((result as Rejection).reason).toBe(reason);
  });
});
