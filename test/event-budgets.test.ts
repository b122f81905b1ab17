import { describe, expect, it } from 'vitest';
import { EventBudgets } from '../src/delivery/event-budgets.js';
import { clientWindowMs } from '../src/delivery/rate-limiter.js';

const batch = (...keys: string[]) => ({ items: keys.length, keys });

describe('EventBudgets', () => {
  it('has no windows when both budgets are 0, and every batch is ready at once', () => {
    const budgets = new EventBudgets(0, 0, 1000);
    expect({ app: budgets.app, identity: budgets.identity }).toEqual({ app: undefined, identity: undefined });
    budgets.reserve(batch('a', 'a', 'a'));
    expect(budgets.readyAt(batch('a', 'a'), 5)).toBe(5);
  });

  it('holds a batch while the room it needs is reserved by a request in flight', () => {
    const budgets = new EventBudgets(3, 0, 1000);
    budgets.reserve(batch('a', 'b'));
    expect(budgets.readyAt(batch('c', 'd'), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('makes a batch ready a client window after the answer that used the room', () => {
    const budgets = new EventBudgets(3, 0, 1000);
    budgets.reserve(batch('a', 'b'));
    budgets.settle(batch('a', 'b'), 100);
    expect(budgets.readyAt(batch('c'), 200)).toBe(200);
    expect(budgets.readyAt(batch('c', 'd'), 200)).toBe(100 + clientWindowMs(1000) + 1);
  });

  it('counts a batch against each identity by how many of its items carry it', () => {
    const budgets = new EventBudgets(0, 2, 1000);
    budgets.reserve(batch('hot'));
    budgets.settle(batch('hot'), 0);
    expect(budgets.readyAt(batch('hot', 'cold'), 10)).toBe(10);
    expect(budgets.readyAt(batch('hot', 'hot', 'cold'), 10)).toBe(clientWindowMs(1000) + 1);
  });
});
