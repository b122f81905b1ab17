/**
 * Canonical JSON: the same JSON data always gives the same text, whatever the key order of its
 * objects. Object keys are sorted by UTF-16 code units at every level (as RFC 8785 does); no
 * whitespace; strings and numbers are written exactly as JSON.stringify writes them; undefined
 * object members are left out, undefined array items and non-finite numbers are `null`. An
 * integer beyond ±(2^53 − 1) (an ExactNumber) is written as its exact digits, and a number that
 * overflows a double as `null`, as Infinity always was: for numbers a double holds, the text is
 * what it always was.
 *
 * Idempotency keys hash this text, so changing its output changes every key and lets Heap take
 * re-sent events as new ones: it is pinned by golden tests.
 */

import { ExactNumber } from '../input/exact-number.js';
import { checkNumber } from './rounded-numbers.js';

/** Characters JSON.stringify escapes or must check (quote, backslash, controls, surrogates). */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Above this many keys, sorting uses Array#sort instead of an insertion sort. */
const INSERTION_SORT_MAX = 32;

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      checkNumber(value);
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (Array.isArray(value)) return arrayJson(value);
      if (value instanceof ExactNumber) return value.overflows ? 'null' : value.decimal ? `${value.double}` : value.text;
      return objectJson(value as Record<string, unknown>);
    default:
      return 'null';
  }
}

/**
 * A canonicalJson for a stream of objects that mostly share their key order (the records of one
 * stream): the sorted order of the last key sequence seen, with each key already quoted, is kept,
 * so a repeat costs one comparison per key instead of a sort and a quoting per key.
 */
export function canonicalRecordWriter(): (record: Record<string, unknown>) => string {
  let lastKeys: string[] = [];
  let sorted: string[] = [];
  let heads: string[] = [];
  return (record) => {
    const keys = Object.keys(record);
    if (!sameKeys(keys, lastKeys)) {
      lastKeys = keys;
      sorted = sortInPlace(keys.slice());
      heads = sorted.map((key) => `${quote(key)}:`);
    }
    let text = '{';
    for (let i = 0; i < sorted.length; i++) {
      const member = record[sorted[i] as string];
      if (member === undefined) continue;
      if (text.length > 1) text += ',';
      text += (heads[i] as string) + canonicalJson(member);
    }
    return `${text}}`;
  };
}

function objectJson(object: Record<string, unknown>): string {
  const sorted = sortInPlace(Object.keys(object));
  let text = '{';
  for (const key of sorted) {
    const member = object[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${quote(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}

function arrayJson(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ',';
    text += canonicalJson(items[i]);
  }
  return `${text}]`;
}

function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Code-unit order, like Array#sort without a comparator; insertion sort wins for small records. */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
