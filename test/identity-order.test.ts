import { describe, expect, it } from 'vitest';
import { IdentityOrder, orderOf } from '../src/delivery/identity-order.js';
import type { ItemText } from '../src/delivery/item-text.js';

const item = (endpoint: ItemText['endpoint'], key: string, userId?: string) => ({ endpoint, key, ...(userId === undefined ? {} : { userId }) });

/** An order holding the items, numbered 1, 2, 3... in input order. */
function orderOfItems(...items: ReturnType<typeof item>[]): IdentityOrder {
  const order = new IdentityOrder();
  items.forEach((it, i) => order.add(orderOf(it, i + 1)));
  return order;
}

describe('IdentityOrder', () => {
  it('holds an event read after a deletion of its identity until the deletion is settled', () => {
    const order = orderOfItems(item('deletions', 'ann'), item('track', 'ann'));
    expect([order.mayGo(1), order.mayGo(2)]).toEqual([true, false]);
    order.settle(1);
    expect(order.mayGo(2)).toBe(true);
  });

  it('holds a deletion until every earlier event and upsert of its identity is settled', () => {
    const order = orderOfItems(item('track', 'ann'), item('users', 'ann'), item('deletions', 'ann'));
    expect([order.mayGo(1), order.mayGo(2), order.mayGo(3)]).toEqual([true, true, false]);
    order.settle(2);
    expect(order.mayGo(3)).toBe(false);
    order.settle(1);
    expect(order.mayGo(3)).toBe(true);
  });

  it('lets deletions of one identity go together, and events and upserts of one identity too', () => {
    const order = orderOfItems(item('deletions', 'ann'), item('deletions', 'ann'), item('track', 'bob'), item('users', 'bob'));
    expect([1, 2, 3, 4].map((seq) => order.mayGo(seq))).toEqual([true, true, true, true]);
  });

  it('never holds one identity back for another', () => {
    const order = orderOfItems(item('deletions', 'ann'), item('track', 'bob'), item('identify', 'cy', '3'));
    expect([1, 2, 3].map((seq) => order.mayGo(seq))).toEqual([true, true, true]);
  });

  it('keeps identifies of one identity in input order, and orders them against items of their user id', () => {
    const order = orderOfItems(item('identify', 'ann', '1'), item('identify', 'ann', '2'), item('identify', 'bob', '1'), item('track', 'ann'));
    expect([1, 2, 3, 4].map((seq) => order.mayGo(seq))).toEqual([true, false, false, false]);
    order.settle(1);
    expect([2, 3, 4].map((seq) => order.mayGo(seq))).toEqual([true, true, false]);
  });

  it('makes a deletion by user_id a barrier for every identity', () => {
    const order = orderOfItems(item('track', 'ann'), item('deletions', 'user_id:9', '9'), item('users', 'bob'), item('deletions', 'cy'));
    // The later identity deletion does not wait: deletions never wait for deletions.
    expect([1, 2, 3, 4].map((seq) => order.mayGo(seq))).toEqual([true, false, false, true]);
    order.settle(1);
    expect([2, 3].map((seq) => order.mayGo(seq))).toEqual([true, false]);
    order.settle(2);
    expect(order.mayGo(3)).toBe(true);
  });

  it('does not hold account upserts, and forgets what is settled', () => {
    const order = orderOfItems(item('deletions', 'user_id:9', '9'), item('accounts', 'acme'));
    expect(order.mayGo(2)).toBe(true);
    expect(order.size).toBe(1);
    order.settle(1);
    expect(order.size).toBe(0);
  });
});
