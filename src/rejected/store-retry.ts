/**
 * How often a store write is tried, the policy: a few attempts with doubling delays, so a store
 * that hiccups is ridden out and one that is down fails the sync within seconds, not minutes
 * (the states behind the unstored records wait meanwhile).
 */

export interface StoreRetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt (ms); each later one doubles it. */
  firstDelayMs: number;
}

export const DEFAULT_STORE_RETRY: StoreRetryOptions = { attempts: 5, firstDelayMs: 250 };

/** The delay (ms) before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or undefined: give up. */
export function storeRetryDelay(attempt: number, options: StoreRetryOptions = DEFAULT_STORE_RETRY): number | undefined {
  return attempt >= options.attempts ? undefined : options.firstDelayMs * 2 ** (attempt - 1);
}
