/**
 * The STATE message (AirbyteStateMessage of the Airbyte protocol). Blobs (`stream_state`,
 * `shared_state`, LEGACY `data`) are objects whose content is the source's own business: they are
 * checked to be objects only, never walked, so a state nested arbitrarily deep validates. Unknown
 * fields pass. A state without `type` is LEGACY, as the protocol says.
 *
 * The connector reads states with this model (a STATE that breaks it is dropped, never echoed)
 * and the conformance suite checks every STATE it prints against it.
 */
import { z } from 'zod';
import { jsonObject } from './json-object.js';
import { StreamDescriptor } from './stream-descriptor.js';

const blob = jsonObject();

const count = z.number({ error: 'a count must be a number' });

export const StateStats = z.looseObject({ recordCount: count.optional(), rejectedRecordCount: count.optional() });

export const StreamState = z.looseObject({
  stream_descriptor: StreamDescriptor,
  stream_state: blob.optional(),
});

export const GlobalState = z.looseObject({
  shared_state: blob.optional(),
  stream_states: z.array(StreamState, { error: 'a GLOBAL state needs a "stream_states" array' }),
});

export const StatePayload = z
  .looseObject({
    type: z.enum(['STREAM', 'GLOBAL', 'LEGACY'], { error: 'the state "type" must be STREAM, GLOBAL or LEGACY' }).optional(),
    stream: StreamState.optional(),
    global: GlobalState.optional(),
    data: blob.optional(),
    sourceStats: StateStats.optional(),
    destinationStats: StateStats.optional(),
  })
  .refine((state) => state.type !== 'STREAM' || state.stream !== undefined, {
    message: 'a STREAM state needs stream.stream_descriptor',
    path: ['stream'],
  })
  .refine((state) => state.type !== 'GLOBAL' || state.global !== undefined, {
    message: 'a GLOBAL state needs global.stream_states',
    path: ['global'],
  });

export const StateMessage = z.looseObject({
  type: z.literal('STATE'),
  state: StatePayload,
});
export type StateMessage = z.infer<typeof StateMessage>;
