/**
 * StreamDescriptor of the Airbyte protocol
 * (https://github.com/airbytehq/airbyte-protocol/blob/main/protocol-models/src/main/resources/airbyte_protocol/airbyte_protocol.yaml):
 * `name` is required. `namespace` is a string, or null meaning "no namespace" (hosts write
 * `"namespace": null`, and such a message is echoed as received).
 */
import { z } from 'zod';

export const StreamDescriptor = z.looseObject({
  name: z.string({ error: 'a stream descriptor needs a "name" string' }).min(1, 'a stream descriptor needs a non-empty "name"'),
  namespace: z.string({ error: 'a "namespace" must be a string or null' }).nullable().optional(),
});
export type StreamDescriptor = z.infer<typeof StreamDescriptor>;
