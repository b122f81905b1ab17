/**
 * The DESTINATION_CATALOG message (DestinationCatalog of the Airbyte protocol), printed by
 * `discover`: the operations the destination can perform, each on one object with one sync mode.
 */
import { z } from 'zod';
import { DestinationSyncMode } from './destination-sync-mode.js';
import { jsonObject } from './json-object.js';

export const DestinationOperation = z.looseObject({
  object_name: z.string(),
  sync_mode: DestinationSyncMode,
  json_schema: jsonObject('must be a JSON object (a JSON schema)'),
  matching_keys: z.array(z.array(z.string())).optional(),
});

export const DestinationCatalogMessage = z.looseObject({
  type: z.literal('DESTINATION_CATALOG'),
  destination_catalog: z.looseObject({ operations: z.array(DestinationOperation) }),
});
