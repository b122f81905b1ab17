/**
 * AirbyteMessage shapes as the suite sees them, and builders for the input side (records,
 * the three kinds of state, catalogs). Shapes are deliberately loose: unknown fields pass
 * through, and tests assert on the parts the contract fixes.
 */

export type JsonObject = Record<string, unknown>;

export interface AirbyteMessage extends JsonObject {
  type: string;
}

export interface StateStats {
  recordCount: number;
  rejectedRecordCount: number;
}

/** The `state` payload of a STATE message. */
export interface StatePayload extends JsonObject {
  type?: 'STREAM' | 'GLOBAL' | 'LEGACY';
  destinationStats?: StateStats;
}

export interface StateMessage extends AirbyteMessage {
  type: 'STATE';
  state: StatePayload;
}

export interface RecordMessage extends AirbyteMessage {
  type: 'RECORD';
  record: { stream: string; namespace?: string | null; data: JsonObject; emitted_at: number };
}

export interface TraceError extends JsonObject {
  message: string;
  internal_message?: string;
  failure_type: 'system_error' | 'config_error' | 'transient_error';
}

export interface TracePayload extends JsonObject {
  type: string;
  emitted_at: number;
  error?: TraceError;
}

export interface LogPayload extends JsonObject {
  level: string;
  message: string;
}

export interface ConnectionStatusPayload extends JsonObject {
  status: 'SUCCEEDED' | 'FAILED';
  message?: string;
}

/** A fixed emitted_at, so the same input is byte-for-byte the same across runs. */
export const EMITTED_AT = 1_700_000_000_000;

export function record(
  stream: string,
  data: JsonObject,
  options: { namespace?: string | null; emittedAt?: number } = {},
): RecordMessage {
  return {
    type: 'RECORD',
    record: {
      stream,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      data,
      emitted_at: options.emittedAt ?? EMITTED_AT,
    },
  };
}

/** A STREAM state; `extra` adds fields to the state payload (e.g. `id`, `sourceStats`). */
export function streamState(
  stream: string,
  state: unknown,
  options: { namespace?: string | null; extra?: JsonObject } = {},
): StateMessage {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: {
        stream_descriptor: {
          name: stream,
          ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        },
        stream_state: state,
      },
      ...options.extra,
    },
  };
}

export function globalState(
  sharedState: unknown,
  streams: { name: string; namespace?: string | null; state: unknown }[],
  extra: JsonObject = {},
): StateMessage {
  return {
    type: 'STATE',
    state: {
      type: 'GLOBAL',
      global: {
        shared_state: sharedState,
        stream_states: streams.map((s) => ({
          stream_descriptor: { name: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}) },
          stream_state: s.state,
        })),
      },
      ...extra,
    },
  };
}

/** A LEGACY state: no `type`, the whole state in `data`. */
export function legacyState(data: unknown, extra: JsonObject = {}): StateMessage {
  return { type: 'STATE', state: { data, ...extra } };
}

export interface StreamOptions {
  namespace?: string;
  primaryKey?: string[][];
  syncMode?: 'full_refresh' | 'incremental';
  destinationSyncMode?: string;
}

export interface ConfiguredStream extends JsonObject {
  stream: JsonObject & { name: string };
  sync_mode: string;
  destination_sync_mode: string;
}

export function configuredStream(name: string, options: StreamOptions = {}): ConfiguredStream {
  return {
    stream: {
      name,
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      json_schema: { type: 'object', properties: {} },
      supported_sync_modes: ['full_refresh', 'incremental'],
    },
    sync_mode: options.syncMode ?? 'incremental',
    destination_sync_mode: options.destinationSyncMode ?? 'append',
    ...(options.primaryKey !== undefined ? { primary_key: options.primaryKey } : {}),
  };
}

/** A ConfiguredAirbyteCatalog; a bare name is a stream with default options. */
export function catalog(...streams: (string | ConfiguredStream)[]): { streams: ConfiguredStream[] } {
  return { streams: streams.map((s) => (typeof s === 'string' ? configuredStream(s) : s)) };
}

/** The echo the contract asks for: the input state payload, every field kept, plus destinationStats. */
export function echoOf(input: StateMessage, recordCount: number, rejectedRecordCount = 0): StatePayload {
  return { ...input.state, destinationStats: { recordCount, rejectedRecordCount } };
}

/** A state payload without the destination's stats, to compare with the input. */
export function withoutStats(state: StatePayload): StatePayload {
  const { destinationStats: _stats, ...rest } = state;
  return rest;
}
