/**
 * What a run has done so far: the numbers of the progress lines and of the end-of-run summary.
 */
import type { ValueAdjustments } from '../mapping/types.js';
import type { DeliveryStats } from '../delivery/stats.js';
import type { RetryNote } from '../delivery/retry-reason.js';
import { describeRejections, RejectionTally } from './rejection-log.js';

export class RunCounters {
  recordsRead = 0;
  /** Records rejected while mapping (the engine counts those Heap refused). */
  rejectedByMapping = 0;
  invalidLines = 0;
  overlongLines = 0;
  ignoredMessages = 0;
  statesRead = 0;
  statesEchoed = 0;
  /** STATE messages that break the protocol's schema: dropped, never echoed. */
  invalidStates = 0;
  truncatedValues = 0;
  droppedLongKeys = 0;
  droppedIdKeys = 0;
  /** Rejected records per stream and reason, for the summary. */
  readonly rejections = new RejectionTally();
  overflowingNumbers = 0;
  /** Identities and account ids with leading or trailing spaces: kept as is. */
  paddedIdentifiers = 0;

  /** Input lines taken in, of every kind (each is counted once, under one of these); blank lines are none. */
  get inputLines(): number {
    return this.recordsRead + this.statesRead + this.invalidStates + this.ignoredMessages + this.invalidLines + this.overlongLines;
  }

  addAdjustments(adjustments: ValueAdjustments): void {
    this.truncatedValues += adjustments.truncatedValues;
    this.droppedLongKeys += adjustments.droppedLongKeys;
    this.droppedIdKeys += adjustments.droppedIdKeys;
    this.overflowingNumbers += adjustments.overflowingNumbers;
    if (adjustments.paddedIdentifier !== undefined) this.paddedIdentifiers += 1;
  }
}

export interface RunSnapshot {
  read: number;
  delivered: number;
  rejected: number;
  /** Records read but not yet delivered or rejected. */
  pending: number;
  requestsInFlight: number;
  retries: number;
  throttled: number;
  throttleWaits: number;
  requests: number;
  /** The latest failed attempt, while some batch waits to be retried; undefined otherwise. */
  retrying?: RetryNote | undefined;
  /** Users in user deletion requests Heap accepted. */
  usersDeleted?: number;
  /** Each accepted user deletion request's deletion_request_id, in order. */
  deletionRequestIds?: readonly string[];
  /** Identify requests Heap accepted. */
  identified?: number;
}

export function snapshot(counters: RunCounters, delivery: DeliveryStats, requestsInFlight: number): RunSnapshot {
  const rejected = counters.rejectedByMapping + delivery.rejected;
  return {
    read: counters.recordsRead,
    delivered: delivery.delivered,
    rejected,
    pending: counters.recordsRead - delivery.delivered - rejected,
    requestsInFlight,
    retries: delivery.retries,
    throttled: delivery.throttled,
    throttleWaits: delivery.throttleWaits,
    requests: delivery.requests,
    retrying: delivery.retrying > 0 ? delivery.lastRetry : undefined,
    usersDeleted: delivery.usersDeleted,
    deletionRequestIds: delivery.deletionRequestIds,
    identified: delivery.identified,
  };
}

/**
 * One progress line: `Progress: read 1200, delivered 1000, ..., 340 records/s, ...`, and while a
 * batch waits to be retried, why (`retryText`, see delivery/retry-reason.ts). `recordsPerSecond`
 * is the recent rate (since the previous line), so a stall shows as 0 at once.
 */
export function formatProgress(now: RunSnapshot, recordsPerSecond: number, retryText?: string): string {
  return (
    `Progress: read ${now.read}, delivered ${now.delivered}, rejected ${now.rejected}, pending ${now.pending} ` +
    `(${plural(now.requestsInFlight, 'request')} in flight), ${Math.round(recordsPerSecond)} records/s, ` +
    `retries ${now.retries}, throttle waits ${now.throttleWaits}, 429s ${now.throttled}` +
    privacyCounts(now) +
    (retryText === undefined ? '' : `; ${retryText}`)
  );
}

/** "1 request", "2 requests". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatSummary(now: RunSnapshot, counters: RunCounters, elapsedMs: number): string {
  return (
    `Summary: read ${plural(now.read, 'record')} in ${(elapsedMs / 1000).toFixed(1)} s; delivered ${now.delivered}, ` +
    `rejected ${now.rejected}, not delivered ${now.pending}; ${plural(now.requests, 'request')}, retries ${now.retries}, ` +
    `429s ${now.throttled}, throttle waits ${now.throttleWaits}; states received ${counters.statesRead}, ` +
    `echoed ${counters.statesEchoed}, invalid states dropped ${counters.invalidStates}; invalid lines ${counters.invalidLines}, overlong lines ${counters.overlongLines}, ` +
    `ignored messages ${counters.ignoredMessages}; truncated values ${counters.truncatedValues}, ` +
    `dropped long keys ${counters.droppedLongKeys}, dropped "id" user properties ${counters.droppedIdKeys}, ` +
    `numbers too large for a double left out ${counters.overflowingNumbers}, identities with leading or trailing spaces ${counters.paddedIdentifiers}` +
    privacyCounts(now) +
    deletionRequestList(now) +
    (counters.rejections.size > 0 ? `; rejected by stream and reason: ${describeRejections(counters.rejections)}` : '')
  );
}

/** `, users deleted 3 (1 deletion request), identifies 2`, when the run had any. */
export function privacyCounts(now: RunSnapshot): string {
  const requests = now.deletionRequestIds?.length ?? 0;
  if (requests === 0 && (now.identified ?? 0) === 0) return '';
  return `, users deleted ${now.usersDeleted ?? 0} (${plural(requests, 'deletion request')} accepted), identifies accepted ${now.identified ?? 0}`;
}

/** `; deletion_request_ids: a, b`, so an auditor can follow each request in Heap. */
export function deletionRequestList(now: RunSnapshot): string {
  const ids = now.deletionRequestIds ?? [];
  return ids.length === 0 ? '' : `; deletion_request_ids: ${ids.join(', ')}`;
}

/** The LOG INFO line of an accepted user deletion request: its id, never its users. */
export function deletionAccepted(id: string | undefined, users: number): string {
  const which = id === undefined ? 'a user deletion request (its answer held no deletion_request_id)' : `user deletion request ${id}`;
  return `Heap accepted ${which} for ${plural(users, 'user')}. Deletion is irreversible; follow the request on Heap's Privacy & Security page (Account > Manage > Privacy & Security) by its deletion_request_id.`;
}
