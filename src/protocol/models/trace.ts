/**
 * The TRACE message (AirbyteTraceMessage of the Airbyte protocol). The connector prints ERROR
 * traces; the other trace types are modelled as far as their required fields.
 */
import { z } from 'zod';
import { StreamDescriptor } from './stream-descriptor.js';

export const FailureType = z.enum(['system_error', 'config_error', 'transient_error']);

export const ErrorTrace = z.looseObject({
  message: z.string(),
  internal_message: z.string().optional(),
  stack_trace: z.string().optional(),
  failure_type: FailureType.optional(),
  stream_descriptor: StreamDescriptor.optional(),
});

const EstimateTrace = z.looseObject({
  name: z.string(),
  type: z.enum(['STREAM', 'SYNC']),
  namespace: z.string().optional(),
  row_estimate: z.int().optional(),
  byte_estimate: z.int().optional(),
});

const StreamStatusTrace = z.looseObject({
  stream_descriptor: StreamDescriptor,
  status: z.enum(['STARTED', 'RUNNING', 'COMPLETE', 'INCOMPLETE']),
  reasons: z
    .array(z.object({ type: z.literal('RATE_LIMITED'), rate_limited: z.object({ quota_reset: z.int().optional() }).optional() }))
    .optional(),
});

const AnalyticsTrace = z.looseObject({ type: z.string(), value: z.string().optional() });

export const TraceMessage = z.looseObject({
  type: z.literal('TRACE'),
  trace: z.looseObject({
    type: z.enum(['ERROR', 'ESTIMATE', 'STREAM_STATUS', 'ANALYTICS']),
    emitted_at: z.number(),
    error: ErrorTrace.optional(),
    estimate: EstimateTrace.optional(),
    stream_status: StreamStatusTrace.optional(),
    analytics: AnalyticsTrace.optional(),
  }),
});
