import { describe, expect, it } from 'vitest';
import { bodyItems, RequestBodies, requestBody } from '../src/delivery/request-body.js';

describe('requestBody', () => {
  const items = [
    { identity: 'zoë@example.com', event: 'Ordered ✓', idempotency_key: 'k1', properties: { note: 'line\nbreak "quoted"', n: 1.5 } },
    { identity: '𝔘ser', event: 'Viewed', idempotency_key: 'k2', properties: {} },
  ];
  const texts = items.map((item) => JSON.stringify(item));

  it('writes the bytes JSON.stringify gives for the whole body, multi-byte characters included', () => {
    const body = requestBody('12"34', 'events', texts);
    expect(body.equals(Buffer.from(JSON.stringify({ app_id: '12"34', events: items })))).toBe(true);
  });

  it('writes an empty list and a single item without a stray comma', () => {
    expect(requestBody('1', 'users', []).toString()).toBe('{"app_id":"1","users":[]}');
    expect(JSON.parse(requestBody('1', 'events', texts.slice(0, 1)).toString())).toEqual({ app_id: '1', events: items.slice(0, 1) });
  });

  it('reads the items of a body back as they were written, so a split half gets the same texts', () => {
    const body = requestBody('1', 'events', texts);
    expect(bodyItems(body, 'events').map((item) => JSON.stringify(item))).toEqual(texts);
  });

  it('reuses a body Buffer handed back, and never one it was not given back', () => {
    const bodies = new RequestBodies(1);
    const first = bodies.build('1', 'events', texts);
    const second = bodies.build('1', 'events', texts);
    expect(second.buffer).not.toBe(first.buffer);
    bodies.reuse(first);
    const third = bodies.build('1', 'events', texts.slice(0, 1));
    expect(third.buffer).toBe(first.buffer);
    expect(JSON.parse(third.toString())).toEqual({ app_id: '1', events: items.slice(0, 1) });
  });
});

describe('requestBody for user deletion and identify', () => {
  it('writes a deletion body without app_id: {"users":[...]}', () => {
    const body = requestBody(undefined, 'users', ['{"identity":"a"}', '{"user_id":5}']);
    expect(body.toString()).toBe(JSON.stringify({ users: [{ identity: 'a' }, { user_id: 5 }] }));
    expect(bodyItems(body, 'users')).toEqual([{ identity: 'a' }, { user_id: 5 }]);
  });

  it('writes an identify body as the item itself with app_id first, and reads the item back without it', () => {
    const body = requestBody('42', undefined, ['{"user_id":"7","identity":"é"}']);
    expect(body.toString()).toBe(JSON.stringify({ app_id: '42', user_id: '7', identity: 'é' }));
    expect(bodyItems(body, undefined)).toEqual([{ user_id: '7', identity: 'é' }]);
  });
});
