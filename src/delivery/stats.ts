/** Counters of the delivery engine, for progress lines, the summary and benchmarks. */
import type { RetryNote } from './retry-reason.js';

export class DeliveryStats {
  /** HTTP requests sent, retries included. */
  requests = 0;
  /** Records delivered (a merged upsert counts each record). */
  delivered = 0;
  /** Records Heap refused and that were isolated by splitting. */
  rejected = 0;
  /** Attempts that were retried (429, 5xx, timeouts, connection errors). */
  retries = 0;
  /** 429 answers from Heap. */
  throttled = 0;
  /** Times a batch waited for the client-side rate budget. */
  throttleWaits = 0;
  /** Batches split to isolate refused items. */
  splits = 0;
  /** Batches waiting in retry backoff right now. */
  retrying = 0;
  /** The latest failed attempt that is being retried (kept after it succeeds; read it with `retrying`). */
  lastRetry: RetryNote | undefined = undefined;
  /** Each user deletion request Heap accepted, by its deletion_request_id, in order. */
  readonly deletionRequestIds: string[] = [];
  /** Users in the deletion requests Heap accepted. */
  usersDeleted = 0;
  /** Identify requests Heap accepted. */
  identified = 0;
}
