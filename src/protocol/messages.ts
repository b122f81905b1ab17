/**
 * AirbyteMessage shapes the connector reads. The schemas are loose: unknown fields pass through
 * untouched, states above all. (What it writes is built in output-messages.ts and modelled in
 * models/.)
 */
import { z } from 'zod';
import { jsonObject } from './models/json-object.js';
import { ExactNumber } from '../input/exact-number.js';

const plainObject = jsonObject();

export const RecordMessage = z.looseObject({
  type: z.literal('RECORD'),
  record: z.looseObject({
    stream: z.string().min(1, 'must be a non-empty stream name'),
    namespace: z.string().nullish(),
    data: plainObject,
    emitted_at: z.union([z.number(), z.custom<ExactNumber>((value) => value instanceof ExactNumber)]).optional(),
  }),
});
export type RecordMessage = z.infer<typeof RecordMessage>;

/** STATE messages are read with the protocol model the suite checks the echo against. */
export { StateMessage } from './models/state.js';

/** Message types a destination reads but has nothing to do with. */
export const IGNORED_TYPES = new Set(['LOG', 'TRACE', 'CONTROL', 'SPEC', 'CATALOG', 'CONNECTION_STATUS']);

/** The stream identity used everywhere: namespace (null and absent are the same) and name. */
export function streamKey(name: string, namespace: string | null | undefined): string {
  return namespace === null || namespace === undefined ? name : `${namespace}\u0000${name}`;
}

/** How a stream is named to people: `namespace.name`, or `name` without a namespace. */
export function streamLabel(name: string, namespace: string | null | undefined): string {
  return namespace === null || namespace === undefined ? name : `${namespace}.${name}`;
}
