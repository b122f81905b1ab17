/**
 * Idempotency keys for events (docs/heap.md, "Idempotency keys"): the same source row yields the same key in every
 * run and retry, so Heap deduplicates a re-sent event instead of counting it twice.
 *
 * key = base64url(SHA-256(canonical JSON of [namespace ?? null, stream name, values])), where
 * values are, in order of preference:
 * - the values of the mapping's `idempotency_key_fields` (a list, a missing field being null);
 * - the values of the catalog stream's `primary_key` paths (a list, a missing field being null);
 * - the whole record `data`.
 * The canonical form, and therefore every key, is pinned by golden tests: changing it would make
 * Heap take every re-sent event of an interrupted sync as new.
 */
import * as crypto from 'node:crypto';
import { canonicalJson, canonicalRecordWriter } from './canonical-json.js';
import { compileField, resolveField, resolveKeyPath } from './fields.js';
import type { StreamInfo } from './types.js';

export type IdempotencyKeyOf = (data: Record<string, unknown>) => string;

/** Where a stream's idempotency values come from. */
export type IdempotencySource =
  | { kind: 'fields'; fields: readonly string[] }
  | { kind: 'primary_key'; paths: readonly (readonly string[])[] }
  | { kind: 'record' };

export function idempotencySource(stream: StreamInfo, fields: readonly string[] | undefined): IdempotencySource {
  if (fields !== undefined && fields.length > 0) return { kind: 'fields', fields };
  const paths = stream.primaryKey ?? [];
  if (paths.length > 0) return { kind: 'primary_key', paths };
  return { kind: 'record' };
}

export function compileIdempotencyKey(stream: StreamInfo, fields: readonly string[] | undefined): IdempotencyKeyOf {
  // Written out once per stream: `[namespace,"stream",`
  const head = `[${canonicalJson(stream.namespace ?? null)},${canonicalJson(stream.name)},`;
  const source = idempotencySource(stream, fields);
  switch (source.kind) {
    case 'fields': {
      const refs = source.fields.map(compileField);
      return (data) => {
        let text = `${head}[`;
        for (let i = 0; i < refs.length; i++) {
          if (i > 0) text += ',';
          text += canonicalJson(resolveField(data, refs[i]!));
        }
        return sha256Base64url(`${text}]]`);
      };
    }
    case 'primary_key': {
      const paths = source.paths;
      return (data) => {
        let text = `${head}[`;
        for (let i = 0; i < paths.length; i++) {
          if (i > 0) text += ',';
          text += canonicalJson(resolveKeyPath(data, paths[i]!));
        }
        return sha256Base64url(`${text}]]`);
      };
    }
    case 'record': {
      const writeRecord = canonicalRecordWriter();
      return (data) => sha256Base64url(`${head}${writeRecord(data)}]`);
    }
  }
}

/**
 * One hash call per event. `crypto.hash` (Node >= 20.12) skips the Hash object that
 * `createHash` allocates, which is most of the cost for inputs this small.
 */
const sha256Base64url: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => crypto.createHash('sha256').update(text).digest('base64url');
