/**
 * The connector's error model. Every error that can end a run has a stable `code`, a
 * user-facing `message` (what went wrong and what to do), an optional `internalMessage` for
 * operators, and maps to exactly one Airbyte `failure_type` here.
 */
export type FailureType = 'config_error' | 'system_error' | 'transient_error';

export abstract class ConnectorError extends Error {
  abstract readonly code: string;
  abstract readonly failureType: FailureType;
  readonly internalMessage: string;

  constructor(message: string, options: { internalMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.internalMessage = options.internalMessage ?? message;
  }
}

/** The config, the catalog or the input disagrees with what the connector can do: fix the config. */
export class ConfigError extends ConnectorError {
  readonly code: string;
  readonly failureType = 'config_error' as const;
  constructor(code: string, message: string, options: { internalMessage?: string; cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** Heap refused every record alike, each one alone too (src/delivery/wholesale-refusal.ts): not the records' fault. */
export class WholesaleRefusalError extends ConnectorError {
  readonly code = 'HEAP_REFUSED_EVERYTHING';
  readonly failureType = 'system_error' as const;
}

/** Heap refused the credentials or the app (401/403): fix the config. */
export class HeapAuthError extends ConnectorError {
  readonly code = 'HEAP_AUTH_REFUSED';
  readonly failureType = 'config_error' as const;
}

/** Heap kept failing past the retry time limit: wait and run the sync again. */
export class RetriesExhaustedError extends ConnectorError {
  readonly code = 'RETRIES_EXHAUSTED';
  readonly failureType = 'transient_error' as const;
}

/** A record could not be mapped and `invalid_record_policy` is "fail": fix the data or the mapping. */
export class RecordRejectedError extends ConnectorError {
  readonly code = 'RECORD_REJECTED';
  readonly failureType = 'config_error' as const;
}

/** The store of rejected records kept failing past its retries (src/rejected/): fix the store, then run the sync again. */
export class RejectedStoreError extends ConnectorError {
  readonly code = 'REJECTED_STORE_FAILED';
  readonly failureType = 'system_error' as const;
}

/** A bug or an unexpected condition inside the connector. */
export class InternalError extends ConnectorError {
  readonly code = 'INTERNAL';
  readonly failureType = 'system_error' as const;
}

/** Wraps anything thrown into a ConnectorError, keeping the original as `cause`. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const message =
    "The connector hit an unexpected error (a bug). The TRACE's internal_message and stack trace hold the details; please report them with the connector version.";
  return new InternalError(message, { internalMessage: detail, cause: error });
}
