/**
 * Builders for the AirbyteMessages the connector writes. Kept apart from the input schemas so the
 * entry file and `spec` load no validation library.
 */
import type { FailureType } from '../errors.js';

export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export interface OutputMessage {
  type: string;
  [payload: string]: unknown;
}

export function logMessage(level: LogLevel, message: string): OutputMessage {
  return { type: 'LOG', log: { level, message } };
}

export function traceError(
  error: { message: string; internalMessage: string; failureType: FailureType; stack?: string | undefined },
  emittedAt: number,
): OutputMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: emittedAt,
      error: {
        message: error.message,
        internal_message: error.internalMessage,
        failure_type: error.failureType,
        ...(error.stack === undefined ? {} : { stack_trace: error.stack }),
      },
    },
  };
}

export function connectionStatus(status: 'SUCCEEDED' | 'FAILED', message?: string): OutputMessage {
  return { type: 'CONNECTION_STATUS', connectionStatus: message === undefined ? { status } : { status, message } };
}

