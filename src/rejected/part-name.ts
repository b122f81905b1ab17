/**
 * Where a part of kept records goes, as Airbyte's object storage lays it out:
 * `BUCKET_PATH/SYNC_ID/NAMESPACE/STREAM/DATE_TIMESTAMP_PART.jsonl` (a local store puts it under its
 * folder). DATE is the UTC day the part was opened (`2026_12_07`), TIMESTAMP its epoch
 * milliseconds, PART its number among the stream's parts in this run. A record without a
 * namespace has no NAMESPACE segment.
 *
 * Stream and namespace names come from the source: each becomes one path segment, with every
 * character outside `A-Z a-z 0-9 . _ -` percent-encoded (so `/` cannot make a folder, and `..`
 * cannot leave one).
 */

export interface PartName {
  /** The run's sync id: the catalog's `sync_id`, or the run id. */
  syncId: string;
  stream: string;
  namespace: string | null | undefined;
  /** Epoch ms the part was opened. */
  openedAt: number;
  part: number;
}

/** The part's path below the store's root (bucket path or folder), `/`-separated. */
export function partPath(name: PartName): string {
  const segments = [segment(name.syncId)];
  if (name.namespace !== undefined && name.namespace !== null && name.namespace !== '') segments.push(segment(name.namespace));
  segments.push(segment(name.stream), fileName(name.openedAt, name.part));
  return segments.join('/');
}

/** `2026_12_07_1796660000000_0.jsonl` */
export function fileName(openedAt: number, part: number): string {
  const day = new Date(openedAt).toISOString().slice(0, 10).replaceAll('-', '_');
  return `${day}_${openedAt}_${part}.jsonl`;
}

/** A source name as one safe path segment. */
export function segment(name: string): string {
  const encoded = name.replace(/[^A-Za-z0-9._-]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  // `.` and `..` name folders of their own; an empty name would vanish between two slashes.
  if (encoded === '' || /^\.+$/.test(encoded)) return encoded.replaceAll('.', '%2E') || '%00';
  return encoded;
}

/** `prefix/path` without doubled or edge slashes (a bucket path may be given with either). */
export function underPrefix(prefix: string | undefined, path: string): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? path : `${trimmed}/${path}`;
}
