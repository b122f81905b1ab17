/**
 * Naming fields of a record (docs/heap.md, "Naming fields"): a field is named by its key or by a dot path into
 * nested objects (`user.email`), and the property a nested value becomes is its dot path.
 *
 * One precedence rule serves both directions, so that resolving a field and flattening a record
 * always agree on which value a name stands for: an exact key wins over a path, and more
 * generally, among the ways a name can be split into keys, the one whose first key is longest
 * wins (then the second key, and so on). `{"user.email": "a", "user": {"email": "b"}}` gives
 * "a" for `user.email` both ways. An absent value (null, or an array of nothing but nulls) never
 * wins over a present one: it is as if the key were not there.
 */
import { isAbsent, isNestedObject } from './values.js';

/** A field name from the config, split once so that resolving it per record is cheap. */
export interface FieldRef {
  /** The field as the config spells it. */
  readonly name: string;
  /** Number of dot-separated segments. */
  readonly depth: number;
  /** Segments `start..end-1` joined with dots, at `start * (depth + 1) + end`; empty when depth is 1. */
  readonly joins: readonly string[];
}

export function compileField(name: string): FieldRef {
  const segments = name.split('.');
  const depth = segments.length;
  const joins: string[] = [];
  if (depth > 1) {
    for (let start = 0; start < depth; start++) {
      for (let end = 0; end <= depth; end++) {
        joins[start * (depth + 1) + end] = end > start ? segments.slice(start, end).join('.') : '';
      }
    }
  }
  return { name, depth, joins };
}

/** The value a field names in `data`; undefined when there is none. */
export function resolveField(data: Record<string, unknown>, field: FieldRef): unknown {
  if (field.depth === 1) return Object.hasOwn(data, field.name) ? data[field.name] : undefined;
  const found = search(data, field, 0);
  return found === NOT_FOUND ? undefined : found;
}

/** The value at an exact path of keys (the catalog's `primary_key` entries); undefined when there is none. */
export function resolveKeyPath(data: Record<string, unknown>, keys: readonly string[]): unknown {
  if (keys.length === 0) return undefined;
  let value: unknown = data;
  for (const key of keys) {
    if (!isNestedObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Receives each leaf of a record, in the record's field order: its property name (the dot path),
 * its value (never a nested object, never absent) and the keys that led to it (valid during the
 * call only).
 */
export type LeafVisitor = (name: string, value: unknown, keys: readonly string[]) => void;

/**
 * Visits every leaf of `data`: nested objects are walked (arrays are leaves), absent values
 * skipped. `descend(name)` returning false skips a nested object and all it holds. Two leaves may
 * share a name (a literal dotted key and a path); `flattenRecord` settles which one wins.
 */
export function walkLeaves(data: Record<string, unknown>, visit: LeafVisitor, descend?: (name: string) => boolean): void {
  walk(data, undefined, [], visit, descend);
}

export interface FlatLeaf {
  name: string;
  value: unknown;
  /** The keys that led to the value; `name` is them joined with dots. */
  keys: readonly string[];
}

/** The leaves of `data`, one per property name (the winner by precedence), in the record's field order. */
export function flattenRecord(data: Record<string, unknown>, descend?: (name: string) => boolean): FlatLeaf[] {
  const slots: (FlatLeaf | undefined)[] = [];
  const slotOf = new Map<string, number>();
  walkLeaves(
    data,
    (name, value, keys) => {
      const taken = slotOf.get(name);
      if (taken !== undefined) {
        const holder = slots[taken];
        if (holder !== undefined && comparePrecedence(keys, holder.keys) < 0) return;
        slots[taken] = undefined;
      }
      slotOf.set(name, slots.length);
      slots.push({ name, value, keys: keys.slice() });
    },
    descend,
  );
  return slots.filter((leaf): leaf is FlatLeaf => leaf !== undefined);
}

/**
 * Which of two splits of the same name into keys wins: positive when `a` does. The first key that
 * differs decides, the longer one winning, so `["user.email"]` beats `["user", "email"]`.
 */
export function comparePrecedence(a: readonly string[], b: readonly string[]): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = (a[i] as string).length - (b[i] as string).length;
    if (difference !== 0) return difference;
  }
  return 0;
}

const NOT_FOUND: unique symbol = Symbol('not found');

/**
 * Depth-first over the ways to split the rest of the field into keys, longest first key first:
 * that order is the precedence order, so the first present value found wins. An absent value is
 * kept as a fallback so that callers can tell "null" from "missing".
 */
function search(object: Record<string, unknown>, field: FieldRef, start: number): unknown {
  const { depth, joins } = field;
  let fallback: unknown = NOT_FOUND;
  for (let end = depth; end > start; end--) {
    const key = joins[start * (depth + 1) + end] as string;
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    let found: unknown;
    if (end === depth) found = value;
    else if (isNestedObject(value)) found = search(value, field, end);
    else continue;
    if (found === NOT_FOUND) continue;
    if (!isAbsent(found)) return found;
    if (fallback === NOT_FOUND) fallback = found;
  }
  return fallback;
}

function walk(
  object: Record<string, unknown>,
  prefix: string | undefined,
  keys: string[],
  visit: LeafVisitor,
  descend: ((name: string) => boolean) | undefined,
): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (isAbsent(value)) continue;
    const name = prefix === undefined ? key : `${prefix}.${key}`;
    keys.push(key);
    if (!isNestedObject(value)) visit(name, value, keys);
    else if (descend === undefined || descend(name)) walk(value, name, keys, visit, descend);
    keys.pop();
  }
}
