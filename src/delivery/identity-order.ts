/**
 * Per-identity order between deletions, identifies and everything else (docs/heap.md, "Order
 * per user"). Events and property upserts keep their own rules (endpoint-queue.ts); this only
 * says when an item may be sent with respect to the privacy items around it:
 *
 * - a deletion of identity X waits until every earlier event, upsert and identify of X is settled
 *   (accepted or rejected); deletions do not wait for one another;
 * - an identify of (user_id U, identity X) waits for every earlier item of X or of U;
 * - an event or upsert of X waits for every earlier deletion or identify of X;
 * - a deletion by user_id cannot be tied to an identity (Heap alone knows whose id it is), so it
 *   is a barrier for every identity: it waits for every earlier non-deletion item, and every later
 *   non-deletion item waits for it.
 *
 * Items are numbered in input order (`seq`, increasing); an item stays here until it is settled.
 * Sets keep insertion order, so a set's first member is its earliest item.
 */

import type { ItemText } from './item-text.js';

export type OrderKind = 'plain' | 'deletion' | 'identify';

export interface OrderedItem {
  seq: number;
  kind: OrderKind;
  /** `i:<identity>` and/or `u:<user_id>`; empty for account upserts (not ordered here). */
  keys: readonly string[];
  /** A deletion by user_id: ordered against every identity. */
  barrier: boolean;
}

/** How the item of input line `seq` is ordered. */
export function orderOf(item: Pick<ItemText, 'endpoint' | 'key' | 'userId'>, seq: number): OrderedItem {
  switch (item.endpoint) {
    case 'track':
    case 'users':
      return { seq, kind: 'plain', keys: [`i:${item.key}`], barrier: false };
    case 'accounts':
      return { seq, kind: 'plain', keys: [], barrier: false };
    case 'deletions':
      return item.userId === undefined
        ? { seq, kind: 'deletion', keys: [`i:${item.key}`], barrier: false }
        : { seq, kind: 'deletion', keys: [`u:${item.userId}`], barrier: true };
    case 'identify':
      return { seq, kind: 'identify', keys: [`i:${item.key}`, `u:${item.userId ?? ''}`], barrier: false };
  }
}

export class IdentityOrder {
  /** Per key: unsettled deletions and identifies. */
  readonly #privacy = new Map<string, Set<number>>();
  /** Per key: unsettled events, upserts and identifies. */
  readonly #plain = new Map<string, Set<number>>();
  /** Every unsettled event, upsert and identify (what a barrier waits for). */
  readonly #allPlain = new Set<number>();
  /** Unsettled deletions by user_id. */
  readonly #barriers = new Set<number>();
  readonly #items = new Map<number, OrderedItem>();

  get size(): number {
    return this.#items.size;
  }

  add(item: OrderedItem): void {
    if (item.keys.length === 0 && !item.barrier) return;
    this.#items.set(item.seq, item);
    if (item.barrier) this.#barriers.add(item.seq);
    if (item.kind !== 'deletion') this.#allPlain.add(item.seq);
    for (const key of item.keys) {
      if (item.kind !== 'plain') member(this.#privacy, key).add(item.seq);
      if (item.kind !== 'deletion') member(this.#plain, key).add(item.seq);
    }
  }

  /** Whether the item numbered `seq` may be sent now (true for items not held here). */
  mayGo(seq: number): boolean {
    const item = this.#items.get(seq);
    if (item === undefined) return true;
    if (item.barrier) return !(first(this.#allPlain) < seq);
    if (item.kind !== 'deletion' && first(this.#barriers) < seq) return false;
    for (const key of item.keys) {
      if (item.kind !== 'deletion' && first(this.#privacy.get(key)) < seq) return false;
      if (item.kind !== 'plain' && first(this.#plain.get(key)) < seq) return false;
    }
    return true;
  }

  /** The item numbered `seq` was accepted or rejected. */
  settle(seq: number): void {
    const item = this.#items.get(seq);
    if (item === undefined) return;
    this.#items.delete(seq);
    this.#barriers.delete(seq);
    this.#allPlain.delete(seq);
    for (const key of item.keys) {
      remove(this.#privacy, key, seq);
      remove(this.#plain, key, seq);
    }
  }
}

function member(map: Map<string, Set<number>>, key: string): Set<number> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function remove(map: Map<string, Set<number>>, key: string, seq: number): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(seq);
  if (set.size === 0) map.delete(key);
}

/** The earliest member, or Infinity for none. */
function first(set: Set<number> | undefined): number {
  if (set === undefined || set.size === 0) return Number.POSITIVE_INFINITY;
  return set.values().next().value as number;
}
