/**
 * A store of kept records, the mechanism: it writes parts and proves it can. Which lines go into
 * which part, when, and how often to try again is the keeper's (keeper.ts).
 */

export type WriteResult = 'written' | 'exists';

export interface PartStore {
  /** The store as messages name it: a folder, or `s3://bucket/prefix` (never a credential). */
  readonly where: string;
  /**
   * True when more lines can be added to a part already written (a local file); false when every
   * write is a whole object (S3), so each write starts a part.
   */
  readonly appendable: boolean;
  /**
   * Writes `text` at `path` (below the store's root): a new part when `fresh` (never over one that
   * exists: resolves `exists` instead), else appended to the part. Resolves once the text is
   * durable (flushed to disk, or the upload acknowledged).
   */
  write(path: string, text: string, fresh: boolean, signal: AbortSignal): Promise<WriteResult>;
  /** The part's full name for the user: a file path or an `s3://` URL. */
  name(path: string): string;
  /** Proves the store takes a part (and lets go of it); throws a StoreProbeError saying which step failed. */
  probe(signal: AbortSignal): Promise<void>;
  close(): void;
}

/** A store's probe failed at one step, for `check` to say which. */
export class StoreProbeError extends Error {
  override readonly name = 'StoreProbeError';
  constructor(
    /** The step that failed, e.g. "writing a probe object". */
    readonly step: string,
    /** What went wrong (no credential in it). */
    readonly detail: string,
  ) {
    super(`${step} failed: ${detail}`);
  }
}

/** The name of a probe part: distinct per check, out of the way of kept records. */
export function probeName(random: () => number = Math.random): string {
  return `.destination-heap-check-${Date.now()}-${Math.floor(random() * 1e9).toString(36)}`;
}
