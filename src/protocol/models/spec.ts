/** The SPEC message (ConnectorSpecification of the Airbyte protocol), printed by `spec`. */
import { z } from 'zod';
import { DestinationSyncMode } from './destination-sync-mode.js';

const jsonObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a JSON object',
);

export const SpecMessage = z.looseObject({
  type: z.literal('SPEC'),
  spec: z.looseObject({
    documentationUrl: z.url().optional(),
    changelogUrl: z.url().optional(),
    connectionSpecification: jsonObject,
    supportsIncremental: z.boolean().optional(),
    supportsNormalization: z.boolean().optional(),
    supportsDBT: z.boolean().optional(),
    supported_destination_sync_modes: z.array(DestinationSyncMode).optional(),
    authSpecification: jsonObject.optional(),
    advanced_auth: jsonObject.optional(),
    protocol_version: z.string().optional(),
  }),
});
