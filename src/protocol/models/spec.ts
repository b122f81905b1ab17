/** The SPEC message (ConnectorSpecification of the Airbyte protocol), printed by `spec`. */
import { z } from 'zod';
import { jsonObject } from './json-object.js';
import { DestinationSyncMode } from './destination-sync-mode.js';

const object = jsonObject();

export const SpecMessage = z.looseObject({
  type: z.literal('SPEC'),
  spec: z.looseObject({
    documentationUrl: z.url().optional(),
    changelogUrl: z.url().optional(),
    connectionSpecification: object,
    supportsIncremental: z.boolean().optional(),
    supportsNormalization: z.boolean().optional(),
    supportsDBT: z.boolean().optional(),
    supported_destination_sync_modes: z.array(DestinationSyncMode).optional(),
    authSpecification: object.optional(),
    advanced_auth: object.optional(),
    protocol_version: z.string().optional(),
  }),
});
